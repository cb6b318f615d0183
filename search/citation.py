"""Citations in a chosen style and interface language, rendered by citeproc-py from the
record's CSL-JSON (``csl.py``): only what the catalogue knows, nothing invented.

A document's citation is its reference-list entry. A passage's is the style's citation
form (the footnote in a notes style, "(Author year, …)" otherwise) with the pinpoint: the
printed page where the passage has one, else its paragraph number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from types import ModuleType
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON

from .csl import SHARES_AUTHORS, SUPPLIED, to_csl
from .export import bibtex as bibtex_entries
from .styles import DEFAULT_STYLE, LOCALES, STYLES, check_style, csl_locale, load

# A bracketed (cataloguer-supplied) title is a description, not a quoted title, in every style.
_QUOTED_SUPPLIED = re.compile(r"[“«\"]\[([^\]]*)\]([.,;:]?)[”»\"]")
_ITALIC_SUPPLIED = re.compile(r"<i>\[([^\]]*)\]([.,;:]?)</i>")     # nor in italics
_PLACEHOLDER = "9999999"
# (one page, a range) in each interface language.
_PAGE_WORDS = {"en": ("p.", "pp."), "ru": ("с.", "с."), "az": ("s.", "s.")}


@dataclass(frozen=True)
class Pinpoint:
    """Where in the document a passage is: a printed page (or range), else a paragraph."""

    label: str      # CSL locator label: "page" or "paragraph"
    value: str

    @property
    def is_range(self) -> bool:
        return "-" in self.value

    def text(self, lang: str = "en") -> str:
        """The pinpoint as a note says it: ``p. 219`` / ``с. 219`` / ``s. 219``, ``¶ 14``."""
        if self.label == "paragraph":
            return f"¶ {self.value}"
        word = _PAGE_WORDS.get(lang, _PAGE_WORDS["en"])[self.is_range]
        return f"{word} {self.value.replace('-', '–')}"


def pinpoint(fields: dict) -> Pinpoint | None:
    """The pinpoint of a stored passage: its printed pages, else its paragraph number."""
    first, last = str(fields.get("page_first") or ""), str(fields.get("page_last") or "")
    if first:
        return Pinpoint("page", first if last in ("", first) else f"{first}-{last}")
    number = fields.get("number")
    return Pinpoint("paragraph", str(number)) if number is not None else None


@dataclass(frozen=True)
class Rendered:
    """A record cited in one style: the reference-list entry and the citation proper, as
    plain text and as HTML (escaped text with the style's italics and bold)."""

    style: str
    reference: str
    citation: str
    reference_html: str
    citation_html: str


def render(item: dict, style: str | None = None, lang: str = "en", pin: Pinpoint | None = None) -> Rendered:
    """*item* (CSL-JSON) in *style* with the words of interface language *lang*."""
    chosen = check_style(style)
    key = chosen.key
    custom = item.get("custom") or {}
    # Another work of the same authors: a style without years in its citations adds the title.
    ambiguous = chosen.by_title and bool(custom.get(SHARES_AUTHORS))
    # Variables citeproc-py 0.11 does not know (it warns) and no offered style prints.
    item = {k: v for k, v in item.items() if k not in ("custom", "translated-title")}
    if custom.get(SUPPLIED):
        # A supplied title is a description, which every guide writes as it stands (no
        # headline capitals); citeproc-py title-cases only items in English.
        item["language"] = "zxx"
    blob = json.dumps(item, sort_keys=True, ensure_ascii=False)
    locale = csl_locale(lang)
    return Rendered(key, _reference(blob, key, locale, False), _pinpointed(blob, key, locale, pin, False, ambiguous),
                    _reference(blob, key, locale, True), _pinpointed(blob, key, locale, pin, True, ambiguous))


def _pinpointed(blob: str, style: str, locale: str, pin: Pinpoint | None, html: bool, ambiguous: bool) -> str:
    if pin is None or pin.is_range:
        return _citation(blob, style, locale, pin, html, ambiguous)
    # One rendering per style, label and record; the value itself is only filled in.
    return _citation(blob, style, locale, Pinpoint(pin.label, _PLACEHOLDER), html,
                     ambiguous).replace(_PLACEHOLDER, escape(pin.value))


def cite(meta: dict, number: int | None = None, *, style: str | None = None, lang: str = "en",
         page_first: str = "", page_last: str = "") -> str:
    """The citation of a document (its reference entry), or of its passage *number* or page."""
    item = to_csl(meta)
    if number is None and not page_first:
        return render(item, style, lang).reference
    pin = pinpoint({"number": number, "page_first": page_first, "page_last": page_last})
    return render(item, style, lang, pin).citation


def bibtex(meta: dict) -> str:
    """The BibTeX entry of a catalogue record."""
    return bibtex_entries([to_csl(meta)]).rstrip("\n")


def passage_citation(fields: dict, meta: dict, style: str | None = None, lang: str = "en") -> Rendered:
    """A stored passage cited with its pinpoint."""
    return render(to_csl(meta), style, lang, pinpoint(fields))


def citation_body(meta: dict, fields: dict | None = None, style: str | None = None, lang: str = "en") -> dict:
    """A document's citation (or, with its stored *fields*, a passage's) as the API answers it."""
    item = to_csl(meta)
    pin = pinpoint(fields) if fields is not None else None
    got = render(item, style, lang, pin)
    return {"id": item["id"], "style": got.style, "styles": {k: s.label for k, s in STYLES.items()},
            "reference": got.reference, "citation": got.citation, "reference_html": got.reference_html,
            "citation_html": got.citation_html, "pinpoint": pin.text(lang) if pin else "", "csl": item}


def _tidy(text: str, item: dict, locale: str, html: bool) -> str:
    """Fix what citeproc-py renders against the CSL specification."""
    text = re.sub(r"\s+", " ", text).strip()
    title = escape(item.get("title", ""), quote=False) if html else item.get("title", "")
    if not item.get("author") and title:
        # A title that stood in for the missing author is not repeated (CSL's substitute rule).
        again = re.compile(r"\s*(?:<i>)?[“«\"]?" + re.escape(title) + r"([.,]?)[”»\"]?(?:</i>)?", re.I)
        first = again.search(text)
        if first:
            text = text[:first.end()] + again.sub("", text[first.end():], count=1)
            text = re.sub(r"\.\s*\.$", ".", text)
    text = _QUOTED_SUPPLIED.sub(r"[\1]\2", text)
    text = _ITALIC_SUPPLIED.sub(r"[\1]\2", text)
    if locale == "en-US":
        # American usage (the locale's punctuation-in-quote) puts the period and comma inside.
        text = re.sub(r"”([.,])", r"\1”", text)
    return text


@lru_cache(maxsize=4096)
def _reference(blob: str, style: str, locale: str, html: bool) -> str:
    loaded = load(style, locale)
    item = _escaped(json.loads(blob)) if html else json.loads(blob)
    with loaded.lock:
        bib = CitationStylesBibliography(loaded.csl, CiteProcJSON([item]), _formatter(html))
        bib.register(Citation([CitationItem(item["id"])]))
        entries = [str(e) for e in bib.bibliography()]
    text = _tidy(" ".join(entries), item, locale, html).removeprefix("1. ").removeprefix("1.")
    # Chicago's notes style leaves private documents out of the bibliography (CMOS 18
    # 14.118): the note alone, without a pinpoint, then cites the whole document.
    return text or _citation(blob, style, locale, None, html, False)


@lru_cache(maxsize=4096)
def _citation(blob: str, style: str, locale: str, pin: Pinpoint | None, html: bool, ambiguous: bool) -> str:
    loaded = load(style, locale, ambiguous)
    item = _escaped(json.loads(blob)) if html else json.loads(blob)
    cite_item = CitationItem(item["id"], locator=Locator(pin.label, pin.value)) if pin else CitationItem(item["id"])
    with loaded.lock:
        bib = CitationStylesBibliography(loaded.csl, CiteProcJSON([item]), _formatter(html))
        citation = Citation([cite_item])
        bib.register(citation)
        text = str(bib.cite(citation, _unknown))
    return _tidy(text, item, locale, html)


def _formatter(html: bool) -> ModuleType:
    # citeproc-py's HTML formatter adds <i>, <b> and small-caps spans where the style says
    # and escapes its own words, but not the record's: ``_escaped`` does those.
    return formatter.html if html else formatter.plain


def _escaped(value: Any) -> Any:
    """*value* with every string in it escaped for HTML element content."""
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


def _unknown(item: CitationItem) -> None:
    raise KeyError(f"citation of an unregistered record '{item.key}'")


__all__ = [
    "DEFAULT_STYLE",
    "LOCALES",
    "Pinpoint",
    "Rendered",
    "bibtex",
    "citation_body",
    "cite",
    "passage_citation",
    "pinpoint",
    "render",
]
