"""The citation style a reader chose (remembered in a cookie, like the interface language),
and what pages need to cite: export links, Zotero's meta tags, COinS.

The style comes from ``?style=`` on the request, else the cookie, else the
``CITATION_STYLE`` setting; the citation's words come from the interface language.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask, Response, current_app, request, url_for
from markupsafe import Markup, escape

from search.export import FORMATS, export, with_note
from search.styles import STYLES
from search.zotero import coins, meta_tags

from . import i18n


def current_style() -> str:
    """The citation style for this request."""
    for chosen in (request.args.get("style"), request.cookies.get(current_app.config["STYLE_COOKIE"])):
        if chosen in STYLES:
            return chosen
    return current_app.config["CITATION_STYLE"]


def without_style(path: str) -> str:
    """*path* without its ``style=`` parameter, where the style switch sends the reader back
    (the parameter would override the style just chosen)."""
    parts = urlsplit(path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "style"])
    return urlunsplit(("", "", parts.path, query, parts.fragment))


def export_url(doc_id: str, fmt: str, passage: int | None = None) -> str:
    """Where the export of a document (or one of its passages) in *fmt* is served."""
    return url_for("api.cite", doc_id=doc_id, format=fmt, passage=passage, style=current_style(),
                   ui=i18n.current())


def export_results_url(doc_ids: list[str], fmt: str) -> str:
    """The export of the documents behind a page of results, each once, in order."""
    return url_for("api.export", docs=",".join(dict.fromkeys(doc_ids)), format=fmt)


def export_body(items: list[dict], fmt: str, name: str) -> Response:
    """An export file as a download named *name* with the format's extension."""
    mime, ext = FORMATS[fmt]
    response = Response(export(items, fmt), mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


def passage_items(body: dict) -> list[dict]:
    """The CSL-JSON a citation body exports: its record, with the passage's pinpoint in the note."""
    return [with_note(body["csl"], body.get("pinpoint"))]


def zotero_tags(doc: dict) -> Markup:
    """The Highwire ``citation_*`` meta tags of a document page (Zotero, Google Scholar)."""
    pdf = None
    if str(doc.get("file", "")).lower().endswith(".pdf"):
        pdf = request.host_url.rstrip("/") + f"/files/{doc['id']}"
    return Markup("\n  ".join(f'<meta name="{name}" content="{escape(value)}">'
                              for name, value in meta_tags(doc["csl"], pdf)))


_STYLE_TAG = re.compile(r"(</?(?:i|b|sup|sub)>|<span style=\"font-variant:small-caps;\">|</span>)")


def rich(citation_html: str) -> Markup:
    """A citation's HTML as safe markup: the style's italics, bold, super- and subscripts and
    small capitals kept, anything else in it shown as text."""
    pieces = _STYLE_TAG.split(citation_html)
    return Markup("".join(p if i % 2 else str(escape(unescape(p))) for i, p in enumerate(pieces)))


_COINS_KEPT = 4096
_coins: dict[int, tuple[dict, Markup]] = {}     # id of a record -> (the record, its span)


def coins_span(csl: dict) -> Markup:
    """A COinS span: Zotero finds one per result and offers to save them all. Remembered per
    record (a build's records are made once and never changed): a results page shows ten, and
    writing one cost more than the rest of its result."""
    kept = _coins.get(id(csl))
    if kept is not None and kept[0] is csl:
        return kept[1]
    span = Markup(f'<span class="Z3988" title="{escape(coins(csl))}"></span>')
    if len(_coins) >= _COINS_KEPT:
        _coins.clear()
    _coins[id(csl)] = (csl, span)       # the record is held, so its id is not reused meanwhile
    return span


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(styles=STYLES, export_formats=tuple(FORMATS), export_url=export_url,
                                 export_results_url=export_results_url, zotero_tags=zotero_tags,
                                 coins_span=coins_span, without_style=without_style, rich=rich)

    @app.context_processor
    def style() -> dict:
        return {"cite_style": current_style()}


__all__ = ["coins_span", "current_style", "export_body", "export_results_url", "export_url", "init_app",
           "passage_items", "rich", "without_style", "zotero_tags"]
