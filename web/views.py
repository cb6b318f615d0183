"""The HTML pages: search (``/``), the reader (``/doc/<id>``), permalinks (``/p/<id>``),
the interface-language switch and the OpenSearch description.

Every page works without JavaScript; the library's ``highlight`` HTML is the only markup
taken from the library, and even that is re-emitted from its text (see ``excerpt``).
"""

from __future__ import annotations

import html
import math
import re
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from search import QueryError
from search.searcher import MAX_OFFSET

from . import i18n
from .api import check_doc, indexed_documents, searcher
from .errors import ClientError, Param
from .openapi import DOC, LANG, Q

bp = Blueprint("pages", __name__)

_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)
EXCERPT_CHARS = 480
EXAMPLES = ("Xocalı", "резолюция", '"Casablanca summit"', "qətnamə*")


# -- highlighted text ---------------------------------------------------------------
def _segments(highlight: str) -> list[tuple[str, bool]]:
    """The highlight HTML as (plain text, marked) pieces."""
    out, pos = [], 0
    for m in _MARK_RE.finditer(highlight):
        out.append((html.unescape(highlight[pos:m.start()]), False))
        out.append((html.unescape(m.group(1)), True))
        pos = m.end()
    out.append((html.unescape(highlight[pos:]), False))
    return [(text, marked) for text, marked in out if text]


def _emit(segments: list[tuple[str, bool]]) -> Markup:
    # Every piece is escaped here, once; the joined text is then safe as it stands.
    return Markup("".join(f"<mark>{escape(t)}</mark>" if m else escape(t) for t, m in segments))


def marked(highlight: str) -> Markup:
    """The library's highlight as safe HTML: its text escaped again, only ``<mark>`` kept."""
    return _emit(_segments(highlight))


