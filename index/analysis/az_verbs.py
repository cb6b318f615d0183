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
                if after in P.verb_after:
                    fits = tail in P.verb_after[after]
                else:
                    fits = person or after == "noun" or (after == "plural" and tail.startswith(P.plural))
                if fits:
                    for stem in _verb_stems(body[:-n], surf, fv, kind, P, after, tail):
                        first = first or stem
                        if shortest is None or len(stem) < len(shortest):
                            shortest = stem
    # Both readings when they differ: keçirdi is keçir + di or keç + ir + di, olmuşdur
    # is ol + muş + dur.
    return [s + VERB_MARK for s in dict.fromkeys((first, shortest)) if s is not None]


def _verb_stems(head: str, surf: str, fv: str, kind: str, P: _Profile, after: str, tail: str) -> list[str]:
    """The stems before a verb ending *surf* (followed by *tail*, of the kind *after*): a ``y``
    after a vowel is the stem's or a buffer (``yayır``: yay + ır, ``oxuyur``: oxu + y + ur), so
    both are tried. After the aorist a passive is not undone (``-IlAr`` is as often a plural:
    ``bacılar``), and a ``d`` before ``-Ir`` with no person ending, or ``-lAr``, stays (it is
    the copula of a vowel-final noun as often: ``ərazidir``, ``ərazidirlər``)."""
    voice = not after.startswith("aorist")
    soften = not (surf in P.present and (not tail or tail in P.plural))
    heads = [head]
    if surf[0] in P.vowels:
        if head.endswith("d") and head not in P.verb_soft and surf[-1] == "n":
            return []  # -dan is the ablative, not a participle
        if len(head) >= 3 and head[-1] == "y" and _ends_vowel(head[:-1], P):
            heads.append(head[:-1])
        elif not _ends_consonant(head, P):
            return []
    out = [v for h in heads if _harmonic(h, fv, kind, P) for v in _undo_voice(h, surf, P, voice, soften)]
    return [h for h in out if _verb_shaped(h, P)]


def _undo_voice(head: str, surf: str, P: _Profile, voice: bool, soften: bool) -> list[str]:
    """Negation ``-mA``/``-m`` and (with *voice*) passive ``-Il``/``-In``/``-n`` undone; ``ed``
    → ``et``, and (with *soften*) ``d`` → ``t`` before a vowel in a stem of two syllables or
    more (``aldadıb``: ``aldat``). A ``y`` before the passive is the stem's or a buffer
    (``qoyulmuş``: ``qoy``; ``deyilmiş``: ``de``), so that gives two stems."""
    if head.endswith(P.negation) and len(head) >= 4 and _syllables(head, P) >= 2:
        head = head[:-2]  # yazmadı, öpmədik; yazmayan (the y buffer is gone)
    elif surf in P.present and head.endswith("m") and len(head) >= 3 and (
            _ends_consonant(head[:-1], P) or len(head) >= 4):
        head = head[:-1]  # yazmır; ağlamır, oxumur
    passive = False
    buffer: str | None = None
    for _ in range(2 if voice else 0):  # düşünül-: düşün-, whose -n is then stripped as oxun-'s is
        if head.endswith(P.passive_c) and _ends_consonant(head[:-2], P) and head[-3] != "l" \
                and len(head) >= 4 and _harmonic(head[:-2], head[-2], "I", P):
            head, passive = head[:-2], True  # keçiril, edil, deyil
            if len(head) >= 3 and head[-1] == "y" and _ends_vowel(head[:-1], P):
                buffer = head[:-1]
                break
        elif head.endswith(P.passive_l) and len(head) >= 4 and head[-3] == "l" \
                and _harmonic(head[:-2], head[-2], "I", P):
            head = head[:-2]  # olun, bilin
        elif len(head) >= 4 and head[-1] == "n" and _ends_vowel(head[:-1], P):
            head = head[:-1]  # oxun, başlan
    return [_soft(h, surf, P, passive or (surf[0] in P.vowels and soften)) for h in (head, buffer) if h]


def _soft(head: str, surf: str, P: _Profile, before_vowel: bool) -> str:
    """``ed`` → ``et``; aldadılmış, aldadıb, aldadıram: a polysyllabic stem in -t softens before
    a vowel (-An after such a d is the ablative: _verb_stems has ruled it out)."""
    if head in P.verb_soft:
        return P.verb_soft[head]
    if before_vowel and head[-1:] == "d" and _ends_vowel(head[:-1], P) and _syllables(head, P) >= 2:
        return head[:-1] + "t"
    return head


def bare_verb_key(word: str, P: _Profile, whole: bool = False) -> str | None:
    """The marked key of a word that may be a bare verb stem (the 2nd-person imperative, and
    a dictionary's or treebank's lemma): one syllable ending in a consonant (``yaz``, ``çək``,
    ``et``, ``qorx``) or ``de``, ``ye``, or ending in a verb-forming suffix in harmony: ``-lA``, ``-lAş``, ``-lAt``
    (``başla``, ``razılaş``, ``işlət``); when *whole* (the noun rules found no ending in it),
    also ``-Ar``, ``-Iş``, ``-Aş``, ``-Al`` (``göstər``, ``danış``, ``sağal``: nouns of that shape,
    ``şəhər``, get a key no verb form has). Other polysyllables are mostly nouns (``dövlət``,
    ``vətən``) or noun forms (``-dIr`` is also the copula: ``kitabdır``) and get no verb key."""
    if word in P.known or word in P.function_words or not word.isalpha():
        return None
    n = _syllables(word, P)
    if n == 1:  # a final cluster only as native verbs have it (qorx, qalx, sürt), not elm, xalq;
        # of two letters ending in a vowel, only e (de, ye: bu, su are not verbs; folded, e is ə too)
        single = len(word) >= 2 and _ends_consonant(word, P) and (word[-2] in P.vowels or word[-2:] in P.verb_clusters)
        cv = len(word) == 2 and word[-1] == "e" and not P.folded
        return word + VERB_MARK if single or cv else None
    for suffix, fv, kind in P.verb_suffixes + (P.bare_verb_endings if whole else ()):
        if word.endswith(suffix) and _valid(word[: -len(suffix)], P) and _harmonic(word[: -len(suffix)], fv, kind, P):
            return word + VERB_MARK
    return None


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
