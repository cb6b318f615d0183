"""What ``sanad add`` tells the user: what it found, from where, and what is still missing."""

from __future__ import annotations

from .add import Plan
from .catalogue import render

_FORMATS = {"pdf": "PDF", "docx": "DOCX", "html": "HTML", "text": "text"}


def describe(p: Plan, dry_run: bool = False, first_passages: int = 3) -> list[str]:
    """Lines for the terminal about one planned (or made) addition."""
    d = p.to_dict()
    pages = ""
    if d["pages"]:
        ocr = f", {d['ocr_pages']} read by OCR" if d["ocr_pages"] else ""
        pages = f", {d['pages']} pages ({d['page_labels']}, from {d['labels_from']}{ocr})"
    langs = ", ".join(f"{n} {lang}" for lang, n in sorted(d["by_lang"].items()))
    verb = "Would add" if dry_run else "Added"
    lines = [f"{verb} '{d['id']}' from {p.original.name}: {_FORMATS[d['format']]}{pages}; "
             f"{d['passages']} passages ({langs}).", f"  original: {d['file']}"]
    for key, f in d["found"].items():
        value = "; ".join(f["value"]) if isinstance(f["value"], list) else f["value"]
        lines.append(f"  {key}: {value}  [{f['source']}]")
    if d["missing"]:
        lines.append("  missing: " + "; ".join(d["missing"]) + " — complete the entry in catalog.toml")
    if dry_run:
        lines += ["", *render(p.entry).rstrip("\n").split("\n"), ""]
        for ps in p.passages[:first_passages]:
            where = f" p. {ps.page_first}" if ps.page_first else ""
            lines.append(f"  ¶ {ps.number} [{ps.lang}]{where}: {ps.text[:160]}{'…' if len(ps.text) > 160 else ''}")
    return lines
