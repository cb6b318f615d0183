"""Metadata read from the files themselves: PDF XMP, a DOI printed in the text, and the
rule that joins what was found with what the user said (options win; nothing is guessed)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .model import Found

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_NS = {"dc": "http://purl.org/dc/elements/1.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "prism": "http://prismstandard.org/namespaces/basic/2.0/"}


def doi_in(text: str) -> dict[str, Found]:
    """The first DOI printed in *text*, trailing punctuation removed."""
    m = _DOI.search(text)
    return {"doi": Found(m.group(1).rstrip(".,;)]"), "a DOI printed in the text")} if m else {}


def year_of(value: str) -> int | None:
    """The year of a date such as ``2022-10-13`` or ``2022/03``; None when there is none."""
    m = _YEAR.search(value)
    return int(m.group(1)) if m else None


def person(name: str) -> str:
    """A name as the catalogue writes it, given name first: ``Smith, John`` → ``John Smith``."""
    family, comma, given = name.partition(",")
    if comma and given.strip() and "," not in given:
        return f"{given.strip()} {family.strip()}"
    return " ".join(name.split())


def split_authors(value: str) -> list[str]:
    """Authors from one metadata string: split on ``;`` only (a comma may be "Last, First")."""
    return [person(a) for a in value.split(";") if a.strip()]


def xmp(data: bytes) -> dict[str, Found]:
    """Title, creators, DOI and publication date from an XMP packet."""
    try:
        root = ET.fromstring(data.strip().rstrip(b"\x00"))
    except ET.ParseError:
        return {}
    out: dict[str, Found] = {}
    titles = [e.text.strip() for e in root.iterfind(".//dc:title//rdf:li", _NS) if e.text and e.text.strip()]
    if titles:
        out["title"] = Found(titles[0], "the PDF's XMP (dc:title)")
    creators = [e.text.strip() for e in root.iterfind(".//dc:creator//rdf:li", _NS) if e.text and e.text.strip()]
    if creators:
        out["authors"] = Found([person(c) for c in creators], "the PDF's XMP (dc:creator)")
    for tag in ("prism:doi", "dc:identifier"):
        for e in root.iterfind(f".//{tag}", _NS):
            m = _DOI.search(e.text or "")
            if m and "doi" not in out:
                out["doi"] = Found(m.group(1), f"the PDF's XMP ({tag})")
    for e in root.iterfind(".//prism:publicationDate", _NS):
        year = year_of(e.text or "")
        if year and "year" not in out:
            out["year"] = Found(str(year), "the PDF's XMP (prism:publicationDate)")
    return out


def merge(*found: dict[str, Found]) -> dict[str, Found]:
    """Earlier sources win for each key."""
    out: dict[str, Found] = {}
    for f in found:
        for key, value in f.items():
            out.setdefault(key, value)
    return out
