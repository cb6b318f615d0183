"""English word keys: Snowball English (Porter 2) via PyStemmer, cached per word form."""

from __future__ import annotations

from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> tuple[str, ...]:
    """The Snowball stem of a lower-cased English word (one key, as a tuple)."""
    return (_STEMMER.stemWord(word),)


def drop_part(first: str, part: str) -> bool:
    """``azerbaijan's`` → drop ``s``: the possessive is not a word of its own."""
    return part in ("s", "t", "d", "ll", "re", "ve")
