"""The cross-language glossary (``corpus/glossary.toml``): names of one thing in az, ru, en.

A query word or run of words whose analysed keys equal a glossary form's keys triggers
that entry; its other forms are then searched too, at a lower weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.analysis import LANGS
from index.analysis.azerbaijani import fold, turkic_lower
from index.glossary import Entry, load_entries
from index.store import LEXICON

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


def match_keys(text: str, lang: str, variant: str) -> tuple[str, ...]:
    """The keys a glossary form or query text is matched by in one variant."""
    if variant != "name":
        return query_terms(text, lang, variant)
    return tuple(_cut_case(t) for t in query_terms(text, lang, "exact") if t not in _RU_ARTICLES)


_EN_ENDINGS = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
               ("ing", ""), ("ing", "e"), ("ly", ""))
_EN_BRITISH = re.compile(r"is(e|ed|es|ing|ation|ations)$")


def _en_bases(word: str) -> set[str]:
    """What an English word may be an inflection of (``clashes``: clash; ``occupied``: occupy;
    ``ministers'``: minister; ``recently``: recent), British -ise spellings as -ize."""
    w = _EN_BRITISH.sub(r"iz\1", word.casefold().replace("’", "'").removesuffix("'s").removesuffix("'"))
    out = {w}
    for ending, repl in _EN_ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            base = w[: -len(ending)] + repl
            out.add(base)
            if ending in ("ed", "ing") and base[-1] == base[-2]:
                out.add(base[:-1])          # admitted: admit
    return out


def english_inflection(text: str, form: str) -> bool:
    """Whether *text* is *form* or an inflection of it, word by word: Snowball gives
    ``position`` and ``positive`` one stem, but one is not the other."""
    a, b = text.split(), form.split()
    if len(a) != len(b):
        return True         # stop words differ: the keys have decided
    return all(_en_bases(x) & _en_bases(y) for x, y in zip(a, b, strict=True))


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
            for lang, form in entry.all_forms():
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

    def near(self, word: str, maxdist: int) -> list[tuple[Entry, str]]:
        """Entries with a one-word form within *maxdist* edits of *word* (typos in names).

        Both are compared without Azerbaijani diacritics, as the fold field is searched:
        ``Mekka`` is one edit from ``Məkkə``.
        """
        if maxdist <= 0:
            return []
        w = _key(word)
        found = []
        for entry in self.entries:
            for _, form in entry.all_forms():
                f = _key(form)
                if " " not in f and abs(len(f) - len(w)) <= maxdist and 0 < DISTANCE.distance(w, f) <= maxdist:
                    found.append((entry, form))
                    break
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
        """Entries one query text names, with the keys that matched."""
        for lang, variant in _MATCH_VARIANTS:
            keys = match_keys(text, lang, variant)
            found = self._entries(text, lang, variant, keys)
            if found:
                return found, keys
        return [], ()

    def lookup_every(self, text: str) -> list[Entry]:
        """Entries *text* names in any language's analysis (a word may be a form in several)."""
        found: list[Entry] = []
        for lang, variant in _MATCH_VARIANTS:
            keys = match_keys(text, lang, variant)
            for entry in self._entries(text, lang, variant, keys):
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


def _key(text: str) -> str:
    return fold(turkic_lower(text))
