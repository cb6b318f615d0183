"""The cross-language glossary (``corpus/glossary.toml``): names of one thing in az, ru, en.

A query word or run of words whose analysed keys equal a glossary form's keys triggers
that entry; its other forms are then searched too, at a lower weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import process

from index.analysis import LANGS
from index.analysis.azerbaijani import fold, turkic_lower
from index.analysis.russian import verbs_of_noun
from index.glossary import Entry, load_entries
from index.store import LEXICON
from index.transliteration import CYRILLIC, MIN_NAME, romanise

from .compiler import is_stop_word, query_terms
from .lexicon import DISTANCE

if TYPE_CHECKING:
    from .translations import Translations

MAX_SPAN = 6
# A span is matched in each language's word-key analysis, in the diacritic-free one, and in
# Russian with case endings and Arabic articles cut: the lemmatiser does not know foreign
# names (аль-Усаймина).
_MATCH_VARIANTS = [(lang, "stem") for lang in LANGS] + [("az", "fold"), ("ru", "name")]
_RU_CASE_ENDING = re.compile(r"(?:ами|ями|ого|его|ому|ему|ой|ей|ом|ем|ах|ях|ов|ев|ам|ям|а|я|у|ю|е|ы|и)$")
_MIN_NAME_STEM = 4
_RU_ARTICLES = frozenset({"аль", "ал", "эль", "эд", "ад"})     # аль-Усаймин is Усаймин
NAME_KINDS = frozenset({"person", "place", "organisation"})
SOUND_SLACK_FROM = 7        # romanised letters from which a name's spellings may differ in one


def match_keys(text: str, lang: str, variant: str) -> tuple[str, ...]:
    """The keys a glossary form or query text is matched by in one variant."""
    if variant != "name":
        return query_terms(text, lang, variant)
    return tuple(_cut_case(t) for t in query_terms(text, lang, "exact") if t not in _RU_ARTICLES)


_EN_ENDINGS = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
               ("ing", ""), ("ing", "e"), ("ly", ""))
# A noun in -ion and its verb are one word to a reader ("mediation" / mediated, "correction" /
# corrected, "condemnation" / condemned); "resolution" is not "resolute", nor "position" "posit-ive".
_EN_ATION = ("ate", "e", "")           # mediation: mediate, declaration: declare, condemnation: condemn
_EN_MIN_ION_STEM = 4                   # letters before the ending ("relation" is not "relate")
_EN_BRITISH = re.compile(r"is(e|ed|es|ing|ation|ations)$")


def _en_bases(word: str) -> set[str]:
    """What an English word may be an inflection of (``clashes``: clash; ``occupied``: occupy;
    ``ministers'``: minister; ``recently``: recent; ``mediation``: mediate), British -ise
    spellings as -ize."""
    w = _EN_BRITISH.sub(r"iz\1", word.casefold().replace("’", "'").removesuffix("'s").removesuffix("'"))
    out = {w}
    for noun in (w, w.removesuffix("s")):
        ending = "ation" if noun.endswith("ation") else "ion" if noun.endswith("ion") else ""
        stem = noun[: -len(ending)] if ending else ""
        if len(stem) >= _EN_MIN_ION_STEM:
            out.update(stem + e for e in (_EN_ATION if ending == "ation" else ("",)))
    for ending, repl in _EN_ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            base = w[: -len(ending)] + repl
            out.add(base)
            if ending in ("ed", "ing") and base[-1] == base[-2]:
                out.add(base[:-1])          # admitted: admit
    return out


# English verbs whose past and participle are not made with -ed (the grammar's list, the verbs a
# report uses): "OIC delegation met", "troops withdrew" meet the lexicon's "meet", "withdraw".
_EN_IRREGULAR = {form: base for base, forms in {
    "arise": "arose arisen", "be": "was were been", "bear": "bore borne born", "beat": "beaten",
    "become": "became", "begin": "began begun", "bind": "bound", "break": "broke broken",
    "bring": "brought", "build": "built", "buy": "bought", "choose": "chose chosen",
    "come": "came", "deal": "dealt", "do": "did done", "draw": "drew drawn", "drive": "drove driven",
    "fall": "fell fallen", "feel": "felt", "fight": "fought", "find": "found", "flee": "fled",
    "forbid": "forbade forbidden", "foresee": "foresaw foreseen", "forget": "forgot forgotten",
    "forgive": "forgave forgiven", "freeze": "froze frozen", "give": "gave given", "go": "went gone",
    "grow": "grew grown", "hold": "held", "keep": "kept", "know": "knew known", "lay": "laid",
    "lead": "led", "leave": "left", "lend": "lent", "lose": "lost", "make": "made", "mean": "meant",
    "meet": "met", "overcome": "overcame", "overthrow": "overthrew overthrown", "pay": "paid",
    "rise": "rose risen", "see": "saw seen", "seek": "sought", "sell": "sold", "send": "sent",
    "shake": "shook shaken", "shoot": "shot", "speak": "spoke spoken", "spend": "spent",
    "stand": "stood", "steal": "stole stolen", "strike": "struck stricken", "swear": "swore sworn",
    "take": "took taken", "teach": "taught", "tell": "told", "think": "thought", "throw": "threw thrown",
    "undergo": "underwent undergone", "understand": "understood", "undertake": "undertook undertaken",
    "uphold": "upheld", "win": "won", "withdraw": "withdrew withdrawn", "withhold": "withheld",
    "write": "wrote written",
}.items() for form in forms.split()}


def en_regular(text: str) -> str:
    """*text* with each irregular English past or participle replaced by its verb (``withdrew``:
    withdraw), so that it meets the verb's entries as a regular ``-ed`` form does."""
    return " ".join(_EN_IRREGULAR.get(w.casefold(), w) for w in text.split())


def english_inflection(text: str, form: str) -> bool:
    """Whether *text* is *form* or an inflection of it, word by word: Snowball gives
    ``position`` and ``positive`` one stem, but one is not the other."""
    a, b = text.split(), form.split()
    if len(a) != len(b):
        return True         # stop words differ: the keys have decided
    return all(_en_bases(x) & _en_bases(y) for x, y in zip(a, b, strict=True))


def with_verbs(forms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """*forms* (lang, form), each Russian verbal noun followed by the verbs it is made from
    (``переименование``, ``переименовать``): the texts report in verbs what an entry names."""
    out = []
    for lang, form in forms:
        out.append((lang, form))
        if lang == "ru" and " " not in form:
            out += [("ru", v) for v in verbs_of_noun(form.casefold()) if ("ru", v) not in forms]
    return out


# A Russian adjective made from a place name: its stem, then the adjective ending.
_RU_PLACE_ADJECTIVE = re.compile(r"([а-яё]{3,}?)ск(?:ий|ая|ое|ие|ого|ой|ому|им|ом|ую|их|ими|ых|ей)")


def ru_place_nouns(text: str) -> list[str]:
    """The place names a Russian adjective may be made from (``тегеранский``: тегеран;
    ``гаагская``: гаага; ``бакинская``: баку; ``стамбульской``: стамбул; ``ходжалинский``: ходжалы)."""
    m = _RU_PLACE_ADJECTIVE.fullmatch(text.casefold())
    if m is None:
        return []
    stems = [m.group(1)]
    if stems[0].endswith("ь"):
        stems.append(stems[0][:-1])
    if stems[0][-2:] in ("ин", "ан", "ен") and len(stems[0]) > 4:
        stems.append(stems[0][:-2])
    return [s + end for s in stems for end in ("", "а", "я", "ы", "и", "у")]


# English adjectives of places and the endings of their nouns: Russian: Russia, Palestinian:
# Palestine, Azerbaijani: Azerbaijan, Senegalese: Senegal, Turkish: Turkey.
_EN_PLACE_ADJECTIVES = (("ian", "ia"), ("ian", "e"), ("ian", ""), ("an", "a"), ("ani", "an"), ("i", ""),
                        ("ese", ""), ("ish", "ey"), ("ish", ""))


def en_place_nouns(text: str) -> list[str]:
    """The place names an English adjective may be made from (``Georgian``: Georgia, ``Turkish``:
    Turkey, ``Palestinian``: Palestine); one word of five letters or more."""
    w = text.casefold()
    if len(w) < 5 or not w.isalpha() or not w.isascii():
        return []
    return [w[: -len(end)] + noun for end, noun in _EN_PLACE_ADJECTIVES if w.endswith(end) and len(w) - len(end) >= 3]


def _cut_case(word: str) -> str:
    m = _RU_CASE_ENDING.search(word)
    return word[:m.start()] if m and m.start() >= _MIN_NAME_STEM else word


@dataclass(frozen=True)
class Match:
    """A run of query groups [start, end) that names a glossary entry."""

    start: int
    end: int
    entry: Entry
    keys: tuple[str, ...]


class Glossary:
    """Look-up from analysed keys to entries; *translations* is the lexicon searched with it."""

    def __init__(self, entries: list[Entry], translations: Translations | None = None) -> None:
        self.entries = entries
        self.translations = translations
        self._by_key: dict[tuple[str, str, tuple[str, ...]], list[Entry]] = {}
        self._en_forms: dict[tuple[tuple[str, ...], str], list[str]] = {}   # (keys, entry id): its forms
        for entry in entries:
            # A Russian verb of an entry's noun names it as the noun does: "решён" is "решение".
            for lang, form in with_verbs(entry.all_forms()):
                for v_lang, variant in _MATCH_VARIANTS:
                    if v_lang != lang:
                        continue
                    keys = match_keys(form, lang, variant)
                    if keys:
                        bucket = self._by_key.setdefault((lang, variant, keys), [])
                        if entry not in bucket:
                            bucket.append(entry)
                        if lang == "en":
                            self._en_forms.setdefault((keys, entry.id), []).append(form)
        # One-word forms without diacritics, for typos in names (``near``), in entry order.
        self._near_forms = [(entry, form) for entry in entries for _, form in entry.all_forms()
                            if " " not in _key(form)]
        self._near_keys = [_key(form) for _, form in self._near_forms]
        # The words of names by their romanised spelling (Heydar, Гейдар, Heydər: "haidar"), per language.
        self._sounds: dict[str, dict[str, str]] = {}
        for entry in entries:
            if entry.kind in NAME_KINDS:
                for lang, form in entry.all_forms():
                    for w in form.split():
                        if len(w) > MIN_NAME and w.isalpha():
                            self._sounds.setdefault(_sound(romanise(w, lang)), {}).setdefault(lang, w)
        self._sound_keys = tuple(self._sounds)

    def sounding(self, word: str) -> dict[str, str]:
        """The word of a glossary name, per language, that *word* writes in another
        transliteration (``Geidar`` for Heydar / Гейдар / Heydər, ``Khodjaly`` for Khojaly): the
        same romanised spelling (Russian г writing h), one letter apart from SOUND_SLACK_FROM
        letters on (``Laraqui``, ``Algabit``); empty when no name word is one."""
        if len(word) <= MIN_NAME or not word.isalpha():
            return {}
        cyrillic = any(ch in CYRILLIC for ch in word.casefold())
        best: dict[str, tuple[float, str]] = {}
        keys = {_sound(romanise(word, lang)) for lang in (("ru",) if cyrillic else ("en", "az"))}
        for key in keys:
            slack = 1 if len(key) >= SOUND_SLACK_FROM else 0
            for cand, dist, _ in process.extract(key, self._sound_keys, scorer=DISTANCE.distance, limit=5,
                                                 score_cutoff=slack):
                for lang, w in self._sounds[cand].items():
                    if dist < best.get(lang, (slack + 1.0, ""))[0]:
                        best[lang] = (dist, w)
        return {lang: w for lang, (_, w) in best.items()}

    def near(self, word: str, maxdist: int) -> list[tuple[Entry, str]]:
        """Entries with a one-word form within *maxdist* edits of *word* (typos in names).

        Both are compared without Azerbaijani diacritics, as the fold field is searched:
        ``Mekka`` is one edit from ``Məkkə``.
        """
        if maxdist <= 0:
            return []
        w = _key(word)
        hits = process.extract(w, self._near_keys, scorer=DISTANCE.distance, score_cutoff=maxdist, limit=None)
        close = sorted(i for _, dist, i in hits if dist > 0 and abs(len(self._near_keys[i]) - len(w)) <= maxdist)
        found: list[tuple[Entry, str]] = []
        for i in close:
            entry, form = self._near_forms[i]
            if not found or found[-1][0] is not entry:
                found.append((entry, form))
        return found

    def __len__(self) -> int:
        return len(self.entries)

    def _entries(self, text: str, lang: str, variant: str, keys: tuple[str, ...]) -> list[Entry]:
        """The entries with a form of these keys; in English, only those with a form *text*
        inflects (the stemmer's keys are coarser than the words)."""
        found = self._by_key.get((lang, variant, keys), []) if keys else []
        if lang != "en":
            return found
        return [e for e in found if any(english_inflection(text, f) for f in self._en_forms.get((keys, e.id), ()))]

    def lookup(self, text: str) -> tuple[list[Entry], tuple[str, ...]]:
        """Entries one query text names, with the keys that matched; a Russian or English
        adjective of a place (``Гаагская``, ``бакинской``, ``Georgian``, ``Turkish``) names the
        place, with no keys (the user's word is none of the place's forms)."""
        for lang, variant in _MATCH_VARIANTS:
            t = en_regular(text) if lang == "en" else text
            keys = match_keys(t, lang, variant)
            found = self._entries(t, lang, variant, keys)
            if found:
                return found, keys
        for noun in ru_place_nouns(text) or en_place_nouns(text):
            places = [e for e in self.lookup(noun)[0] if e.kind == "place"]
            if places:
                return places, ()
        return [], ()

    def lookup_every(self, text: str) -> list[Entry]:
        """Entries *text* names in any language's analysis (a word may be a form in several)."""
        found: list[Entry] = []
        for lang, variant in _MATCH_VARIANTS:
            t = en_regular(text) if lang == "en" else text
            keys = match_keys(t, lang, variant)
            for entry in self._entries(t, lang, variant, keys):
                if entry not in found:
                    found.append(entry)
        return found

    def matches(self, words: list[str | None]) -> list[Match]:
        """Longest-first, left-to-right glossary spans over a list of query words.

        ``None`` stands for a position that cannot be part of a span (a phrase, an OR group).
        """
        found, i = [], 0
        while i < len(words):
            hit = None
            for j in range(min(len(words), i + MAX_SPAN), i, -1):
                span = [w for w in words[i:j] if w is not None]
                if len(span) < j - i or is_stop_word(span[0]) or is_stop_word(span[-1]):
                    continue
                entries, keys = self.lookup(" ".join(span))
                if entries:
                    hit = [Match(i, j, e, keys) for e in entries]
                    break
            if hit:
                found.extend(hit)
                i = hit[0].end
            else:
                i += 1
        return found


def load_glossary(path: Path) -> Glossary:
    """The glossary in *path*, with the lexicon beside it (each empty when missing); problems
    name the file and line."""
    from .translations import load_translations  # the lexicon's look-up is built on Glossary
    return Glossary(load_entries(path), load_translations(path.parent / LEXICON))


def _sound(romanised: str) -> str:
    """A romanised spelling with h and k alike at the start (Гейдар "kaidar", Heydar "haidar")."""
    return "k" + romanised[1:] if romanised.startswith("h") else romanised


def _key(text: str) -> str:
    return fold(turkic_lower(text))
