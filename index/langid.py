"""Language of a piece of corpus text: ``az``, ``ru`` or ``en``.

The corpus has exactly three languages in two scripts, so a statistical identifier is not
needed and would be unreliable on the short strings users type. The method:

1. Script majority. Letters are counted by Unicode script; a Cyrillic majority means ``ru``
   (Azerbaijani has been written in Latin since 1991, and the corpus has no Cyrillic
   Azerbaijani).
2. Latin text is ``az`` or ``en`` by a vote over words. A word votes Azerbaijani when it has a
   letter English never uses (ə ğ ı ş ç ö ü İ), starts with ``x`` (Xocalı, xarici), has a
   ``q`` not followed by ``u`` (qətnamə, Qarabağ) or is a common Azerbaijani function word.
   A word votes English when it is a common English function word, or contains ``w`` or
   ``th`` (Azerbaijani has neither). Words, not letters, are counted so that an Azerbaijani
   name inside an English sentence is outvoted by the sentence around it.
3. With no evidence either way (``OIC summit``, ``Baku``) the answer is ``en``; text with no
   letters at all (numbers, an e-mail address) gets *default*.

Turkish would come out as ``az``; that is acceptable for this corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from .analysis.azerbaijani import AZ_LETTERS

_AZ_WORDS = frozenset(
    "və ilə bu bir da də ki üçün olan isə kimi hər daha sonra olaraq edir həm ya yaxud".split())
_EN_WORDS = frozenset(
    "the of and to in is was were for on with by that as at from an are its has have be this "
    "which it not or".split())
_NO_EVIDENCE = re.compile(r"\S+@\S+|\w+://\S+")  # addresses say nothing about the language
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    return "latin" if name.startswith("LATIN") else "cyrillic" if name.startswith("CYRILLIC") else ""


def script(text: str) -> str:
    """``latin``, ``cyrillic``, or ``""`` when *text* has no letters of either."""
    latin = cyrillic = 0
    # Each distinct character is looked up once (Counter counts in C): a paragraph has
    # thousands of characters but only a few dozen distinct ones.
    for ch, n in Counter(text).items():
        s = _char_script(ch)
        if s == "latin":
            latin += n
        elif s == "cyrillic":
            cyrillic += n
    if not latin and not cyrillic:
        return ""
    return "cyrillic" if cyrillic > latin else "latin"


def detect(text: str, default: str = "en") -> str:
    """The language of *text* (see the module docstring for the method)."""
    text = _NO_EVIDENCE.sub(" ", text)
    found = script(text)
    if found == "cyrillic":
        return "ru"
    if not found:
        return default
    az = en = 0
    for word in _WORD.findall(text):
        w = word.casefold()
        az += bool(AZ_LETTERS.intersection(word) or w.startswith("x")
                   or re.search("q(?!u)", w) or w in _AZ_WORDS)
        en += bool(w in _EN_WORDS or "w" in w or "th" in w)
    return "az" if az > en else "en"
