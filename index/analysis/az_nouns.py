"""Azerbaijani noun rules: one suffix per slot stripped from the end (copula, case,
possessive, plural), with buffer consonants and stem changes undone, and the other readings
of an ambiguous form collected on the way. See ``azerbaijani`` for the rules.
"""

from __future__ import annotations

from .az_rules import (
    _ends_consonant,
    _ends_vowel,
    _harmonic,
    _harmonic_high_end,
    _last_vowel,
    _Profile,
    _syllables,
    _valid,
)


def _decide_n(stem: str, P: _Profile) -> str:
    """``stem`` + ``nIn``/``nI``: is the ``n`` a buffer (→ stem) or the stem's (→ stem+n)?"""
    with_n = stem + "n"
    if with_n in P.known:
        return with_n
    if stem in P.known:
        return stem
    if not _valid(stem, P):
        return with_n
    v = stem[-1]
    if v in P.mid_round:  # rayonu, regionun
        return with_n
    if v in P.high:
        if _harmonic_high_end(stem, P):  # təşkilatı+nın: both readings give the same key
            return stem
        return with_n if v in P.round_high else stem  # qanunun vs ərazinin
    if v == P.a:
        if stem.endswith(P.vowel_final_a) or (stem.endswith(P.verbal_noun_a) and len(stem) >= 5):
            return stem  # Rusiyanın, respublikanın, açıqlamanı
        return with_n  # Azərbaycanın, Ermənistanın
    return stem  # münaqişənin, mövqenin


def _decide_s(stem: str, P: _Profile) -> str:
    """``stem`` + ``sI``: possessive after a vowel (→ stem) or an s-final stem + ``I``?"""
    with_s = stem + "s"
    if with_s in P.known:
        return with_s
    if stem in P.known or _valid(stem, P):
        return stem
    return with_s


def _k_pattern(base: str, P: _Profile) -> bool:
    """Does a vowel-final *base* look like -lik/-lük or the participle -dik/-dük (+k)?"""
    if len(base) < 4 or base[-1] not in P.front_high or base[-2] not in "ld":
        return False
    lv = _last_vowel(base[:-1], P)
    return lv in P.front_possible and _harmonic(base[:-1], base[-1], "I", P)


def _fix(stem: str, mode: str, P: _Profile, alts: list[str] | None = None) -> str:
    """Undo stem changes after stripping a vowel-initial suffix (*mode* ``A``: dative
    ``-A``; ``I``: ``-I``/``-In``; ``L``: ``-lA`` after a buffer ``y``). Where the
    y → k rule guesses, the y-final reading goes to *alts* (dəstəyi, but muzeyi)."""
    if stem in P.vowel_drop:
        return P.vowel_drop[stem]
    if len(stem) < 2 or stem[-2] not in P.vowels:
        return stem
    c = stem[-1]
    if c == P.soft_q:
        return stem if stem in P.gh_stems else stem[:-1] + "q"
    if c != "y" or stem in P.known:
        return stem
    base = stem[:-1]
    if mode != "L" and base + "k" in P.k_stems:
        return base + "k"
    if base in P.known:
        if alts is not None:
            alts.append(stem)  # qalayı: qalay + ı, or qala + yı
        return base
    if mode == "I":
        # A consonant-type suffix: the y is the stem's own, or a k before a vowel.
        if base[-1] in P.front_possible and _valid(base, P):
            if alts is not None and not _k_pattern(base, P):
                alts.append(stem)  # not after -lik, -dik: katibliyi is katiblik's
            return base + "k"
        return stem
    if mode == "A" and _k_pattern(base, P):
        return base + "k"
    if mode == "A" and alts is not None and _valid(base, P):
        # köpəyə: köpə + yə, or köpək + ə; tramvaya: tramva + ya, or tramvay + a
        alts.append(base + "k" if base[-1] in P.front_possible else stem)
    return base if _valid(base, P) else stem


# ---------------------------------------------------------------------------------------
# One pass: copula, case, possessive, plural


Alts = list[str]  # other readings of a form met on the way: each is reduced to a key of its own


