"""Citations built from the catalogue record: only what is known, nothing invented."""

from __future__ import annotations

import re
import unicodedata


def _author_name(name: str) -> str:
    """``Aqşin Məmmədzadə`` → ``Məmmədzadə, Aqşin`` (family name first)."""
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def cite(meta: dict, number: int | None = None, page_first: str = "", page_last: str = "") -> str:
    """A plain-text citation for a document, or for one of its passages: at its page
    (``p. 219``, ``pp. 219–220``) when the source is paged, else ``¶ n``."""
    locator = ""
    if page_first:
        locator = f"p. {page_first}" if page_last in ("", page_first) else f"pp. {page_first}–{page_last}"
    parts: list[str] = []
    authors = meta.get("authors") or []
    if authors:
        parts.append("; ".join(_author_name(a) for a in authors) + ".")
    title = meta.get("display_title") or meta.get("title", "")
    container = meta.get("container")
    parts.append(f"“{title}”." if container and not meta.get("title_supplied") else f"{title}.")
    if container:
        venue = container
        if meta.get("container_en"):
            venue += f" ({meta['container_en']})"
        bits = [venue]
        if meta.get("year"):
            bits.append(str(meta["year"]))
        if meta.get("issue"):
            bits.append(f"№ {meta['issue']}")
        if meta.get("special_issue"):
            bits.append(f"special issue “{meta['special_issue']}”")
        if locator:
            bits.append(locator)
        elif meta.get("pages"):
            bits.append(f"pp. {meta['pages']}")
        parts.append(", ".join(bits) + ".")
    else:
        parts.append(f"{meta['year']}." if meta.get("year") else "n.d.")
        if locator:
            parts.append(f"{locator}.")
    if number is not None and not locator:
        parts.append(f"¶ {number}.")
    return " ".join(parts)


def bibtex_key(meta: dict) -> str:
    """``mammadzade2022``: first author's family name (ASCII) and year, else the document id."""
    authors = meta.get("authors") or []
    if authors and meta.get("year"):
        family = authors[0].split()[-1]
        ascii_name = unicodedata.normalize("NFKD", family.replace("ə", "e").replace("Ə", "E").replace("ı", "i"))
        ascii_name = re.sub(r"[^A-Za-z]", "", ascii_name.encode("ascii", "ignore").decode()).lower()
        return f"{ascii_name}{meta['year']}"
    return re.sub(r"[^a-z0-9]", "", meta["id"])


def _bib_escape(value: str) -> str:
    return value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")


def bibtex(meta: dict) -> str:
    """A BibTeX entry for the whole document."""
    is_article = bool(meta.get("container"))
    fields: list[tuple[str, str]] = []
    if meta.get("authors"):
        fields.append(("author", " and ".join(_author_name(a) for a in meta["authors"])))
    fields.append(("title", meta.get("display_title") or meta["title"]))
    if is_article:
        fields.append(("journal", meta["container"]))
    for key, name in (("year", "year"), ("issue", "number")):
        if meta.get(key):
            fields.append((name, str(meta[key])))
    if meta.get("pages"):
        fields.append(("pages", meta["pages"].replace("–", "--")))
    notes = []
    if meta.get("udc"):
        notes.append(f"UDC {meta['udc']}")
    if meta.get("title_supplied"):
        notes.append("title supplied by the cataloguer; author and date unknown")
    if notes:
        fields.append(("note", "; ".join(notes)))
    lang = {"az": "azerbaijani", "ru": "russian", "en": "english"}.get(meta.get("language", ""))
    if lang:
        fields.append(("langid", lang))
    body = ",\n".join(f"  {k} = {{{_bib_escape(v)}}}" for k, v in fields)
    return f"@{'article' if is_article else 'misc'}{{{bibtex_key(meta)},\n{body}\n}}"
