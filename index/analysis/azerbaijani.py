"""Azerbaijani (North, Latin script) word keys: Turkic lower-casing, diacritic folding
and a rule-based suffix-stripping stemmer.

Every public function is a plain module-level function of one string, so Whoosh can
pickle analyzers that use them by reference.

The stemmer
-----------
A search stemmer must give every inflected form of a word the same key and different
words different keys; the key need not be a dictionary form. Nouns take suffixes in a
fixed order, each in several shapes chosen by vowel harmony::

    stem + plural (-lAr) + possessive + case + copula (-dIr)

(``A`` is the two-way vowel a/ə, ``I`` the four-way ı/i/u/ü.) One pass strips at most
one suffix per slot from the end (copula, case, possessive, plural), checking for each
candidate that

- its vowel agrees with the last vowel of what remains (harmony);
- its buffer consonant fits: the ``n`` of ``-nIn/-nI/-nA/-ndA/-ndAn``, the ``s`` of
  ``-sI``, the ``y`` of ``-yA/-ylA``; a bare vowel suffix (``-A``, ``-I``, ``-In``)
  only after a consonant;
- at least three letters with a vowel remain (a few two-letter noun stems such as
  ``il``, ``ad``, ``iş`` are listed).

Passes repeat until nothing changes, so a stem that itself ends in something shaped
like a suffix is reduced the same way in every form of the word (``münaqişə``,
``münaqişəyə``, ``münaqişənin`` all give ``münaqiş``), while a final vowel that breaks
harmony is part of the stem and stays (``qətnamə``, ``əlaqə``, ``ərazi``).

Where a buffer consonant and a stem-final consonant look the same, a rule decides
(and small word lists override it):

- ``-nIn``/``-nI`` after a vowel: the ``n`` belongs to the stem after ``a`` (but not
  ``-ya``, ``-ika``, ``-ma``: ``Azərbaycanın`` vs ``Rusiyanın``), after ``o``/``ö``
  (``rayonu``) and after a ``u``/``ü`` that breaks harmony (``qanunun``); otherwise
  it is the buffer (``münaqişənin``, ``ərazinin``).
- ``-sI`` after a vowel is the possessive (``ərazisi``) unless the stem is listed as
  ending in ``s`` (``əsası``, ``prosesi``).
- ``y`` before a vowel suffix: a dative ``-yA`` has a buffer ``y`` (``münaqişəyə``)
  unless the stem is listed as ending in ``k`` or it is ``-lik/-lük``, ``-dik/-dük``
  (``katibliyə``, ``etdiyə``); before ``-I``/``-In`` a front-vowel word ends in ``k``
  (``dəstəyi`` → ``dəstək``, ``katibliyi`` → ``katiblik``) and a back-vowel one in
  ``y`` (``sarayı``), except listed words such as ``mövqe`` (``mövqeyi``).
- ``ğ`` before a vowel is ``q`` (``əməkdaşlığın`` → ``əməkdaşlıq``), except in listed
  ``ğ``-final stems (``Qarabağ``, ``dağ``).
- A few listed nouns lose their last vowel before a vowel suffix (``fikri`` → ``fikir``,
  ``oğlu`` → ``oğul``).

Derivation is left alone (``-lIq``, ``-lI``, ``-sIz``, ``-çI`` words keep their own
keys). Verbs, on the noun side: copula/past after ``-mIş`` and ``-Ir`` (``olmuşdur``,
``olmuşdu`` → ``olmuş``; ``edirdi`` → ``edir``) and the infinitive ``-mAq`` joins the
verbal noun ``-mA`` (``etmək``, ``etməsi``, ``etməyə``).

Several readings
----------------
Where the grammar allows two readings the rules cannot choose between, ``keys`` gives
each (the first is the rule's choice, as ``stem`` returns it); the analyzer indexes every
key at the word's position and a query word searches them all, so two forms meet when
their keys intersect:

- a 1st/2nd-person singular possessive or a stem ending the same way: ``müəllim`` →
  ``müəllim``, ``müəll``; ``açarım`` → ``açarım``, ``açar``; ``anan`` → ``anan``,
  ``ana`` (harmony rules it out in ``hakim``; words of four syllables and more are
  stems: ``Azərbaycan``);
- an ``n`` or ``s`` of the stem or a buffer where the rule chose the stem's:
  ``alçanın`` → ``alçan``, ``alç`` (the bare ``alça`` gives ``alç``);
- a two-letter stem of a vowel and a consonant: ``atı`` → ``atı``, ``at`` (``ət``,
  ``ər``, ``od``);
- a verb form: the verb's stem, marked with ``-`` so it never equals a noun key
  (``keçirilmişdir`` → ``keçir-``, ``edilmişdir`` and ``etmək`` → ``et-``): past ``-dI``,
  evidential ``-mIş``, present ``-Ir``, future ``-AcAq``, participles ``-An``/``-dIq``,
  converbs ``-Ib``/``-ArAq``, verbal nouns ``-mA``/``-mAq``, each with the person endings
  or noun inflections that follow it, after negation ``-mA`` and passive ``-Il``/``-In``
  are undone; only a verb-shaped stem counts (one syllable, or ending like ``-lA``,
  ``-Ir``, ``-t``, ``-Iş``: ``azərbayc-`` is not a verb). A form with two verb readings
  gets both (``keçirdi``: ``keçir-`` + ``di`` or ``keç-`` + ``ir`` + ``di``).

``is_attached_suffix`` is the one rule for suffixes written after a hyphen or apostrophe
(``İƏT-lərin``, ``İKT-nin``, ``1992-ci``, ``Bakı'da``): the analyzer's compound filter
drops them, so ``keys`` sees single words.

The folded variant (``stem_folded``) runs the same tables, folded: after folding
``ı``/``i``, ``ə``/``e``, ``o``/``ö``, ``u``/``ü`` merge, so harmony accepts every
vowel some unfolded spelling would accept. Its keys are only meant to agree with
themselves (``stem_folded(fold(x))``), not with ``stem``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["fold", "is_attached_suffix", "keys", "keys_folded", "stem", "stem_folded", "turkic_lower"]


# ---------------------------------------------------------------------------------------
# Case and diacritics


def turkic_lower(text: str) -> str:
    """Lower-case with Turkic ``İ``→``i`` and ``I``→``ı``, after NFC.

    The result has exactly as many characters as ``unicodedata.normalize("NFC", text)``
    (one output character per input character), so token offsets computed on NFC text
    stay valid; callers that need offsets into the original should pass NFC text (a
    decomposed ``I`` + U+0307 is composed to ``İ`` by NFC and so becomes ``i``). It never
    introduces U+0307; a stray ``i`` + U+0307 already in the input is left as it is.
    """
    s = unicodedata.normalize("NFC", text)
    if "İ" in s or "I" in s:
        s = s.replace("İ", "i").replace("I", "ı")
    low = s.lower()
    if len(low) == len(s):
        return low
    # Some other character lower-cases to several: keep such a character as it is.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in s)


_FOLD_TABLE = str.maketrans({
    "ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u",
    "Ə": "E", "Ş": "S", "Ç": "C", "Ğ": "G", "Ö": "O", "Ü": "U", "İ": "I",
})


def fold(word: str) -> str:
    """A diacritic-free key for lower-cased text: ``azərbaycan`` → ``azerbaycan``.

    ə→e, ı→i, ş→s, ç→c, ğ→g, ö→o, ü→u, and any other combining mark is dropped (NFD,
    strip, NFC). Characters map one to one on NFC input without stray marks.
    """
    s = unicodedata.normalize("NFC", word).translate(_FOLD_TABLE)
    if s.isascii():
        return s
    stripped = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


# ---------------------------------------------------------------------------------------
# Word lists (native spelling; the folded profile folds them)

# Function words: returned unchanged when they are the whole word (their "stems" would
# be other words: ilə/il, kimi/kim, altı/alt); inflected forms are stemmed as usual.
_FUNCTION_WORDS = """
ilə isə idi imiş ikən üçün kimi görə qədər həmin həm bütün hər heç bəzi digər başqa
yenə yeni belə elə necə hələ daha sonra əvvəl sonrakı əvvəlki indiki indi artıq hətta
yalnız ancaq lakin amma çünki əgər həmçinin həmişə dair barədə barə üzrə biz siz onlar
bunlar onun bunun ona buna onu bunu onda bunda ondan bundan onların bunların mən sən
və ya yaxud ki ilk bir iki üç dörd beş altı yeddi səkkiz doqquz on iyirmi otuz qırx
əlli altmış yetmiş səksən doxsan yüz özləri yəni hansı qəsdən
""".split()

# Stems ending in a vowel that the rules would shorten: suffix look-alikes (qayda:
# -da, məsələ: -lə), words whose shortened form is another word (tələbə/tələb,
# Gəncə/gənc, qara/qar) and names that should stay whole.
_VOWEL_STEMS = """
bakı gəncə şuşa xocalı qubadlı füzuli xankəndi ağcabədi şəki şamaxı quba bərdə
ağdərə xızı masallı saatlı yardımlı imişli kəngərli zaqatala astara culfa ağstafa
neftçala qəbələ ağsu xocavənd cəbrayıl
avropa asiya afrika amerika fransa kanada moskva ankara haaqa cenevrə qahirə türkiyə
səudiyyə cidda mədinə məkkə kasablanka ruanda uqanda
məsələ mərhələ müqavilə ailə cümlə qayda fayda nümayəndə abidə əqidə pərdə mədə vədə
tələbə hissə dəfə gecə səhnə qala bala xala lalə qara sıra para ata ana ada bina masa
xəta dərə kürə gülə dana yara mina forma norma erməni əli qazi rəsmi mövzu ordu radio
kino metro sənaye kafe xəzinə qəbilə vasitə nöqtə dəstə bura ora ara sonra
mövqe mənşə mənbə şüa hadisə mədəni piyada mənafe
""".split()

# Stems ending in n after a vowel where the rules would take the n for a buffer (or
# strip -In): vətənin, düşmənin, zamanı, Laçın.
_N_STEMS = """
vətən bədən mədən yəmən həsən düşmən siyəzən daşkəsən zaman liman roman osman süleyman
alman duman putin berlin lenin laçın qadın qırğın dərin təmin yəqin hüseyn əmin yaxın
uyğun kəskin orden fələstin uzun
""".split()

# Stems ending in s after a vowel (əsası is əsas + ı, not əsa + sı).
_S_STEMS = """
əsas proses konqres kongres adres proqres stres ekspres nəfəs qəfəs həvəs status
konsensus korpus virus bonus fokus paris tunis
""".split()

# Stems ending in d whose dative -A looks like a locative -dA (kəndə is kənd + ə).
_D_STEMS = """
kənd sərhəd məqsəd ümid sənəd məscid ədəd bağdad fərd yurd dərd əhməd məhəmməd həmid
""".split()

# Stems ending in y after a vowel (sarayı, Gədəbəyə).
_Y_STEMS = """
saray alay dubay şanxay nikolay gədəbəy göyçay həmrəy
""".split()

# Front-vowel stems ending in k (k → y before a vowel: dəstəyi, köməyə).
_K_STEMS = """
dəstək əmək kömək ürək çörək çiçək istək dilək yemək ipək külək bəzək ətək inək kürək
bilək göbək döşək köynək gələcək bölük örtük böyük kiçik gerçək yüksək ördək börək
şimşək ələk kəpək ilik
""".split()

# Stems really ending in ğ (everything else's ğ before a vowel is a q).
_GH_STEMS = """
dağ bağ ağ sağ yağ çağ qarabağ şahdağ bozdağ
""".split()

# Nouns that drop their last vowel before a vowel suffix (fikir / fikri, oğul / oğlu).
_VOWEL_DROP = """
fikir beyin ağız oğul burun şəkil isim ömür sinif qəbir səbir nəsil zehin boyun
alın qarın bağır könül sətir ağıl ətir qəlib
""".split()

# Two-letter noun stems that suffixes may be stripped down to (ildə, adı, işlər).
_SHORT_STEMS = """
il ad ay iş əl ev üz öz su
""".split()

# Other stems ending in something the rules would strip (dollar: -lar, Bahadır: -dır).
_OTHER_STEMS = """
dollar bahadır nadir qədir müdir
""".split()


# A noun whose stem takes y before a vowel suffix, as if it ended in y (su / suyu, suyun).
_IRREGULAR = {"suy": "su"}

# Verb endings a verb key is found by: past, evidential, present, future, participles
# (-An, -dIq, -AcAq), converbs (-Ib, -ArAq), verbal nouns (-mA, -mAq); the person endings
# or noun inflections that may follow them; t → d before a vowel in et- and get-.
_VERB_ENDINGS = {  # ending: what may follow it (person endings; noun inflection; only a plural)
    **dict.fromkeys(("dI", "Ir", "Ib", "ArAq", "ArAk"), "person"),
    **dict.fromkeys(("mIş", "An"), "plural"),
    **dict.fromkeys(("AcAq", "AcAk", "AcAğ", "AcAy", "dIq", "dIk", "dIğ", "dIy", "mA", "mAq", "mAk", "mAğ",
                     "mAy"), "noun"),
}
_VERB_PERSON = ("m", "n", "q", "k", "Im", "In", "nIz", "lAr", "dIr", "dIrlAr", "dI", "dIlAr", "Am", "sAn",
                "Iq", "Ik", "sInIz", "Iz")
_VERB_SOFT = {"ed": "et", "ged": "get"}
VERB_MARK = "-"  # a verb key is its stem + "-" (keçir-), so it never equals a noun's key


# ---------------------------------------------------------------------------------------
# Alphabet profiles: native spelling and folded spelling

_N_VOWELS = "aıoueəiöü"
_N_BACK = "aıou"
_N_TWO = {v: ("a" if v in _N_BACK else "ə") for v in _N_VOWELS}
_N_FOUR = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}
_FOLD_CHARS = {"ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u"}

# Suffix templates. A = a/ə, I = ı/i/u/ü (harmonising with the previous vowel).
_TEMPLATES = {
    "PL": "lAr",
    "COP": "dIr", "COPPL": "dIrlAr", "PAST": "dI", "KI": "kI", "MIS": "mIş",
    "GEN_V": "nIn", "GEN_C": "In", "ACC_V": "nI", "POSS3": "I", "POSS3_V": "sI",
    "DAT_N": "nA", "DAT": "A", "LOC_N": "ndA", "LOC": "dA", "ABL_N": "ndAn", "ABL": "dAn",
    "INS_Y": "ylA", "INS": "lA", "P1PL_C": "ImIz", "P1PL_V": "mIz", "P2PL_C": "InIz",
    "P2PL_V": "nIz", "ORD": "cI", "ORD_N": "ncI", "ORD_C": "IncI", "P1SG_C": "Im", "NEG": "mA",
}


def _realize(template: str) -> list[tuple[str, str, str]]:
    """Native surface forms of a template: (surface, first archiphoneme vowel, kind)."""
    outs = [("", "", "", "")]  # (surface, first vowel, kind, last realised vowel)
    for ch in template:
        nxt = []
        for surf, fv, kind, last in outs:
            if ch == "A":
                opts = ["a", "ə"] if not last else [_N_TWO[last]]
            elif ch == "I":
                opts = ["ı", "i", "u", "ü"] if not last else [_N_FOUR[last]]
            else:
                nxt.append((surf + ch, fv, kind, last if ch not in _N_VOWELS else ch))
                continue
            for o in opts:
                nxt.append((surf + o, fv or o, kind or ch, o))
        outs = nxt
    return [(s, fv, k) for s, fv, k, _ in outs]


class _Profile:
    """Everything the stemmer needs for one spelling (native or folded)."""

    def __init__(self, folded: bool, word_lists: bool = True) -> None:
        f = (lambda s: "".join(_FOLD_CHARS.get(c, c) for c in s)) if folded else (lambda s: s)
        # word_lists=False drops the word lists (not the function words or the two-letter
        # stems): the bench's "rules only" row.
        self.folded = folded
        self.vowels = frozenset(f(_N_VOWELS))
        self.high = frozenset(f("ıiuü"))
        self.round_high = frozenset(f("uü"))
        self.mid_round = frozenset(f("oö"))
        self.front_high = frozenset(f("iü"))
        self.front_possible = frozenset(f("eəiöü"))
        self.soft_q = f("ğ")
        # Harmony: for each (folded) last vowel, the set of suffix vowels allowed.
        pre: dict[str, set[str]] = {}
        for v in _N_VOWELS:
            pre.setdefault(f(v), set()).add(v)
        self.allowed = {
            "A": {fv: frozenset(f(_N_TWO[v]) for v in vs) for fv, vs in pre.items()},
            "I": {fv: frozenset(f(_N_FOUR[v]) for v in vs) for fv, vs in pre.items()},
        }
        self.sfx: dict[str, list[tuple[str, str, str]]] = {}
        for name, tpl in _TEMPLATES.items():
            seen: dict[str, tuple[str, str, str]] = {}
            for surf, fv, kind in _realize(tpl):
                s2 = f(surf)
                seen.setdefault(s2, (s2, f(fv), kind))
            self.sfx[name] = list(seen.values())
        self.mis = frozenset(s for s, _, _ in self.sfx["MIS"])
        self.loc = frozenset(s for s, _, _ in self.sfx["LOC"])
        # Case candidates, longest first: (surface, first vowel, kind, rule).
        case = []
        for name, rule in (("ABL_N", "n_hv"), ("ABL", "any"), ("LOC_N", "n_hv"), ("LOC", "loc"),
                           ("INS_Y", "ins_y"), ("GEN_V", "n_v"), ("ACC_V", "n_v"), ("DAT_N", "n_hv"),
                           ("INS", "ins_c"), ("GEN_C", "c_i"), ("DAT", "c_a")):
            for surf, fv, kind in self.sfx[name]:
                case.append((surf, fv, kind, rule))
        case.sort(key=lambda c: -len(c[0]))
        self.case = case
        poss = []
        names = [("P1PL_C", "c_i"), ("P2PL_C", "c_i"), ("P1PL_V", "v"), ("P2PL_V", "v"),
                 ("POSS3_V", "s_v"), ("POSS3", "c_i")]
        for name, rule in names:
            for surf, fv, kind in self.sfx[name]:
                poss.append((surf, fv, kind, rule))
        poss.sort(key=lambda c: -len(c[0]))
        self.poss = poss
        self.function_words = frozenset(f(w) for w in _FUNCTION_WORDS)
        self.vowel_stems = frozenset(f(w) for w in (_VOWEL_STEMS if word_lists else ()))
        self.n_stems = frozenset(f(w) for w in (_N_STEMS if word_lists else ()))
        self.s_stems = frozenset(f(w) for w in (_S_STEMS if word_lists else ()))
        self.y_stems = frozenset(f(w) for w in (_Y_STEMS if word_lists else ()))
        self.k_stems = frozenset(f(w) for w in (_K_STEMS if word_lists else ()))
        self.gh_stems = frozenset(f(w) for w in (_GH_STEMS if word_lists else ()))
        self.d_stems = frozenset(f(w) for w in (_D_STEMS if word_lists else ()))
        self.short = frozenset(f(w) for w in _SHORT_STEMS)
        self.vowel_drop = {f(w[:-2] + w[-1]): f(w) for w in (_VOWEL_DROP if word_lists else ())}
        other = frozenset(f(w) for w in (_OTHER_STEMS if word_lists else ()))
        self.known = (self.vowel_stems | self.n_stems | self.s_stems | self.y_stems | self.k_stems
                      | self.gh_stems | self.d_stems | self.short | other
                      | frozenset(self.vowel_drop.values()))
        self.infinitive = (f("maq"), f("mək"))
        # Suffix chains accepted after a hyphen or apostrophe (İƏT-in, 1992-ci, Bakı'da).
        slot_names = [("COP",), ("LOC_KI", "ABL_N", "ABL", "LOC_N", "LOC", "INS_Y", "INS", "GEN_V",
                                 "GEN_C", "ACC_V", "POSS3", "DAT_N", "DAT"),
                      ("P1PL_C", "P1PL_V", "P2PL_C", "P2PL_V", "POSS3_V", "POSS3"), ("PL",),
                      ("ORD", "ORD_N", "ORD_C")]
        ki = [s for s, _, _ in self.sfx["KI"]]
        extra = {"LOC_KI": [l + k for l in self.loc for k in ki]
                 + [f("n") + l + k for l in self.loc for k in ki]}
        slots = []
        for names_ in slot_names:
            surfs: set[str] = set()
            for n in names_:
                surfs.update(extra[n] if n in extra else (s for s, _, _ in self.sfx[n]))
            slots.append(tuple(sorted(surfs, key=len, reverse=True)))
        self.tail_slots = tuple(slots)
        # Same for the vowel classes used by the n-buffer rule.
        self.a = f("a")
        self.vowel_final_a = (f("ya"), f("ika"))
        self.verbal_noun_a = f("ma")
        self.irregular = {f(k): f(v) for k, v in _IRREGULAR.items()}
        # Verbs: endings (longest first), the person endings that may follow, negation,
        # passive, and the et- / ed- alternation.
        endings = {(f(surf), f(fv), kind, after) for tpl, after in _VERB_ENDINGS.items()
                   for surf, fv, kind in _realize(tpl)}
        self.verb_endings = sorted(endings, key=lambda e: -len(e[0]))
        self.plural = tuple(s for s, _, _ in self.sfx["PL"])
        self.verb_person = frozenset(f(surf) for tpl in _VERB_PERSON for surf, _, _ in _realize(tpl))
        self.present = frozenset(f(surf) for surf, _, _ in _realize("Ir"))
        self.negation = tuple(s for s, _, _ in self.sfx["NEG"])
        self.passive_c = tuple(f(surf) for surf, _, _ in _realize("Il"))
        self.passive_l = tuple(f(surf) for surf, _, _ in _realize("In"))
        self.verb_soft = {f(k): f(v) for k, v in _VERB_SOFT.items()}
        self.verb_final = frozenset(f("rtşln"))


_NATIVE = _Profile(folded=False)
_FOLDED = _Profile(folded=True)


# ---------------------------------------------------------------------------------------
# Helpers


def _last_vowel(s: str, P: _Profile) -> str | None:
    for c in reversed(s):
        if c in P.vowels:
            return c
    return None


def _harmonic(stem: str, vowel: str, kind: str, P: _Profile) -> bool:
    """May a suffix whose first vowel is *vowel* (archiphoneme *kind*) follow *stem*?"""
    lv = _last_vowel(stem, P)
    return lv is not None and vowel in P.allowed[kind][lv]


def _syllables(s: str, P: _Profile) -> int:
    return sum(c in P.vowels for c in s)


def _valid(stem: str, P: _Profile) -> bool:
    """At least three letters with a vowel, or a listed two-letter stem."""
    if stem in P.short:
        return True
    return len(stem) >= 3 and any(c in P.vowels for c in stem)


def _ends_vowel(s: str, P: _Profile) -> bool:
    return bool(s) and s[-1] in P.vowels


def _ends_consonant(s: str, P: _Profile) -> bool:
    return bool(s) and s[-1].isalpha() and s[-1] not in P.vowels


def _harmonic_high_end(s: str, P: _Profile) -> bool:
    """Does *s* end in a consonant + a high vowel in harmony (a 3rd-person possessive)?"""
    return (len(s) >= 3 and s[-1] in P.high and _ends_consonant(s[:-1], P)
            and _harmonic(s[:-1], s[-1], "I", P))


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
                if _harmonic(r, fv, kind, P) and _valid(r, P):
                    return r
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
            out = _fix(r, "A", P)
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
    if len(s) >= 4 and _ends_vowel(r, P) and s[-3] != "y" and (
            s[-1] == "m" or (s[-1] == "n" and _syllables(r, P) <= 3)):
        # ordum, anan (not the participle -yAn: dəstəkləyən). The stem is r as its bare
        # form is keyed (alça → alç, dünya → dün), never r less a case suffix (islam is
        # not isla).
        key = _core(r, P, [])
        disharmonic = r[-1] in P.high and not _harmonic(r[:-1], r[-1], "I", P)  # hakim: not haki + m
        if not disharmonic and (key in (r, r[:-1]) or (r[-2] == "y" and key == r[:-2])):
            alts.append(key)
    return s


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


_MAX_NOUN_KEYS = 3  # readings of the noun; at most two verb readings follow


def _word_keys(word: str, P: _Profile) -> tuple[str, ...]:
    """The form's key, then the keys of the other readings met on the way (two levels)."""
    alts: Alts = []
    out = [_core(word, P, alts)]
    for depth in range(2):
        found, alts = alts, []
        for r in dict.fromkeys(found):
            key = _core(r, P, alts if depth == 0 else [])
            if key not in out:
                out.append(key)
    nouns = out[:_MAX_NOUN_KEYS]
    return tuple(nouns + [v for v in _verb_keys(word, P) if v not in nouns])


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
        noun = person or _is_tail(tail, P.tail_slots)
        if not noun:
            continue
        body = word[: len(word) - t]
        for surf, fv, kind, after in P.verb_endings:
            if body.endswith(surf) and (person or after == "noun"
                                        or (after == "plural" and tail.startswith(P.plural))):
                for stem in _verb_stems(body[: -len(surf)], surf, fv, kind, P):
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