def _strip_verb(s: str, P: _Profile, alts: Alts) -> str:
    if len(s) >= 5 and s.endswith(P.infinitive) and s not in P.known:
        return s[:-1]  # etmək → etmə (the verbal noun)
    return s


def _strip_copula(s: str, P: _Profile, alts: Alts) -> str:
    for name in ("COPPL", "COP"):
        for surf, fv, kind in P.sfx[name]:
            if s.endswith(surf):
                r = s[: -len(surf)]
                if _harmonic(r, fv, kind, P):
                    if _valid(r, P):
                        return r
                    _short_reading(r, alts, P)  # undur, izdir
    for surf, fv, kind in P.sfx["PAST"]:  # olmuşdu → olmuş, edirdi → edir
        if s.endswith(surf):
            r = s[: -len(surf)]
            if len(r) >= 4 and _harmonic(r, fv, kind, P) and (
                    r[-3:] in P.mis or (r[-1] == "r" and r[-2] in P.high and _ends_consonant(r[:-2], P)
                                        and _harmonic(r[:-2], r[-2], "I", P))):
                return r
    for surf, _, _ in P.sfx["KI"]:  # arasındakı → arasında
        if s.endswith(surf) and s[:-2][-2:] in P.loc:
            return s[:-2]
    return s


def _strip_case(s: str, P: _Profile, alts: Alts) -> str:
    for surf, fv, kind, rule in P.case:
        if not s.endswith(surf):
            continue
        r = s[: -len(surf)]
        if not _harmonic(r, fv, kind, P):
            continue
        if rule == "any":
            out = r
        elif rule == "loc":  # -dA, unless it is the dative -A of a listed d-final stem
            out = r + "d" if r + "d" in P.d_stems else r
            if out == r and _syllables(r, P) <= 3:
                alts.append(r + "d")  # söyüdə: söyüd + ə, or söyü + də
        elif rule == "n_hv":  # -nA, -ndA, -ndAn after a possessive; else the n is the stem's
            if r + "n" in P.known:
                out = r + "n"
            elif _harmonic_high_end(r, P):
                out = r
            else:
                continue  # -A, -dA, -dAn after an n-final stem: the shorter candidate
        elif rule == "n_v":
            if not _ends_vowel(r, P):
                continue
            out = _decide_n(r, P)
            if out != r and r not in P.known and r + "n" not in P.known and _syllables(r, P) <= 3:
                alts.append(r)  # alçanın: alçan + ın, or alça + nın (not a long name: Ermənistanın)
            elif out == r and r not in P.known and _syllables(r, P) <= 3:
                alts.append(r + "n")  # vitaminin: vitamin + in, or vitami + nin
        elif rule == "ins_y":  # -ylA after a vowel (or a y-final stem + -lA)
            out = _fix(r + "y", "L", P)
        elif rule == "ins_c":
            if not _ends_consonant(r, P):
                continue
            out = _fix(r, "L", P)
        elif rule == "c_i":
            if not _ends_consonant(r, P):
                continue
            out = _fix(r, "I", P, alts)
        else:  # c_a
            if not _ends_consonant(r, P):
                continue
            if P.folded and surf == P.a and r.endswith("iy") and r[:-1] not in P.known:
                # Folded "-iya" is far more often a stem (Rusiya, diplomatiya) than a
                # dative after an ı-final stem (qapıya): ı and i no longer differ.
                continue
            out = _fix(r, "A", P, alts)
        if _valid(out, P):
            return out
        _short_reading(out, alts, P)
    return s


def _strip_possessive(s: str, P: _Profile, alts: Alts) -> str:
    for surf, fv, kind, rule in P.poss:
        if not s.endswith(surf):
            continue
        r = s[: -len(surf)]
        if not _harmonic(r, fv, kind, P):
            continue
        if rule == "c_i":
            if not _ends_consonant(r, P):
                continue
            out = _fix(r, "I", P, alts)
        elif rule == "v":
            if not _ends_vowel(r, P):
                continue
            out = r
        elif rule == "s_v":
            if not _ends_vowel(r, P):
                continue
            out = _decide_s(r, P)
            if out != r and r + "s" not in P.known:
                alts.append(r)  # an s-final stem + ı, or a possessive -sı
            elif out == r and r not in P.known and _syllables(r, P) <= 3:
                alts.append(r + "s")  # polisi: poli + sı, or polis + i
        else:
            continue
        if _valid(out, P):
            return out
        _short_reading(out, alts, P)
    return _strip_person(s, P, alts)