def excerpt(highlight: str, width: int = EXCERPT_CHARS) -> Markup:
    """Up to *width* characters of a highlighted passage, around its first match."""
    segments = _segments(highlight)
    total = sum(len(t) for t, _ in segments)
    if total <= width:
        return _emit(segments)
    first, pos = 0, 0
    for text, is_mark in segments:
        if is_mark:
            first = pos
            break
        pos += len(text)
    start = max(0, first - width // 4)
    plain = "".join(t for t, _ in segments)
    if start:
        space = plain.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(total, start + width)
    if end < total:
        space = plain.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    cut, pos = [], 0
    for text, is_mark in segments:
        lo, hi = max(start, pos), min(end, pos + len(text))
        if lo < hi:
            cut.append((text[lo - pos:hi - pos], is_mark))
        pos += len(text)
    if start:
        cut.insert(0, ("… ", False))
    if end < total:
        cut.append((" …", False))
    return _emit(cut)


# -- links ----------------------------------------------------------------------------
def search_url(q: str | None, lang: str | None = None, doc: str | None = None, page: int = 1) -> str:
    """A search-page address with only the parameters that are set."""
    return url_for("pages.search", q=q or None, lang=lang or None, doc=doc or None,
                   page=page if page > 1 else None)


def reader_url(doc_id: str, number: int | None = None, q: str | None = None) -> str:
    return url_for("pages.reader", doc_id=doc_id, q=q or None, _anchor=f"p{number}" if number else None)


def safe_next(target: str | None) -> str:
    """*target* if it is a path on this site, else ``/`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return "/"
    return target


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.globals.update(search_url=search_url, reader_url=reader_url, excerpt=excerpt,
                                       marked=marked)


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


@bp.get("/")
def search() -> tuple[str, int]:
    """Example: /?q=Xocalı&lang=az"""
    s = searcher()
    per_page = current_app.config["RESULTS_PER_PAGE"]
    q = (request.args.get("q") or "").strip()
    lang = doc = body = error = None
    page, status = 1, 200
    docs = indexed_documents()
    try:
        lang, doc = LANG.read(request.args), check_doc(DOC.read(request.args))
        page = _page_param(per_page).read(request.args)
        if q:
            Q.read({"q": q})  # a 400 naming q when it is too long
            body = s.search(q, lang=lang, doc=doc, limit=per_page, offset=(page - 1) * per_page)
    except (ClientError, QueryError) as e:
        error, status = str(e), 400
    titles = {d["id"]: d.get("display_title") or d["id"] for d in docs}
    pages = _pages(page, body["total"], per_page) if body else None
    counts = _facet_counts(q, lang, doc, body) if body else None
    return render_template("search.html", q=q, lang=lang, doc=doc, body=body, error=error, pages=pages,
                           counts=counts, documents=docs, titles=titles, examples=EXAMPLES), status


def _facet_counts(q: str, lang: str | None, doc: str | None, body: dict) -> dict[str, dict[str, int]]:
    """Hits per language within the chosen document, and per document within the chosen language.

    The library counts facets over the whole corpus; with a filter on, each other facet's
    count is narrowed by one cheap count query per non-empty entry, so a count never
    promises hits that its link will not show.
    """
    s, facets = searcher(), body["facets"]
    by_lang, by_doc = dict(facets["lang"]), dict(facets["doc"])
    if doc:
        by_lang = {code: s.search(q, lang=code, doc=doc, limit=1)["total"]
                   for code, n in facets["lang"].items() if n}
    if lang:
        by_doc = {d: s.search(q, lang=lang, doc=d, limit=1)["total"] for d, n in facets["doc"].items() if n}
    return {"lang": by_lang, "doc": by_doc}


def _matches(doc_id: str, q: str) -> dict[int, str]:
    """Highlight HTML of every passage of *doc_id* that *q* matches, by passage number."""
    s, limit = searcher(), current_app.config["READER_MATCH_LIMIT"]
    found: dict[int, str] = {}
    offset = 0
    while len(found) < limit and offset <= MAX_OFFSET:
        body = s.search(q, doc=doc_id, limit=100, offset=offset)
        for r in body["results"]:
            found.setdefault(r["passage"], r["highlight"])
        offset += 100
        if offset >= body["total"] or not body["results"]:
            break
    return dict(sorted(found.items())[:limit])


@bp.get("/doc/<doc_id>")
def reader(doc_id: str) -> str:
    """Example: /doc/mammadzade-2022?q=Xocalı#p14"""
    document = searcher().document(doc_id)
    q = (request.args.get("q") or "").strip()
    matches: dict[int, str] = {}
    notice = None
    if q:
        try:
            Q.read({"q": q})
            matches = _matches(doc_id, q)
        except (ClientError, QueryError) as e:
            notice = str(e)
    order = list(matches)
    around = {n: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
              for i, n in enumerate(order)}
    return render_template("document.html", doc=document, q=q, matches=matches, order=order, around=around,
                           notice=notice, breaks=page_breaks(document), page_urls=page_urls(document))


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
def permalink(passage_id: str) -> Response:
    """``/p/doc:14`` or ``/p/doc@<fingerprint>`` → the passage in its document (302)."""
    rec = searcher().passage(passage_id)
    q = (request.args.get("q") or "").strip()
    if len(q) > Q.max_length:
        q = ""
    return redirect(reader_url(rec["doc_id"], rec["passage"], q), 302)


@bp.get("/ui/<lang>")
def switch_language(lang: str) -> Response:
    """Set the interface language (a cookie), then go back to where the reader was."""
    if lang not in i18n.UI_LANGS:
        raise ClientError(404, "not_found", f"No interface language '{lang[:8]}': use one of "
                                            f"{', '.join(i18n.UI_LANGS)}.")
    response = redirect(safe_next(request.args.get("next")), 303)
    response.set_cookie(current_app.config["UI_LANG_COOKIE"], lang, samesite="Lax", httponly=True,
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


__all__ = ["bp", "excerpt", "marked", "safe_next", "search_url", "reader_url"]