def _is_tail(tail: str, slots: tuple[tuple[str, ...], ...], i: int = 0) -> bool:
    """Is *tail* made only of inflectional suffixes (in slot order, from the end)?"""
    if not tail:
        return True
    for j in range(i, len(slots)):
        for surf in slots[j]:
            if tail.endswith(surf) and _is_tail(tail[: -len(surf)], slots, j + 1):
                return True
    return False


def is_attached_suffix(part: str) -> bool:
    """Is *part*, written after a hyphen or apostrophe, only an inflection of the word
    before it (``İƏT-lərin``, ``İKT-nin``, ``1992-ci``, ``Bakı'da``)?

    The one rule for such suffixes: the analyzer drops them (the word before keeps its
    key); anything else after a hyphen is a word of its own. Typed without Azerbaijani
    letters (``iet-lerin``) the suffix is recognised too.
    """
    low = fold(turkic_lower(part))
    return bool(low) and low.isalpha() and _is_tail(low, _FOLDED.tail_slots)


def _keys_any(w: str, P: _Profile) -> tuple[str, ...]:
    if not w or not w.isalpha() or w in P.function_words:
        return (w,)
    return _word_keys(w, P)


@lru_cache(maxsize=200_000)
def _keys_native(w: str) -> tuple[str, ...]:
    return _keys_any(w, _NATIVE)


