"""The HTML pages: search (``/``), the reader (``/doc/<id>``), permalinks (``/p/<id>``),
the interface-language switch and the OpenSearch description.

Every page works without JavaScript; the only markup taken from the library is its HTML
formatter's (escaped text and ``<mark>``), for highlighted passages.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from search import QueryError, formatters, fragments
from search.request import MAX_OFFSET
from search.styles import STYLES
from search.syntax import MAX_QUERY_CHARS

from . import i18n
from .api import searcher
from .citing import current_style
from .errors import ClientError, Param
from .openapi import DOC, EXPAND, LANG, SORT, Q

bp = Blueprint("pages", __name__)

EXCERPT_CHARS = 480
# Queries with nothing to search but common words or symbols: a hint, not an error.
GENTLE = frozenset({"nothing_searchable", "no_word_chars", "empty"})
EXAMPLES = ("Xocalı", "резолюция", '"Casablanca summit"', "qətnamə*")


# -- highlighted text ---------------------------------------------------------------
def marked(result: dict[str, Any]) -> Markup:
    """A search result's passage with its matches marked (the library's HTML formatter)."""
    return Markup(result["highlight"])


def excerpt(result: dict[str, Any], width: int = EXCERPT_CHARS) -> Markup:
    """Up to *width* characters of a search result's passage, around its first match."""
    return Markup(formatters.html(fragments.excerpt(result["text"], result["marks"], width)))


# -- links ----------------------------------------------------------------------------
def search_url(q: str | None, lang: str | None = None, doc: str | None = None, page: int = 1,
               expand: bool = True, sort: str = "relevance") -> str:
    """A search-page address with only the parameters that are set."""
    return url_for("pages.search", q=q or None, lang=lang or None, doc=doc or None,
                   page=page if page > 1 else None, expand=None if expand else "false",
                   sort=None if sort == "relevance" else sort)


@dataclass(frozen=True)
class Place:
    """Where a reader is in the results: the query, its filters, the page and expansion."""

    q: str = ""
    lang: str | None = None
    doc: str | None = None
    page: int = 1
    expand: bool = True
    sort: str = "relevance"

    def url(self, **changes: Any) -> str:
        """The search page with *changes*; changing what is searched goes back to page 1."""
        if "page" not in changes:
            changes["page"] = 1 if changes else self.page
        p = replace(self, **changes)
        return search_url(p.q, p.lang, p.doc, p.page, p.expand, p.sort)

    def args(self) -> dict[str, Any]:
        """The place as query parameters of a reader address, so the reader can lead back."""
        return {"lang": self.lang, "doc": self.doc, "page": self.page if self.page > 1 else None,
                "expand": None if self.expand else "false", "sort": None if self.sort == "relevance" else self.sort}


def reader_url(doc_id: str, number: int | None = None, q: str | None = None, place: Place | None = None) -> str:
    back = place.args() if place and q else {}
    return url_for("pages.reader", doc_id=doc_id, q=q or None, **back, _anchor=f"p{number}" if number else None)


