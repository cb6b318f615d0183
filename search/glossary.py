"""The cross-language glossary (``corpus/glossary.toml``): names of one thing in az, ru, en.

A query word or run of words whose analysed keys equal a glossary form's keys triggers
that entry; its other forms are then searched too, at a lower weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.analysis import LANGS
from index.analysis.azerbaijani import fold, turkic_lower
from index.glossary import Entry, load_entries

from .compiler import is_stop_word, query_terms
from .lexicon import DISTANCE

MAX_SPAN = 6
# A span is matched in each language's word-key analysis, and in the diacritic-free one.
_MATCH_VARIANTS = [(lang, "stem") for lang in LANGS] + [("az", "fold")]


@dataclass(frozen=True)
class Match:
    """A run of query groups [start, end) that names a glossary entry."""

    start: int
    end: int
    entry: Entry
    keys: tuple[str, ...]


class Glossary:
    """Look-up from analysed keys to entries."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by_key: dict[tuple[str, str, tuple[str, ...]], list[Entry]] = {}
        for entry in entries:
            for lang, form in entry.all_forms():
                for v_lang, variant in _MATCH_VARIANTS:
                    if v_lang != lang:
                        continue
                    keys = query_terms(form, lang, variant)
                    if keys:
                        bucket = self._by_key.setdefault((lang, variant, keys), [])
                        if entry not in bucket:
                            bucket.append(entry)

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

    def lookup(self, text: str) -> tuple[list[Entry], tuple[str, ...]]:
        """Entries one query text names, with the keys that matched."""
        for lang, variant in _MATCH_VARIANTS:
            keys = query_terms(text, lang, variant)
            if keys and (lang, variant, keys) in self._by_key:
                return self._by_key[(lang, variant, keys)], keys
        return [], ()

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
    """The glossary in *path* (empty when there is none); problems name the file and line."""
    return Glossary(load_entries(path))


def _key(text: str) -> str:
    return fold(turkic_lower(text))
