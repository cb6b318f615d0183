"""English word keys: Snowball English (Porter 2) via PyStemmer, cached per word form."""

from __future__ import annotations

from functools import lru_cache

import Stemmer

from .azerbaijani import is_attached_suffix

_STEMMER = Stemmer.Stemmer("english")
# Endings written after a number and a hyphen: 21-st, 62-й, 24-ой, 1990-х (Azerbaijani 1992-ci by
# its own rule). A word after a number stays a word: 44-day, 44-дневной.
_NUMBER_ENDINGS = frozenset("st nd rd th s й я е го ого ой ом ем м х ых ые ми ю ую ая ий ый".split())


@lru_cache(maxsize=200_000)
def stem(word: str) -> tuple[str, ...]:
    """The Snowball stem of a lower-cased English word (one key, as a tuple)."""
    return (_STEMMER.stemWord(word),)


def drop_part(first: str, part: str) -> bool:
    """``azerbaijan's`` → drop ``s``: the possessive is not a word of its own; nor is the ending
    of a number (``62-й``, ``1972-ci``: a query typed in one language meets the year in all)."""
    if first.isdigit():
        return part in _NUMBER_ENDINGS or is_attached_suffix(part)
    return part in ("s", "t", "d", "ll", "re", "ve")
