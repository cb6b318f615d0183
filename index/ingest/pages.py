"""Pages of a paged source: running headers and footers found across pages and removed,
printed page numbers read from them, and each page's printed label decided.

A line is a running header or footer when, with its digits ignored, it opens or closes most
pages (at least two). A page-number line (``217``, ``- 217 -``, ``p. 217``, ``с. 217``) among
the first or last lines of a page gives the printed number and is removed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter

from .model import Page

_EDGE = 3                      # lines at the top and bottom of a page where furniture sits
_NUMBER = re.compile(r"[-–—\s]*(?:(?:p|pp|page|s|səh|с|стр)\.?\s*)?(\d{1,4})[-–—\s]*", re.IGNORECASE)
_END_NUMBER = re.compile(r"^\s*(\d{1,4})\s+\S|\S\s+(\d{1,4})\s*$")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def clean(text: str) -> str:
    """NFC with typed ligatures spelt out. Not NFKC: that would also turn ``№`` into ``No``."""
    return unicodedata.normalize("NFC", text.translate(_LIGATURES)).replace("\r\n", "\n").replace("\r", "\n")


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _edges(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_EDGE] + filled[-_EDGE:]))


def strip_furniture(pages: list[str]) -> tuple[list[str], list[str]]:
    """Each page's text without its running header/footer, and the printed number found on it."""
    split = [p.split("\n") for p in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({_key(lines[i]) for i in _edges(lines)})   # once per page
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= max(2, (len(pages) + 1) // 2)
                and not _NUMBER.fullmatch(k.replace("#", "0"))}
    out, printed = [], []
    for lines in split:
        drop, number, in_running = set(), "", ""
        for i in _edges(lines):
            m = _NUMBER.fullmatch(lines[i])
            if m and not number:
                number = m.group(1)
                drop.add(i)
            elif _key(lines[i]) in repeated:
                drop.add(i)
                end = _END_NUMBER.search(lines[i])
                in_running = in_running or (end.group(1) or end.group(2) if end else "")
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
        # A number of its own first; else one at either end of a running header ("Journal, 2020 · 217"),
        # which decide_labels only believes when it rises with the pages (a year or an issue does not).
        printed.append(number or in_running)
    return out, printed


def join(pages: list[str], printed: list[str], labels: list[str], ocr: list[bool]) -> tuple[str, list[Page]]:
    """One text with a blank line between pages, and where each page starts in it."""
    parts, starts, offset = [], [], 0
    for text in pages:
        text = text.strip("\n")
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 2
    return "\n\n".join(parts), [Page(start=s, physical=n, label=labels[n - 1], printed=printed[n - 1],
                                     ocr=ocr[n - 1]) for n, s in enumerate(starts, 1)]


def decide_labels(pages: list[Page], first_page: int | None) -> tuple[list[str], str]:
    """The printed label of every page and where they come from.

    PDF page labels first; else printed numbers that agree (number − page is the same on most
    numbered pages, at least two, or the only page); else physical page + ``first_page``.
    """
    if not pages:
        return [], ""
    if all(p.label for p in pages):
        return [p.label for p in pages], "the PDF's page labels"
    shifts = Counter(int(p.printed) - p.physical for p in pages if p.printed)
    if shifts:
        shift, n = shifts.most_common(1)[0]
        if n >= 2 or len(pages) == 1:
            return [str(p.physical + shift) for p in pages], "page numbers printed on the pages"
    if first_page is not None:
        return [str(p.physical + first_page - 1) for p in pages], "the catalogue's first_page"
    return [str(p.physical) for p in pages], "the page's place in the file (no labels or printed numbers)"


def page_span(starts: list[int], start: int, end: int) -> tuple[int, int]:
    """Indices of the first and last page a passage at ``[start, end)`` lies on."""
    first = max(0, bisect_right(starts, start) - 1)
    return first, max(first, bisect_right(starts, max(start, end - 1)) - 1)
