"""Azerbaijani verb keys: the marked stem (``keçir-``) a form may be made of, found from
its tense, aspect or non-finite ending. See ``azerbaijani`` for the rules.
"""

from __future__ import annotations

from .az_rules import VERB_MARK, _ends_consonant, _ends_vowel, _harmonic, _is_tail_of, _Profile, _syllables, _valid


def _verb_keys(word: str, P: _Profile) -> list[str]:
    """The verb stems a form may be made of, marked (``keçirilmişdir`` → ``keçir-``).

    An extra key beside the noun reading: nouns that end like a verb form get a marked
    key no noun has, so verb readings never merge two nouns.
    """
    if len(word) < 4 or word in P.known or word in P.function_words:
        return []
    first: str | None = None
    shortest: str | None = None
    for t in range(len(word) - 3):
        tail = word[len(word) - t:]
        person = not t or tail in P.verb_person
        if not person and not _is_tail_of(tail, P.folded):
            continue
        body = word[: len(word) - t]
        for n, surfaces in P.verb_endings:
            surf = body[-n:]
            for fv, kind, after in surfaces.get(surf, ()) if len(body) > n else ():
                if person or after == "noun" or (after == "plural" and tail.startswith(P.plural)):
                    for stem in _verb_stems(body[:-n], surf, fv, kind, P):
                        first = first or stem
                        if shortest is None or len(stem) < len(shortest):
                            shortest = stem
    # Both readings when they differ: keçirdi is keçir + di or keç + ir + di, olmuşdur
    # is ol + muş + dur.
    return [s + VERB_MARK for s in dict.fromkeys((first, shortest)) if s is not None]


def _verb_stems(head: str, surf: str, fv: str, kind: str, P: _Profile) -> list[str]:
    """The stems before a verb ending: a ``y`` after a vowel is the stem's or a buffer
    (``yayır``: yay + ır, ``oxuyur``: oxu + y + ur), so both are tried."""
    heads = [head]
    if surf[0] in P.vowels:
        if head.endswith("d") and head not in P.verb_soft and surf[-1] == "n":
            return []  # -dan is the ablative, not a participle
        if len(head) >= 3 and head[-1] == "y" and _ends_vowel(head[:-1], P):
            heads.append(head[:-1])
        elif not _ends_consonant(head, P):
            return []
    out = [_undo_voice(h, surf, P) for h in heads if _harmonic(h, fv, kind, P)]
    return [h for h in out if _verb_shaped(h, P)]


def _undo_voice(head: str, surf: str, P: _Profile) -> str:
    """Negation ``-mA``/``-m`` and passive ``-Il``/``-In``/``-n`` undone; ``ed`` → ``et``."""
    if surf[0] not in P.vowels and head.endswith(P.negation) and _valid(head[:-2], P):
        head = head[:-2]  # yazmadı
    elif surf in P.present and head.endswith("m") and len(head) >= 3 and _ends_consonant(head[:-1], P):
        head = head[:-1]  # yazmır
    for _ in range(2):  # düşünül-: düşün-, whose -n is then stripped as oxun-'s is
        if head.endswith(P.passive_c) and _ends_consonant(head[:-2], P) and head[-3] != "l" \
                and len(head) >= 4 and _harmonic(head[:-2], head[-2], "I", P):
            head = head[:-2]  # keçiril, edil, deyil
            if len(head) >= 3 and head[-1] == "y" and _ends_vowel(head[:-1], P):
                head = head[:-1]
        elif head.endswith(P.passive_l) and len(head) >= 4 and head[-3] == "l" \
                and _harmonic(head[:-2], head[-2], "I", P):
            head = head[:-2]  # olun, bilin
        elif len(head) >= 4 and head[-1] == "n" and _ends_vowel(head[:-1], P):
            head = head[:-1]  # oxun, başlan
    return P.verb_soft.get(head, head)


def _verb_shaped(stem: str, P: _Profile) -> bool:
    """Could *stem* be a verb stem? One syllable (yaz, gəl, et), or two ending in a vowel
    (oxu, tanı), or ending like a verb-forming suffix: -lA, -Ir/-dIr, -Ar, -t, -Iş/-Aş,
    -Il/-In/-An (başla, keçir, göstər, yarat, danış, düşün, qazan). Polysyllables that end
    otherwise are nouns (azərbayc- is not a verb)."""
    n = _syllables(stem, P)
    if len(stem) < 2 or n == 0:
        return False
    if n == 1:
        return True
    if stem[-1] in P.vowels:
        return n == 2 or stem[-2] == "l"
    return stem[-2] in P.vowels and stem[-1] in P.verb_final
