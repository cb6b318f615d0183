"""Saved web pages: the article's text only, without navigation, sidebars and footers.

trafilatura (Apache-2.0 from 1.8) finds the main content; its own metadata is not used: it
splits "Last, First" authors, merges DC.creator into them and takes a "© 2024" footer for a
date. The ``citation_*``, Dublin Core and OpenGraph meta tags are read here instead.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ..analysis import LANGS
from ..catalog import decode_text
from .errors import IngestError
from .metadata import doi_in, merge, person, year_of
from .model import Extracted, Found
from .pages import clean

# (meta name, catalogue key), best first for each key.
_TAGS = [
    ("citation_title", "title"), ("dc.title", "title"), ("og:title", "title"),
    ("citation_author", "authors"), ("dc.creator", "authors"),
    ("citation_publication_date", "year"), ("citation_date", "year"), ("dc.date", "year"),
    ("citation_journal_title", "container"), ("citation_doi", "doi"), ("dc.identifier", "doi"),
    ("citation_language", "language"), ("dc.language", "language"),
]


class _Meta(HTMLParser):
    """Every ``<meta name|property=… content=…>`` and the ``<html lang>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, list[str]] = {}
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "").strip().lower()[:2]
        elif tag == "meta" and a.get("content", "").strip():
            name = (a.get("name") or a.get("property") or "").strip().lower()
            if name:
                self.tags.setdefault(name, []).append(" ".join(a["content"].split()))


def extract(data: bytes, path: Path) -> Extracted:
    import trafilatura

    page = decode_text(data, path)
    text = trafilatura.extract(page, include_comments=False, include_tables=True, favor_precision=True,
                               with_metadata=False)
    if not text or not text.strip():
        raise IngestError(path, "has no article text that could be told apart from the page around it; "
                                "save the article itself (or its text) and add that")
    # trafilatura puts each block (heading, paragraph, list item) on a line of its own.
    text = "\n\n".join(line.strip() for line in clean(text).split("\n") if line.strip())
    return Extracted("html", text, meta=merge(meta_tags(page), doi_in(text)))


def meta_tags(page: str) -> dict[str, Found]:
    parser = _Meta()
    parser.feed(page)
    out: dict[str, Found] = {}
    for name, key in _TAGS:
        values = parser.tags.get(name)
        if not values or key in out:
            continue
        source = f"the page's <meta name=\"{name}\">"
        if key == "authors":
            out[key] = Found([person(v) for v in values], source)
        elif key == "year":
            year = year_of(values[0])
            if year:
                out[key] = Found(str(year), source)
        elif key == "language":
            if values[0].lower()[:2] in LANGS:
                out[key] = Found(values[0].lower()[:2], source)
        elif key != "doi" or values[0].lower().removeprefix("doi:").startswith("10."):
            out[key] = Found(values[0].removeprefix("doi:") if key == "doi" else values[0], source)
    if "language" not in out and parser.lang in LANGS:
        out["language"] = Found(parser.lang, "the page's <html lang>")
    return out
