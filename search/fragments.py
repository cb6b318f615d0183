"""Highlighted text as data: a passage (or a cut of it) and the stretches a query matched.

Highlighting is three steps, as in Whoosh: ``highlight.matched_spans`` finds the spans
once, ``excerpt`` (the one cutter) keeps a window around the first match, and a
formatter (``formatters.py``) writes the fragment for its output.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

Mark = tuple[int, int]           # (start, end) character offsets, end excluded
LEAD = 4                         # an excerpt starts a quarter of its width before the first match


@dataclass(frozen=True)
class Fragment:
    """Text with non-overlapping marks in order; *clipped_before* / *after* say it was cut."""

    text: str
    marks: tuple[Mark, ...] = ()
    clipped_before: bool = False
    clipped_after: bool = False

    def pieces(self) -> Iterator[tuple[str, bool]]:
        """The text as (piece, marked) in order, empty pieces left out."""
        pos = 0
        for start, end in self.marks:
            if start > pos:
                yield self.text[pos:start], False
            yield self.text[start:end], True
            pos = end
        if pos < len(self.text):
            yield self.text[pos:], False


def whole(text: str, marks: Iterable[Iterable[int]]) -> Fragment:
    """The whole of *text* with its *marks* (as the JSON lists them)."""
    return Fragment(text, tuple((s, e) for s, e in marks))


def excerpt(text: str, marks: Iterable[Iterable[int]], width: int) -> Fragment:
    """At most *width* characters of *text* around its first mark, cut between words."""
    spans = [(s, e) for s, e in marks]
    if len(text) <= width:
        return Fragment(text, tuple(spans))
    first = spans[0][0] if spans else 0
    start = max(0, first - width // LEAD)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    kept = tuple((max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start)
    return Fragment(text[start:end], kept, start > 0, end < len(text))