def safe_next(target: str | None) -> str:
    """*target* if it is a path on this site, else ``/`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return "/"
    return target


@bp.record_once
def _template_helpers(state: BlueprintSetupState) -> None:
    state.app.jinja_env.globals.update(search_url=search_url, reader_url=reader_url, excerpt=excerpt,
                                       marked=marked, Place=Place)


@bp.app_context_processor
def _here() -> dict:
    return {"here": request.full_path.rstrip("?")}


# -- pages ------------------------------------------------------------------------------
def _page_param(per_page: int) -> Param:
    return Param("page", "integer", "Result page.", default=1, minimum=1, maximum=MAX_OFFSET // per_page + 1)


def _pages(page: int, total: int, per_page: int) -> dict:
    last = max(1, min(math.ceil(total / per_page), MAX_OFFSET // per_page + 1))
    window = [n for n in range(page - 2, page + 3) if 1 <= n <= last]
    return {"page": page, "last": last, "window": window}


def _place(args: Mapping[str, str], per_page: int, known: Mapping[str, str]) -> Place:
    """The search state named by *args*, documents checked against *known* ids (a 400
    naming the parameter when one is bad)."""
    doc = DOC.read(args)
    if doc is not None and doc not in known:
        raise ClientError(400, "bad_param", f"Unknown document '{doc}': see /api/docs for the ids.", "doc",
                          key="unknown_doc", details={"doc": doc[:64]})
    return Place((args.get("q") or "").strip(), LANG.read(args), doc, _page_param(per_page).read(args),
                 EXPAND.read(args), SORT.read(args))


def _lenient_place(args: Mapping[str, str], per_page: int) -> Place:
    """The search state a reader was opened from; a bad part is dropped rather than refused."""
    try:
        return _place(args, per_page, {d["id"]: d["id"] for d in searcher().documents()})
    except ClientError:
        return Place((args.get("q") or "").strip())


DOC_FACET_LIMIT = 15   # a library of a thousand texts offers its best-matching ones, not all


def doc_facet(docs: Mapping[str, dict], listed: Mapping[str, int], selected: str | None) -> list[dict]:
    """The documents the filter offers: the selected one, then those the library listed for
    the facet (*listed*: the ones with most hits, most first); *docs* by id."""
    first = [docs[selected]] if selected is not None and selected in docs else []
    return first + [docs[d] for d in listed if d != selected and d in docs]


def grouped(results: list[dict]) -> list[dict]:
    """The page's passages by document, in the order each document first appears: its best
    passage first and the others after it, so a title is shown once per document."""
    groups: dict[str, dict] = {}
    for r in results:
        g = groups.setdefault(r["doc_id"], {"first": r, "more": []})
        if g["first"] is not r:
            g["more"].append(r)
    return list(groups.values())


@bp.get("/")
def search() -> tuple[str, int]:
    """Example: /?q=Xocalı&lang=az"""
    s = searcher()
    per_page = current_app.config["RESULTS_PER_PAGE"]
    q = (request.args.get("q") or "").strip()
    place, body, status = Place(q), None, 200
    error: Exception | None = None
    gentle: QueryError | None = None
    docs = s.documents()
    by_id = {d["id"]: d for d in docs}
    titles = {d["id"]: d.get("display_title") or d["id"] for d in docs}
    records = {d["id"]: d["csl"] for d in docs}
    try:
        place = _place(request.args, per_page, titles)
        if q:
            Q.read({"q": q})  # a 400 naming q when it is too long
            body = s.search(q, lang=place.lang, doc=place.doc, limit=per_page, offset=(place.page - 1) * per_page,
                            expand=place.expand, style=current_style(), ui=i18n.current(), sort=place.sort,
                            facet_docs=DOC_FACET_LIMIT)
    except QueryError as e:
        if e.key in GENTLE:
            gentle = e
        else:
            error, status = e, 400
    except ClientError as e:
        error, status = e, 400
    doc_langs = {d["id"]: d.get("language") for d in docs}
    pages = _pages(place.page, body["total"], per_page) if body else None
    groups = grouped(body["results"]) if body else []
    counts = body["filtered_facets"] if body else None
    facet_docs = doc_facet(by_id, counts["doc"], place.doc) if counts else []
    left_out = body["more_docs"]["filtered_facets"] if body else {"documents": 0, "passages": 0}
    in_all_docs = sum(counts["doc"].values()) + left_out["passages"] if counts else 0
    return render_template("search.html", q=q, lang=place.lang, doc=place.doc, place=place, body=body,
                           error=error, gentle=gentle, pages=pages, counts=counts, facet_docs=facet_docs,
                           more_docs=left_out["documents"], in_all_docs=in_all_docs, groups=groups, documents=docs,
                           titles=titles, doc_langs=doc_langs, records=records, examples=EXAMPLES), status


@bp.get("/doc/<doc_id>")
def reader(doc_id: str) -> str:
    """Example: /doc/mammadzade-2022?q=Xocalı#p14"""
    document = searcher().document(doc_id, style=current_style(), ui=i18n.current())
    place = _lenient_place(request.args, current_app.config["RESULTS_PER_PAGE"])
    q = place.q
    matches: dict[int, dict[str, Any]] = {}
    notice: Exception | None = None
    if q:
        try:
            Q.read({"q": q})
            matches = searcher().matches(doc_id, q, current_app.config["READER_MATCH_LIMIT"], place.expand)
        except (ClientError, QueryError) as e:
            notice = e
    order = list(matches)
    around = {n: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None, i + 1)
              for i, n in enumerate(order)}
    return render_template("document.html", doc=document, q=q, place=place, matches=matches, order=order,
                           around=around, notice=notice, cite=request.args.get("cite", type=int),
                           breaks=page_breaks(document), page_urls=page_urls(document))


