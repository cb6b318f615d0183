"""Azerbaijani stemmer tables: word lists, suffix templates, the two alphabet profiles
(native and diacritic-free spelling) and the harmony helpers the noun and verb rules share.

See ``azerbaijani`` for the rules themselves.
"""

from __future__ import annotations

from functools import lru_cache

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

# Verb endings a verb key is found by: past, evidential, present, future, aorist (-Ar, negative
# -mAz, -mAr-), conditional (-sA, -ArsA), 3rd-person imperative (-sIn), necessity (-mAlI), participles
# (-An, -dIq, -AcAq), converbs (-Ib, -ArAq, -dIqcA), verbal nouns (-mA, -mAq); the person endings
# or noun inflections that may follow them; t → d before a vowel in et- and get-.
_VERB_ENDINGS = {  # ending: what may follow it (person endings; noun inflection; a plural; a set below)
    **dict.fromkeys(("dI", "Ir", "Ib", "ArAq", "ArAk", "ArsA"), "person"),
    **dict.fromkeys(("mIş",), "plural"),
    **dict.fromkeys(("An", "AcAq", "AcAk", "AcAğ", "AcAy", "dIq", "dIk", "dIğ", "dIy", "mA", "mAq", "mAk", "mAğ",
                     "mAy", "mAlI"), "noun"),
    # Endings an s- or r-final noun's inflection looks like take only some person endings:
    # -Ar alone or with -lAr is a noun (şəhər, yazarlar) unless after a vowel-final stem's y
    # (oxuyar); -sA and -sIn alone are an s-final noun's dative and genitive (dərsə, dərsin).
    "Ar": "aorist", "yAr": "aorist0", "mAz": "neg_aorist", "mAr": "neg_aorist1", "sA": "conditional",
    "sIn": "imperative", "dIqcA": "converb", "dIkcA": "converb",
}
_VERB_AFTER = {  # the person endings a restricted ending takes ("" for none)
    "aorist": ("Am", "sAn", "Iq", "Ik", "sInIz"), "aorist0": ("", "Am", "sAn", "Iq", "Ik", "sInIz", "lAr"),
    "neg_aorist": ("", "sAn", "sInIz", "lAr"), "neg_aorist1": ("Am", "Iq", "Ik"),
    "conditional": ("m", "n", "q", "k", "nIz", "lAr"), "imperative": ("lAr",), "converb": ("",),
}
_VERB_PERSON = ("m", "n", "q", "k", "Im", "In", "nIz", "lAr", "dIr", "dIrlAr", "dI", "dIlAr", "Am", "sAn",
                "Iq", "Ik", "sInIz", "Iz")
_VERB_SOFT = {"ed": "et", "ged": "get"}
_VERB_SUFFIXES = ("lAş", "lAt", "lA")  # verb-forming: razılaş-, işlət-, başla-
# Polysyllabic verb stems that end like these (göstər-, danış-, sağal-) are also nouns as
# often (şəhər, baxış, maral): a word of this shape gets a verb key only when no noun ending was
# found in it (bazar, not bazarlar).
_BARE_VERB_ENDINGS = ("Ar", "Iş", "Aş", "Al")
_VERB_CLUSTERS = ("rx", "lx", "rt")  # final clusters of one-syllable verbs: qorx-, qalx-, sürt-
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
    "DAT_Y": "yA", "ACC_Y": "yI",   # after an acronym read with a final vowel: İKT-yə, BMT-yi
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
                                 "GEN_C", "ACC_V", "ACC_Y", "POSS3", "DAT_N", "DAT_Y", "DAT"),
                      ("P1PL_C", "P1PL_V", "P2PL_C", "P2PL_V", "POSS3_V", "POSS3"), ("PL",),
                      ("ORD", "ORD_N", "ORD_C")]
        ki = [s for s, _, _ in self.sfx["KI"]]
        extra = {"LOC_KI": [loc + k for loc in self.loc for k in ki]
                 + [f("n") + loc + k for loc in self.loc for k in ki]}
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
        # Verb endings by length, longest first: {surface: [(first vowel, kind, what follows)]}.
        by_len: dict[int, dict[str, list[tuple[str, str, str]]]] = {}
        for tpl, after in _VERB_ENDINGS.items():
            for surf, fv, kind in _realize(tpl):
                entry = (f(fv), kind, after)
                bucket = by_len.setdefault(len(surf), {}).setdefault(f(surf), [])
                if entry not in bucket:
                    bucket.append(entry)
        self.verb_endings = sorted(by_len.items(), reverse=True)
        self.plural = tuple(s for s, _, _ in self.sfx["PL"])
        self.verb_person = frozenset(f(surf) for tpl in _VERB_PERSON for surf, _, _ in _realize(tpl))
        self.verb_after = {name: frozenset(f(surf) for tpl in tpls for surf, _, _ in _realize(tpl))
                           for name, tpls in _VERB_AFTER.items()}
        self.present = frozenset(f(surf) for surf, _, _ in _realize("Ir"))
        self.negation = tuple(s for s, _, _ in self.sfx["NEG"])
        self.passive_c = tuple(f(surf) for surf, _, _ in _realize("Il"))
        self.passive_l = tuple(f(surf) for surf, _, _ in _realize("In"))
        self.verb_soft = {f(k): f(v) for k, v in _VERB_SOFT.items()}
        self.verb_final = frozenset(f("rtşln"))
        # Verb-forming suffixes a bare word may end in to be read as a verb stem too (başla, bildir).
        self.verb_clusters = frozenset(f(c) for c in _VERB_CLUSTERS)
        self.verb_suffixes = tuple((f(surf), f(fv), kind) for tpl in _VERB_SUFFIXES for surf, fv, kind in _realize(tpl))
        self.bare_verb_endings = tuple((f(surf), f(fv), kind) for tpl in _BARE_VERB_ENDINGS
                                       for surf, fv, kind in _realize(tpl))


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


def _is_tail(tail: str, slots: tuple[tuple[str, ...], ...], i: int = 0) -> bool:
    """Is *tail* made only of inflectional suffixes (in slot order, from the end)?"""
    if not tail:
        return True
    for j in range(i, len(slots)):
        for surf in slots[j]:
            if tail.endswith(surf) and _is_tail(tail[: -len(surf)], slots, j + 1):
                return True
    return False


@lru_cache(maxsize=50_000)
def _is_tail_of(tail: str, folded: bool) -> bool:
    return _is_tail(tail, (_FOLDED if folded else _NATIVE).tail_slots)
