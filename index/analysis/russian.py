"""Russian word keys: pymorphy3 lemmas (ё folded to е), cached per word form.

Ambiguity policy: a form with several readings is indexed under every lemma whose
parse score is at least a quarter of the best one (at most three), so a document is
found under each plausible reading; a query word uses only its most likely lemma.
Words pymorphy3 cannot analyse (Latin script, numbers) stay as they are.
"""

from __future__ import annotations

from functools import lru_cache

_MORPH = None
_RATIO = 0.25
_MAX_LEMMAS = 3


def _morph():
    global _MORPH
    if _MORPH is None:
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer(lang="ru")
    return _MORPH


def fold_yo(word: str) -> str:
    """``ё`` → ``е``, as Russian print usually writes it."""
    return word.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """Lemmas of a lower-cased Russian word form, most likely first."""
    if not word or not any("а" <= c <= "я" or c == "ё" for c in word):
        return (word,)
    parses = _morph().parse(word)
    if not parses:
        return (word,)
    best = parses[0].score or 1.0
    out: list[str] = []
    for p in parses:
        if (p.score or 0.0) < best * _RATIO:
            break
        lemma = fold_yo(p.normal_form)
        if lemma not in out:
            out.append(lemma)
        if len(out) == _MAX_LEMMAS:
            break
    return tuple(out) or (word,)
