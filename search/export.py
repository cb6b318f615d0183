"""Reference-manager exports of CSL-JSON items: BibTeX, RIS and CSL-JSON itself.

Every format is written from the same CSL-JSON (``csl.py``), so the three agree with each
other and with the rendered citations. A passage export is its document's record with the
pinpoint in the note, the field each format keeps for it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from .csl import page_range, year_of

FORMATS = {"bibtex": ("application/x-bibtex", "bib"), "ris": ("application/x-research-info-systems", "ris"),
           "csl-json": ("application/vnd.citationstyles.csl+json", "json")}
# LaTeX's special characters; letters outside ASCII stay as they are (biber and
# modern BibTeX read UTF-8), so names such as Məmmədzadə survive intact.
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "_": r"\_", "#": r"\#",
          "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))
_BIBTEX_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection", "thesis": "phdthesis",
                 "report": "techreport"}
_RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "thesis": "THES", "report": "RPRT"}
_LANGIDS = {"az": "azerbaijani", "ru": "russian", "en": "english"}


def latex_escape(value: str) -> str:
    """*value* safe inside a BibTeX field: LaTeX's specials escaped, Unicode kept."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group()], value)


def name_text(name: dict) -> str:
    """A CSL name as "Family, Given" (or its literal form)."""
    if "literal" in name:
        return str(name["literal"])
    return ", ".join(p for p in (name.get("family", ""), name.get("given", "")) if p)


def bibtex_key(item: dict) -> str:
    """``mammadzada2022``: first author's family name in ASCII and year, else the record id."""
    authors = item.get("author") or []
    year = year_of(item)
    if authors and year and authors[0].get("family"):
        # ə is written "a" in Latin transliteration (Məmmədzadə → Mammadzada), as in the document ids.
        family = authors[0]["family"].replace("ə", "a").replace("Ə", "A").replace("ı", "i")
        ascii_name = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z]", "", ascii_name.lower()) + year
    return re.sub(r"[^a-z0-9]", "", str(item["id"]).lower())


def with_note(item: dict, note: str | None) -> dict:
    """*item* with *note* (a passage's pinpoint) added to its note."""
    if not note:
        return item
    return {**item, "note": f"{item['note']}; {note}" if item.get("note") else note}


def bibtex(items: Iterable[dict]) -> str:
    """BibTeX entries for *items*."""
    return "\n\n".join(_bibtex_entry(item) for item in items) + "\n"


def _bibtex_entry(item: dict) -> str:
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join(name_text(n) for n in item["author"])))
    fields.append(("title", item["title"]))
    if item.get("container-title"):
        fields.append(("journal", item["container-title"]))
    if year_of(item):
        fields.append(("year", year_of(item)))
    for var, name in (("volume", "volume"), ("issue", "number")):
        if item.get(var):
            fields.append((name, str(item[var])))
    if item.get("page"):
        fields.append(("pages", str(item["page"]).replace("-", "--")))
    for var, name in (("DOI", "doi"), ("URL", "url")):
        if item.get(var):
            fields.append((name, str(item[var])))
    notes = [n for n in (item.get("note"),
                         "title supplied by the cataloguer" if (item.get("custom") or {}).get("title-supplied")
                         else None) if n]
    if notes:
        fields.append(("note", "; ".join(notes)))
    if item.get("language") in _LANGIDS:
        fields.append(("langid", _LANGIDS[item["language"]]))
    body = ",\n".join(f"  {k} = {{{latex_escape(v)}}}" for k, v in fields)
    return f"@{_BIBTEX_TYPES.get(item['type'], 'misc')}{{{bibtex_key(item)},\n{body}\n}}"


def ris(items: Iterable[dict]) -> str:
    """RIS records for *items* (tags as the RIS specification names them, CRLF line ends)."""
    lines: list[str] = []
    for item in items:
        tags: list[tuple[str, Any]] = [("TY", _RIS_TYPES.get(item["type"], "GEN"))]
        tags += [("AU", name_text(n)) for n in item.get("author") or []]
        tags.append(("TI", item["title"]))
        for var, tag in (("container-title", "T2"), ("volume", "VL"), ("issue", "IS"), ("DOI", "DO"),
                         ("URL", "UR"), ("language", "LA"), ("note", "N1")):
            if item.get(var):
                tags.append((tag, item[var]))
        if year_of(item):
            tags.append(("PY", year_of(item)))
        if item.get("page"):
            first, last = page_range(item)
            tags += [("SP", first), ("EP", last)]
        tags += [("ID", item["id"]), ("ER", "")]
        # One line per tag: a line break in a value would start a tag of its own.
        lines += [f"{tag}  - {' '.join(str(value).split())}".rstrip() for tag, value in tags]
        lines.append("")
    return "\r\n".join(lines)


def csl_json(items: Iterable[dict]) -> str:
    """The items as a CSL-JSON array."""
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bibtex": bibtex, "ris": ris, "csl-json": csl_json}


def export(items: Iterable[dict], fmt: str) -> str:
    """*items* in format *fmt* (one of ``FORMATS``)."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown export format '{fmt[:20]}' in 'format': use one of {', '.join(FORMATS)}.")
    return WRITERS[fmt](items)


__all__ = ["FORMATS", "bibtex", "bibtex_key", "csl_json", "export", "latex_escape", "name_text", "ris",
           "with_note"]