@lru_cache(maxsize=200_000)
def _keys_folded(w: str) -> tuple[str, ...]:
    return _keys_any(w, _FOLDED)


def keys(word: str) -> tuple[str, ...]:
    """The keys of an Azerbaijani word form (lower-cased, native spelling), best first.

    One key for most forms: ``azərbaycanın`` → ``azərbaycan``, ``təşkilatlardan`` →
    ``təşkilat``, ``ərazilərindən`` → ``ərazi``, ``dəstəyi`` → ``dəstək``. A form that
    reads two ways gets a key for each (``müəllim`` → ``müəllim``, ``müəll``: a stem in
    ``-m`` or a 1st-person possessive; ``atı`` → ``atı``, ``at``), and a form that may be
    a verb form also the verb's marked key (``keçirilmişdir`` → …, ``keçir-``). Index
    and query both use every key, so two forms meet when their keys intersect.
    The analyzer splits compounds first: a single word is expected here.
    """
    w = turkic_lower(word.replace("\u0307", "")) if word else word
    return _keys_native(w)


def keys_folded(word: str) -> tuple[str, ...]:
    """The keys of a word form for the folded field: ``fold`` first, then the folded
    rules. Only agreement with itself matters:
    ``keys_folded("soyqırımının")`` meets ``keys_folded("soyqirimi")``."""
    w = fold(turkic_lower(word.replace("\u0307", ""))) if word else word
    return _keys_folded(w)


def stem(word: str) -> str:
    """The first key of an Azerbaijani word form (see ``keys``)."""
    return keys(word)[0]


def stem_folded(word: str) -> str:
    """The first key of a diacritic-free word form (see ``keys_folded``)."""
    return keys_folded(word)[0]
