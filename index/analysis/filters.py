"""Small Whoosh filters shared by the per-language analyzers.

They are module-level classes because Whoosh pickles the schema (and so every analyzer
piece) into the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from whoosh.analysis import Filter, RegexTokenizer, Token

# A word, with inner hyphens or apostrophes kept so that the compound filter can decide
# what they mean (real hyphen, suffix after an acronym, English possessive).
WORD_PATTERN = r"\w+(?:[-'’ʼ]\w+)*"
_SPLIT_RE = re.compile(r"[-'’ʼ]")


def word_tokenizer() -> RegexTokenizer:
    """The tokenizer every language uses."""
    return RegexTokenizer(WORD_PATTERN)


class NFCFilter(Filter):
    """Compose characters (NFC) and drop stray combining marks left on their own."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = unicodedata.normalize("NFC", t.text)
            yield t


class MapFilter(Filter):
    """Apply a module-level ``str -> str`` function to every token's text."""

    def __init__(self, fn: Callable[[str], str]) -> None:
        self.fn = fn

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MapFilter) and other.fn is self.fn

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        fn = self.fn
        for t in tokens:
            t.text = fn(t.text)
            if t.text:
                yield t


class CompoundFilter(Filter):
    """Split hyphen/apostrophe compounds into their parts, renumbering positions.

    ``drop_part(first, part)`` says whether a later part is only an inflection of the
    first (``İƏT-in``, ``1992-ci``, ``Azerbaijan's``) and should be dropped instead of
    indexed as a word of its own.
    """

    def __init__(self, drop_part: Callable[[str, str], bool]) -> None:
        self.drop_part = drop_part

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CompoundFilter) and other.drop_part is self.drop_part

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0
        for t in tokens:
            if t.positions:
                t.pos += shift
            if not _SPLIT_RE.search(t.text):
                yield t
                continue
            parts = _SPLIT_RE.split(t.text)
            kept = [parts[0]] + [p for p in parts[1:] if p and not self.drop_part(parts[0], p)]
            start = t.startchar if t.chars else 0
            offset = 0
            base_pos = t.pos if t.positions else 0
            for i, part in enumerate(kept):
                if t.chars:
                    # Offsets of each part inside the original token text.
                    offset = t.text.find(part, offset) if i else 0
                    t.startchar, t.endchar = start + offset, start + offset + len(part)
                    offset += len(part)
                if t.positions:
                    t.pos = base_pos + i
                text = t.text
                t.text = part
                if part:
                    yield t
                t.text = text
            if t.positions:
                shift += len(kept) - 1


class StopWordFilter(Filter):
    """Remove stop words (a frozenset), and tokens made only of one character."""

    def __init__(self, stoplist: frozenset[str]) -> None:
        self.stoplist = stoplist

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StopWordFilter) and other.stoplist == self.stoplist

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stops = self.stoplist
        for t in tokens:
            if t.text in stops or (len(t.text) < 2 and not t.text.isdigit()):
                if t.removestops:
                    continue
                t.stopped = True
            else:
                t.stopped = False
            yield t


class MultiStemFilter(Filter):
    """Replace each word by one or more keys from ``fn(word) -> tuple[str, ...]``.

    At index time every key is stored at the word's position (like synonyms). At query
    time only the first (most likely) key is used, so an ambiguous form in a document is
    found under each reading but a query means one thing; with ``query_all`` a query
    word keeps every key too (at one position), for keys that are readings rather than
    ranked guesses.
    """

    query_all = False  # class default: schemas pickled before the option existed

    def __init__(self, fn: Callable[[str], tuple[str, ...]], query_all: bool = False) -> None:
        self.fn = fn
        self.query_all = query_all

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MultiStemFilter) and other.fn is self.fn and other.query_all == self.query_all

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        fn = self.fn
        for t in tokens:
            if getattr(t, "stopped", False):
                yield t
                continue
            keys = fn(t.text)
            if t.mode == "query" and not self.query_all:
                keys = keys[:1]
            for key in keys:
                t.text = key
                yield t
