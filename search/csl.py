"""A catalogue record as CSL-JSON: the one description every citation style and export reads.

The record is ``Document.to_dict()`` as the index manifest keeps it. Only what the
catalogue knows is mapped; nothing is guessed. A title the cataloguer supplied is recorded
in square brackets (the cataloguing convention for supplied information) and flagged in
``custom``, the schema's place for data that has no CSL variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# What the catalogue's ``kind`` is in CSL's type vocabulary; an unknown kind is a "document".
CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter", "thesis": "thesis",
             "report": "report", "text": "document"}
SUPPLIED = "title-supplied"
SHARES_AUTHORS = "shares-authors"   # another work in the catalogue has the same authors


def split_name(name: str) -> dict[str, str]:
    """``Aqşin Məmmədzadə`` → family and given names (the catalogue writes given names first)."""
    parts = name.split()
    if len(parts) < 2:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def csl_title(meta: dict) -> str:
    """The title as CSL records it: a cataloguer-supplied one in square brackets."""
    title = str(meta.get("title") or meta.get("id", ""))
    return f"[{title}]" if meta.get("title_supplied") else title


def to_csl(meta: dict) -> dict[str, Any]:
    """One CSL-JSON item for the catalogue record *meta* (valid against ``csl-data.json``)."""
    item: dict[str, Any] = {"id": meta["id"], "type": CSL_TYPES.get(str(meta.get("kind", "")), "document"),
                            "title": csl_title(meta)}
    if meta.get("authors"):
        item["author"] = [split_name(a) for a in meta["authors"]]
    for key, var in (("container", "container-title"), ("volume", "volume"), ("issue", "issue"),
                     ("doi", "DOI"), ("language", "language"), ("title_en", "translated-title")):
        if meta.get(key):
            item[var] = str(meta[key])
    if str(meta.get("url", "")).startswith(("https://", "http://")):
        item["URL"] = meta["url"]      # only an address a reader can follow (never javascript:)
    if meta.get("udc"):
        item["note"] = f"UDC {meta['udc']}"     # CSL has no classification variable
    if meta.get("pages"):
        # CSL ranges use a hyphen; every style prints its own dash and range form.
        item["page"] = str(meta["pages"]).replace("–", "-").replace("—", "-")
    if meta.get("year"):
        item["issued"] = {"date-parts": [[int(meta["year"])]]}
        if meta.get("year_suffix"):
            item["year-suffix"] = str(meta["year_suffix"])
    custom = {key: True for key, flag in ((SUPPLIED, "title_supplied"), (SHARES_AUTHORS, "shares_authors"))
              if meta.get(flag)}
    if custom:
        item["custom"] = custom
    return item


def told_apart(records: Mapping[str, dict]) -> dict[str, dict]:
    """Each catalogue record (by id) with what tells it apart from the others in a citation.

    Works of the same authors in the same year get year letters (``2022a``, ``2022b``) in the
    order of their titles, as APA 7 (§ 8.19) and CMOS (15.19) order them; the author–date
    styles print them. Works sharing their authors with another work are flagged
    ``shares_authors``: MLA 9 (§ 6.23) then adds a short title to the in-text citation.
    Works without authors are cited by their titles and need neither.
    """
    by_authors: dict[tuple[str, ...], list[str]] = {}
    for doc_id, meta in records.items():
        if meta.get("authors"):
            by_authors.setdefault(tuple(str(a).casefold() for a in meta["authors"]), []).append(doc_id)
    out = {doc_id: dict(meta) for doc_id, meta in records.items()}
    for ids in by_authors.values():
        if len(ids) < 2:
            continue
        by_year: dict[str, list[str]] = {}
        for doc_id in ids:
            out[doc_id]["shares_authors"] = True
            if records[doc_id].get("year"):
                by_year.setdefault(str(records[doc_id]["year"]), []).append(doc_id)
        for same in by_year.values():
            if len(same) > 1:
                same.sort(key=lambda d: (str(records[d].get("title") or "").casefold(), d))
                for n, doc_id in enumerate(same):
                    out[doc_id]["year_suffix"] = _letters(n)
    return out


def _letters(n: int) -> str:
    """The *n*-th year letter from 0: a … z, then aa, ab, … as CSL processors go on."""
    return chr(97 + n) if n < 26 else _letters(n // 26 - 1) + chr(97 + n % 26)


def year_of(item: dict) -> str:
    """The year *item* was issued ("" when unknown)."""
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts[0] else ""


def page_range(item: dict) -> tuple[str, str]:
    """The first and last page of *item*'s ``page`` ("" where there is none)."""
    page = str(item.get("page", ""))
    first, _, last = page.partition("-")
    return first.strip(), (last or first).strip()


__all__ = ["CSL_TYPES", "SHARES_AUTHORS", "SUPPLIED", "csl_title", "page_range", "split_name", "to_csl",
           "told_apart", "year_of"]