def page_urls(document: dict) -> dict[str, str]:
    """Each page label's link into the original PDF (``/files/<id>#page=4``: 4 is the file's page)."""
    if document.get("format") != "pdf":
        return {}
    base = url_for("uploads.original", doc_id=document["id"])
    return {label: f"{base}#page={n}" for n, label in enumerate(document.get("page_labels", ()), 1)}


def page_breaks(document: dict) -> dict[int, list[str]]:
    """The page labels to mark before each passage: every page not yet marked, up to the one it starts on."""
    labels = list(document.get("page_labels", ()))
    out: dict[int, list[str]] = {}
    shown = 0
    for p in document["passages"]:
        if p.get("page") in labels[shown:]:
            upto = labels.index(p["page"], shown) + 1
            out[p["passage"]] = labels[shown:upto]
            shown = upto
    return out


@bp.get("/p/<passage_id>")
def permalink(passage_id: str) -> BaseResponse:
    """``/p/doc:14`` or ``/p/doc@<fingerprint>`` → the passage in its document (302)."""
    rec = searcher().passage(passage_id)
    q = (request.args.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        q = ""
    return redirect(reader_url(rec["doc_id"], rec["passage"], q), 302)


@bp.get("/ui/<lang>")
def switch_language(lang: str) -> BaseResponse:
    """Set the interface language (a cookie), then go back to where the reader was."""
    if lang not in i18n.UI_LANGS:
        raise ClientError(404, "not_found", f"No interface language '{lang[:8]}': use one of "
                                            f"{', '.join(i18n.UI_LANGS)}.", key="no_ui_lang",
                          details={"lang": lang[:8], "choices": ", ".join(i18n.UI_LANGS)})
    response = redirect(safe_next(request.args.get("next")), 303)
    response.set_cookie(current_app.config["UI_LANG_COOKIE"], lang, samesite="Lax", httponly=True,
                        secure=request.is_secure, max_age=current_app.config["UI_LANG_COOKIE_DAYS"] * 86400)
    return response


@bp.get("/style")
def switch_style() -> BaseResponse:
    """Remember the chosen citation style (a cookie), then go back to where the reader was."""
    key = request.args.get("style", "")
    if key not in STYLES:
        raise ClientError(400, "bad_param", f"Unknown citation style '{key[:40]}' in 'style': use one of "
                                            f"{', '.join(STYLES)}.", "style")
    response = redirect(safe_next(request.args.get("next")), 303)
    response.set_cookie(current_app.config["STYLE_COOKIE"], key, samesite="Lax", httponly=True,
                        secure=request.is_secure, max_age=current_app.config["UI_LANG_COOKIE_DAYS"] * 86400)
    return response


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """The OpenSearch description, so browsers can add Sanad as a search engine."""
    name = current_app.config["SITE_NAME"]
    page = url_for("pages.search", _external=True) + "?q={searchTerms}"
    api = url_for("api.search", _external=True) + "?q={searchTerms}"
    icon = url_for("static", filename="favicon.svg", _external=True)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
        f"  <ShortName>{xml_escape(name[:16])}</ShortName>\n"
        f"  <Description>{xml_escape(i18n.translate('en', 'site.footer'))}</Description>\n"
        "  <InputEncoding>UTF-8</InputEncoding>\n"
        f"  <Image type=\"image/svg+xml\">{xml_escape(icon)}</Image>\n"
        f"  <Url type=\"text/html\" method=\"get\" template={quoteattr(page)}/>\n"
        f"  <Url type=\"application/json\" method=\"get\" template={quoteattr(api)}/>\n"
        "</OpenSearchDescription>\n"
    )
    return Response(xml, mimetype="application/opensearchdescription+xml")


__all__ = ["bp", "excerpt", "marked", "reader_url", "safe_next", "search_url"]
