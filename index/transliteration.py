"""One spelling for a name in three scripts: romanisation rules that make the Cyrillic,
Azerbaijani and English spellings of a name alike (``Касабланке``, ``Kasablanka`` and
``Casablanca`` all give ``kasablanka``). ``sanad glossary suggest`` pairs names with them,
and a query word without glossary or lexicon entry finds its spellings in the other scripts.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from .analysis.azerbaijani import turkic_lower

NAME_SIMILARITY = 0.8       # romanised spellings at least this alike (difflib ratio) are one name
MIN_NAME = 4                # letters: shorter names are too easily alike

CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "j", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                      "t", "u", "f", "h", "ts", "ch", "sh", "sh", "", "i", "", "e", "yu", "ya"], strict=True))
# Letters that sound differently in Azerbaijani and English spelling.
_LETTERS = {"az": {"ə": "a", "ı": "i", "ö": "o", "ü": "u", "ş": "sh", "ç": "ch", "ğ": "g", "c": "j", "x": "h",
                   "q": "k"},
            "en": {"c": "k", "x": "ks", "w": "v", "é": "e"}}
# After romanising: spellings that sound alike are written alike.
_SOUNDS = [("dzh", "j"), ("dj", "j"), ("kh", "h"), ("ck", "k"), ("q", "k"), ("g", "k"), ("ph", "f"),
           ("th", "t"), ("ts", "s"), ("z", "s"), ("e", "a"), ("o", "u"), ("y", "i"), ("w", "v")]


@lru_cache(maxsize=200_000)
def romanise(word: str, lang: str) -> str:
    """A sound-alike Latin spelling of a word of *lang* (``Касабланке``, ``Kasablanka`` and
    ``Casablanca`` all give ``kasablanka``)."""
    w = turkic_lower(unicodedata.normalize("NFC", word)) if lang == "az" else word.casefold()
    letters = _LETTERS.get(lang, {})
    w = "".join(CYRILLIC.get(ch, letters.get(ch, ch)) for ch in w)
    w = unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode()
    for a, b in _SOUNDS:
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", w))


def alike(a: str, b: str) -> bool:
    """Whether two romanised names are one name: same first sound (Russian г writes h as in
    Гейдар / Heydar), nearly the same letters."""
    return len(a) >= MIN_NAME and len(b) >= MIN_NAME and (a[0] == b[0] or {a[0], b[0]} == {"h", "k"}) and \
        SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY


__all__ = ["CYRILLIC", "MIN_NAME", "NAME_SIMILARITY", "alike", "romanise"]
