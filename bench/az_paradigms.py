"""Inflected Azerbaijani forms generated from the grammar, for measuring the stemmer.

The paradigms come from the rules (vowel harmony, buffer consonants, stem changes), not
from the corpus, so they test the stemmer on forms it was never tuned on. The word
lists are ``bench/data/az_nouns.tsv`` and ``bench/data/az_verbs.tsv``; ``read_verb_forms`` reads
the held-out verb forms written out in ``bench/data/az_verbs_unseen.tsv``.

Templates: ``A`` is the two-way vowel (a/ə), ``I`` the four-way one (ı/i/u/ü), both
harmonising with the last vowel of what precedes; ``Q`` is ``q`` after a back vowel and
``k`` after a front one; a leading ``(y)``, ``(n)`` or ``(s)`` is written only after a
vowel, and a leading vowel only after a consonant (``(I)m`` is ``-ım`` after a
consonant, ``-m`` after a vowel).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
VOWELS = "aıoueəiöü"
BACK = "aıou"
_FOUR = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}


@dataclass(frozen=True)
class Lemma:
    """A word of the list with its grammar flags (see the data files' headers)."""

    word: str
    flags: frozenset[str]


def read_lemmas(path: Path) -> list[Lemma]:
    """``word<TAB>flags`` rows, comments and blank lines skipped, duplicates dropped."""
    out: dict[str, Lemma] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, flags = line.partition("\t")
        out.setdefault(word.strip(), Lemma(word.strip(), frozenset(f for f in flags.split(",") if f.strip())))
    return list(out.values())


@dataclass(frozen=True)
class VerbForms:
    """A verb of a written-out list: its stem, infinitive, and (form, feature) rows."""

    stem: str
    infinitive: str
    forms: tuple[tuple[str, str], ...]


def read_verb_forms(path: Path) -> list[VerbForms]:
    """``form<TAB>stem<TAB>infinitive<TAB>feature`` rows, grouped by stem in file order."""
    rows: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise ValueError(f"{path}:{n}: expected form, stem, infinitive, feature (4 tab-separated cells)")
        form, stem, infinitive, feature = cells
        rows.setdefault((stem, infinitive), []).append((form, feature))
    return [VerbForms(stem, inf, tuple(forms)) for (stem, inf), forms in rows.items()]


def _last_vowel(word: str) -> str:
    return next((c for c in reversed(word) if c in VOWELS), "a")


def attach(word: str, template: str) -> str:
    """*word* + the suffix *template*, realised by harmony and buffer rules."""
    if template.startswith("(I)"):
        template = template[3:] if word[-1] in VOWELS else "I" + template[3:]
    elif template.startswith("("):
        template = (template[1] if word[-1] in VOWELS else "") + template[3:]
    out = word
    for ch in template:
        back = _last_vowel(out) in BACK
        if ch == "A":
            out += "a" if back else "ə"
        elif ch == "I":
            out += _FOUR[_last_vowel(out)]
        elif ch == "Q":
            out += "q" if back else "k"
        elif ch == "Ğ":
            out += "ğ" if back else "y"
        else:
            out += ch
    return out


def _softened(lemma: Lemma) -> str:
    """The stem before a vowel: q → ğ, k → y after a vowel (polysyllables), t → d
    (``et-`` / ``ed-``), or the last vowel dropped (``ağız`` / ``ağz``)."""
    word = lemma.word
    if "drop" in lemma.flags:
        i = max(i for i, c in enumerate(word) if c in VOWELS)
        return word[:i] + word[i + 1:]
    if len(word) < 2 or word[-2] not in VOWELS or "noalt" in lemma.flags:
        return word
    if "dsoft" in lemma.flags and word[-1] == "t":
        return word[:-1] + "d"
    if sum(c in VOWELS for c in word) > 1 or "alt" in lemma.flags:
        return word[:-1] + {"q": "ğ", "k": "y"}.get(word[-1], word[-1])
    return word


def _first(lemma: Lemma, template: str) -> str:
    """The lemma + its first suffix, with the stem change a vowel-initial suffix causes."""
    word = lemma.word
    if "ysu" in lemma.flags and (template[0] == "(" or template[0] in "AI"):
        return attach(word + "y", template)  # su / suyu, suyun, suya, suyum
    realised = attach(word, template)
    if word[-1] not in VOWELS and realised[len(word)] in VOWELS:
        return attach(_softened(lemma), template)
    return realised


_POSS = {"1sg": "(I)m", "2sg": "(I)n", "3sg": "(s)I", "1pl": "(I)mIz", "2pl": "(I)nIz"}
_CASE = {"gen": "(n)In", "acc": "(n)I", "dat": "(y)A", "loc": "dA", "abl": "dAn", "ins": "(y)lA"}
_CASE_3P = {"gen": "nIn", "acc": "nI", "dat": "nA", "loc": "ndA", "abl": "ndAn", "ins": "ylA"}


def noun_forms(lemma: Lemma) -> list[str]:
    """Plural × possessive × case, plus copula and ``-dAkI``: about 110 forms a noun."""
    forms: list[str] = []
    for plural in (False, True):
        for poss in (None, *_POSS):
            parts = (["lAr"] if plural else []) + ([_POSS[poss]] if poss else [])
            base = lemma.word
            for i, part in enumerate(parts):
                base = _first(lemma, part) if i == 0 else attach(base, part)
            forms += [base, attach(base, "dIr")]
            for name, tpl in (_CASE_3P if poss == "3sg" else _CASE).items():
                form = attach(base, tpl) if parts else _first(lemma, tpl)
                forms.append(form)
                if name == "loc":
                    forms += [attach(form, "kI"), attach(form, "dIr")]
    return list(dict.fromkeys(f for f in forms if f != lemma.word))


def passive(lemma: Lemma) -> Lemma:
    """The passive stem: ``-n`` after a vowel, ``-In`` after ``l``, else ``-Il``."""
    word = lemma.word
    if word[-1] in VOWELS:
        return Lemma(attach(word + "y", "Il") if len(word) == 2 else word + "n", frozenset())
    if word[-1] == "l":
        return Lemma(attach(word, "In"), frozenset())
    return Lemma(attach(_softened(lemma), "Il"), frozenset())


_VERB_TEMPLATES = (
    # finite: past, evidential, present, future, with person endings
    "dI", "dIm", "dIn", "dIQ", "dInIz", "dIlAr",
    "mIş", "mIşdIr", "mIşdI", "mIşlAr", "mIşdIrlAr",
    "(y)Ir", "(y)IrAm", "(y)IrsAn", "(y)IrIQ", "(y)IrlAr", "(y)IrdI",
    "(y)AcAQ", "(y)AcAĞAm", "(y)AcAQlAr",
    # negation
    "mAdI", "mIr",
    # participles, converbs, verbal nouns
    "(y)An", "(y)AnlAr", "(y)AnlArIn", "dIĞI", "dIĞInI", "dIĞInA", "dIĞImIz", "dIQlArI", "dIQdA",
    "(y)Ib", "(y)ArAQ", "mA", "mAsI", "mAsInA", "mAsInI", "mAQ", "mAQdA", "mAQlA",
)


def verb_forms(lemma: Lemma) -> list[str]:
    """Common finite and non-finite forms of the active and the passive stem."""
    forms = [_first(voice, tpl) for voice in (lemma, passive(lemma)) for tpl in _VERB_TEMPLATES]
    return list(dict.fromkeys(forms))
