"""A name's spellings in the other scripts, found in the index by romanisation.

A query word that neither the glossary nor the lexicon knows, and that is a name (typed with
a capital, or not in the index at all: ``Ihsanoglu``, ``mehriban``), also searches the words
of the other script whose romanised spelling is nearly the same (``Ихсаноглу``, ``Мехрибан``):
dictionary-based retrieval's out-of-vocabulary names recovered by transliteration. Between
the two Latin-script languages typo tolerance and the glossary do that work.
"""

from __future__ import annotations

import itertools

from rapidfuzz import fuzz, process

from index.analysis.azerbaijani import turkic_lower
from index.transliteration import CYRILLIC, MIN_NAME, NAME_SIMILARITY, romanise

from .lexicon import TermReader

MAX_SPELLINGS = 3            # per field
MIN_LENGTH_RATIO = 0.75      # the shorter romanised spelling against the longer: Гейдара / Heydar, not qeyd
_FIELDS = {"cyrillic": ("az_exact", "en_exact"), "latin": ("ru_exact",)}
_LANG = {"az_exact": "az", "en_exact": "en", "ru_exact": "ru"}
# The letters a word may start with, per field, when its romanised spelling starts with a sound.
_CYRILLIC_INITIALS = {ch: romanise(ch + "a", "ru")[:1] for ch in CYRILLIC}
_LATIN_LETTERS = {"az": "abcçdeəfgğhxıijkqlmnoöprsştuüvyz", "en": "abcdefghijklmnopqrstuvwxyz"}
_LATIN_INITIALS = {lang: {ch: romanise(ch + "a", lang)[:1] for ch in letters}
                   for lang, letters in _LATIN_LETTERS.items()}


def _initials(fname: str, sound: str) -> list[str]:
    """Letters that words of *fname* may start with to sound like *sound* (h and k alike)."""
    sounds = {sound, "h", "k"} if sound in ("h", "k") else {sound}
    table = _CYRILLIC_INITIALS if fname == "ru_exact" else _LATIN_INITIALS[_LANG[fname]]
    out = [ch for ch, s in table.items() if s in sounds]
    if fname == "ru_exact" and "j" in sounds:
        out.append("д")          # дж
    return out


def _h_for_g(term: str, roman: str, sought: str) -> str:
    """*term*'s romanised spelling, its Russian г read as h when an h is *sought* (Гейдара for Heydar)."""
    return "h" + roman[1:] if term.startswith("г") and sought.startswith("h") else roman


def spellings(reader: TermReader, word: str, known: bool) -> list[tuple[str, str]]:
    """``(lang, word)`` spellings of *word* (longer than MIN_NAME letters) in the other script,
    at most MAX_SPELLINGS per field.

    A word the index knows is looked for only when typed with a capital (a name): short
    common words sound alike across languages (state, статье).
    """
    low = turkic_lower(word)
    if len(low) <= MIN_NAME or not low.isalpha() or (known and not word[:1].isupper()):
        return []
    cyrillic = any(ch in CYRILLIC for ch in low)
    fields = _FIELDS["cyrillic" if cyrillic else "latin"]
    # A Latin word may be Azerbaijani or English: c, x, q sound differently in each.
    mine = {romanise(low, "ru")} if cyrillic else {romanise(low, "az"), romanise(low, "en")}
    if low.startswith("г"):          # Russian г writes h: Гейдар is Heydar, Гаага Haaqa
        mine.add("h" + romanise(low, "ru")[1:])
    out: list[tuple[str, str]] = []
    for fname in fields:
        lang = _LANG[fname]
        best: dict[str, float] = {}
        for r in (m for m in mine if len(m) >= MIN_NAME):
            terms = itertools.chain.from_iterable(
                (t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.expand_prefix(fname, ch))
                for ch in _initials(fname, r[0]))
            romans = {t: _h_for_g(t, romanise(t, lang), r) for t in terms if t != low and len(t) >= MIN_NAME}
            for roman, score, term in process.extract(r, romans, scorer=fuzz.ratio, limit=MAX_SPELLINGS,
                                                      score_cutoff=NAME_SIMILARITY * 100):
                if min(len(roman), len(r)) >= MIN_LENGTH_RATIO * max(len(roman), len(r)):
                    best[term] = max(score, best.get(term, 0.0))
        out += [(lang, t) for t in sorted(best, key=lambda t: -best[t])[:MAX_SPELLINGS]]
    return out


__all__ = ["spellings"]