def _strip_person(s: str, P: _Profile, alts: Alts) -> str:
    """1st and 2nd person singular possessives (``-(I)m``, ``-n`` after a vowel).

    They end like many stems (``müəllim``, ``vətən``), so the form keeps its own key and
    the shorter reading is an alternative, unless a plural before them settles it
    (``alətlərim``). Words of four syllables and more that end in a vowel + ``n`` are taken
    as stems (``Azərbaycan`` is not ``Azərbayca`` + ``n``).
    """
    for surf, fv, kind in P.sfx["P1SG_C"]:
        if s.endswith(surf):
            r = s[: -len(surf)]
            if _ends_consonant(r, P) and _harmonic(r, fv, kind, P):
                out = _fix(r, "I", P, alts)
                if _strip_plural(out, P, alts) != out:
                    return out
                if _valid(out, P):
                    alts.append(out)
                else:
                    _short_reading(out, alts, P)
            break
    r = s[:-1]
    if len(s) >= 4 and _ends_vowel(r, P) and (
            s[-1] == "m" or (s[-1] == "n" and s[-3] != "y" and _syllables(r, P) <= 3)):
        # ordum, anan (not the participle -yAn: dəstəkləyən). The stem is r as its bare
        # form is keyed (alça → alç, kukla → kuk, qurbağa → qurbaq), never a key much
        # shorter than r (islam is not isla).
        key = _core(r, P, [])
        # hakim is not haki + m; a long vowel-final loan may break harmony (mirvari + m)
        disharmonic = (r[-1] in P.high and not _harmonic(r[:-1], r[-1], "I", P)
                       and _syllables(r, P) < 3)
        near = len(key) >= 3 and len(r) - len(key) <= 2 and (
            r.startswith(key) or (key[-1] == "q" and r.startswith(key[:-1] + P.soft_q)))
        if not disharmonic and near:
            alts.append(key)
    return s


def dropped_vowel(key: str, P: _Profile) -> str | None:
    """The key without its last vowel, for a two-syllable key that ends in a single consonant,
    a high vowel in harmony and a consonant: a noun of that shape may lose the vowel before a
    vowel suffix (``fəsil`` / ``fəsli``, ``çiyin`` / ``çiyni``), and no list can hold them all,
    so both keys are indexed."""
    if (len(key) >= 4 and _syllables(key, P) == 2 and key[-4] in P.vowels and _ends_consonant(key, P)
            and _ends_consonant(key[:-2], P) and key[-2] in P.high and _harmonic(key[:-2], key[-2], "I", P)):
        return key[:-2] + key[-1]
    return None


def _short_reading(stem: str, alts: Alts, P: _Profile) -> None:
    """A two-letter stem of a vowel and a consonant (``at``, ``ət``, ``ər``, ``od``) is too
    short to be the only reading of a form, but is one of them (``atı``, ``ətin``)."""
    if len(stem) == 2 and stem[0] in P.vowels and _ends_consonant(stem, P):
        alts.append(stem)


def _strip_plural(s: str, P: _Profile, alts: Alts) -> str:
    for surf, fv, kind in P.sfx["PL"]:
        if s.endswith(surf):
            r = s[: -len(surf)]
            if _harmonic(r, fv, kind, P):
                if _valid(r, P):
                    return r
                _short_reading(r, alts, P)
    return s


_STEPS = (_strip_verb, _strip_copula, _strip_case, _strip_possessive, _strip_plural)


def _core(word: str, P: _Profile, alts: Alts) -> str:
    s = word
    for _ in range(12):
        if s in P.known:
            break
        before = s
        for step in _STEPS:
            s = step(s, P, alts)
            if s in P.known:
                break
        if s == before:
            break
    if len(s) >= 2 and s[-1] == P.soft_q and s[-2] in P.vowels and s not in P.gh_stems:
        s = s[:-1] + "q"
    return P.irregular.get(s, s)
