"""Russian word keys: pymorphy3 lemmas (ё folded to е), cached per word form.

Ambiguity policy: pymorphy3's parse scores are summed per lemma; a form is indexed
under every lemma whose share is at least a quarter of the best one (at most three), so
a document is found under each plausible reading (``белка`` → белок, белка); a query
word uses only its most likely lemma. Rare readings (``стали`` as steel, 2 %) are
dropped: they would only add noise.
Words pymorphy3 cannot analyse (Latin script, numbers) stay as they are.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pymorphy3

_MORPH = None
_RATIO = 0.25
_MAX_LEMMAS = 3


def _morph() -> pymorphy3.MorphAnalyzer:
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
    share: dict[str, float] = {}
    for p in parses:
        lemma = fold_yo(p.normal_form)
        share[lemma] = share.get(lemma, 0.0) + (p.score or 0.0)
    ranked = sorted(share, key=lambda lemma: -share[lemma])
    best = share[ranked[0]]
    return tuple(lemma for lemma in ranked[:_MAX_LEMMAS] if share[lemma] >= best * _RATIO) or (word,)


# Verbal-noun endings and the infinitive endings their verbs may have (осуждение: осудить, осуждать).
_NOUN_TO_VERB = (("ование", ("овать",)), ("ждение", ("дить", "ждать")), ("щение", ("тить", "щать")),
                 ("ение", ("ить", "ять", "еть", "ать")), ("ание", ("ать",)), ("яние", ("ять",)))


def reflexive_pair(verb: str) -> str | None:
    """The other voice of a Russian infinitive: ``обсуждать`` ↔ ``обсуждаться``,
    ``вести`` ↔ ``вестись``; None unless both are imperfective infinitives.
    Texts report in the reflexive-passive (вопрос обсуждается) what a query asks with the verb."""
    for plain, reflexive in (("ть", "ться"), ("ти", "тись"), ("чь", "чься")):
        if verb.endswith(reflexive) and len(verb) > len(reflexive) + 2:
            other = verb[: -len(reflexive)] + plain
            break
        if verb.endswith(plain) and len(verb) > len(plain) + 2:
            other = verb + ("сь" if plain == "ти" else "ся")
            break
    else:
        return None
    return other if _is_imperfective_infinitive(verb) and _is_imperfective_infinitive(other) else None


@lru_cache(maxsize=20_000)
def _is_imperfective_infinitive(word: str) -> bool:
    # The passive sense is regular in imperfective verbs; perfective reflexives often mean
    # something else (оказать "render" / оказаться "turn out").
    return any(p.tag.POS == "INFN" and p.normal_form == word and p.tag.aspect == "impf"
               for p in _morph().parse(word))


@lru_cache(maxsize=20_000)
def verbs_of_noun(noun: str) -> tuple[str, ...]:
    """The verbs a Russian verbal noun is made from, both aspects where the dictionary has
    them: ``переименование`` → переименовать; ``осуждение`` → осудить, осуждать. A text
    reports in verbs what a glossary or query names with a noun (было переименовано)."""
    for ending, verb_endings in _NOUN_TO_VERB:
        if noun.endswith(ending) and len(noun) > len(ending) + 2:
            stem = noun[: -len(ending)]
            out = []
            for v in (stem + e for e in verb_endings):
                if _morph().word_is_known(v) and any(p.tag.POS == "INFN" and p.normal_form == v
                                                     for p in _morph().parse(v)):
                    out.append(v)
            if out:
                return tuple(out)
    return ()
