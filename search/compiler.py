"""Turn a parsed query into Whoosh queries over every language's fields.

Each item (word, phrase, prefix) is analysed by each field's own analyzer, so one query
searches Azerbaijani, Russian and English text at once. Field variants are weighted so
that an exact word form outranks a stem-only match, which outranks a diacritic-free one;
alternatives added by Sanad (glossary, typo correction) rank below the user's own words.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh.analysis import Analyzer
from whoosh.query import And, AndMaybe, NullQuery, Or, Phrase, Query, Term

from index.analysis import LANGS, analyzer
from index.analysis.azerbaijani import fold
from index.schema import text_fields

from .bestof import BestOf
from .lexicon import TermReader
from .syntax import Item, ParsedQuery

# Extra (item, origin, label) alternatives per query group (int), or per word of an
# all-words group ((group, word)): glossary equivalents and typo corrections.
Alternatives = dict[int | tuple[int, str], list[tuple[Item, str, str]]]

VARIANT_BOOST = {"exact": 1.5, "stem": 1.0, "fold": 0.7}
ORIGIN_BOOST = {"user": 1.0, "glossary": 0.45, "typo": 0.35}
PREFIX_EXPANSIONS = 48
PREFIX_SCAN = 2000
PROXIMITY_SLOP = 4
PROXIMITY_BOOST = 1.5


@dataclass(frozen=True)
class Source:
    """Why a term is in the query: which query item, through which field variant and origin."""

    item: str            # the query item as the user sees it
    variant: str         # exact | stem | fold
    origin: str          # user | glossary | typo
    group: int           # index of the query group it serves


@dataclass
class Compiled:
    """Whoosh queries ready to run, plus the map from index terms back to query items."""

    all_words: Query
    any_word: Query
    excluded: Query | None
    terms: dict[tuple[str, str], list[Source]] = field(default_factory=dict)
    live_groups: list[int] = field(default_factory=list)
    group_queries: list[Query] = field(default_factory=list)   # each live group's relaxed query
    dropped: list[str] = field(default_factory=list)

    def add(self, fname: str, term: str, source: Source) -> None:
        self.terms.setdefault((fname, term), []).append(source)


@lru_cache(maxsize=64)
def _analyzer(lang: str, variant: str) -> Analyzer:
    return analyzer(lang, variant)


@lru_cache(maxsize=20_000)
def query_tokens(text: str, lang: str, variant: str) -> tuple[tuple[str, int], ...]:
    """(term, position) pairs a field's analyzer makes of *text* in query mode."""
    return tuple((t.text, t.pos) for t in _analyzer(lang, variant)(text, mode="query", positions=True))


def query_terms(text: str, lang: str, variant: str) -> tuple[str, ...]:
    """The terms a field's analyzer makes of *text* in query mode, the first key of each
    word (an ambiguous Azerbaijani word also has other keys at the same position)."""
    out: list[str] = []
    last = None
    for t, pos in query_tokens(text, lang, variant):
        if pos != last:
            out.append(t)
        last = pos
    return tuple(out)


def _readings(pairs: tuple[tuple[str, int], ...]) -> list[tuple[int, list[str]]]:
    """The keys of each query word: (position, [first key, other readings])."""
    out: list[tuple[int, list[str]]] = []
    for t, pos in pairs:
        if out and out[-1][0] == pos:
            out[-1][1].append(t)
        else:
            out.append((pos, [t]))
    return out


def is_stop_word(text: str) -> bool:
    """A word that some language drops as a function word is dropped everywhere."""
    return any(not query_tokens(text, lang, "exact") for lang in LANGS)


def prefix_key(text: str, lang: str, variant: str) -> str | None:
    """What a prefix looks like in a field: lower-cased, and folded for the fold field."""
    if variant == "stem":
        return None
    toks = [t.text for t in _analyzer(lang, "exact")(text, mode="query", removestops=False)]
    if not toks:
        return None
    key = toks[-1]
    return fold(key) if variant == "fold" else key


def expand_prefix(reader: TermReader, fname: str, prefix: str) -> list[str]:
    """At most PREFIX_EXPANSIONS of the most frequent terms starting with *prefix*."""
    scanned = itertools.islice(reader.expand_prefix(fname, prefix), PREFIX_SCAN)
    terms = [t.decode("utf-8") if isinstance(t, bytes) else t for t in scanned]
    if len(terms) > PREFIX_EXPANSIONS:
        terms.sort(key=lambda t: reader.doc_frequency(fname, t), reverse=True)
        terms = terms[:PREFIX_EXPANSIONS]
    return terms


def item_query(item: Item, reader: TermReader, compiled: Compiled, group: int, origin: str = "user",
               label: str | None = None, relaxed: bool = False, alternatives: Alternatives | None = None
               ) -> Query | None:
    """One item searched in every field, best field wins.

    An ``all`` item needs every word, or with *relaxed* any of them (for partial matches);
    each of its words may have alternatives of its own, keyed ``(group, word)``.
    """
    subs: list[Query] = []
    label = label or item.display()
    if item.kind == "word" and is_stop_word(item.text):
        return None
    if item.kind == "all":
        parts = []
        for w in item.text.split():
            q = item_query(Item("word", w), reader, compiled, group, origin, label)
            if q is None:
                continue
            alts = [a for a in (item_query(i, reader, compiled, group, o, lab)
                                for i, o, lab in (alternatives or {}).get((group, w), [])) if a is not None]
            parts.append(BestOf([q] + alts, tiebreak=0.1) if alts else q)
        if len(parts) > 1:
            return Or(parts) if relaxed else And(parts)
        return parts[0] if parts else None
    for fname, lang, variant in text_fields():
        if item.lang is not None and (lang != item.lang or variant != "stem"):
            continue
        boost = VARIANT_BOOST[variant] * ORIGIN_BOOST[origin]
        source = Source(label, variant, origin, group)
        if item.kind == "prefix":
            key = prefix_key(item.text, lang, variant)
            expanded = expand_prefix(reader, fname, key) if key else []
            for t in expanded:
                compiled.add(fname, t, source)
            if expanded:
                subs.append(Or([Term(fname, t) for t in expanded], boost=boost))
            elif key and not subs and variant == "exact":
                # No indexed word has this prefix: the item stays, and simply finds nothing.
                subs.append(Term(fname, key))
            continue
        pairs = query_tokens(item.text, lang, variant)
        if not pairs:
            continue
        for t, _ in pairs:
            compiled.add(fname, t, source)
        words = _readings(pairs)
        if len(words) == 1:
            keys = words[0][1]
            terms = [Term(fname, k, boost=boost) for k in keys]
            # Every reading of an ambiguous word counts once: the best-scoring one.
            subs.append(terms[0] if len(terms) == 1 else BestOf(terms, tiebreak=0.0))
        else:
            # Stop words leave gaps in positions: allow exactly those gaps, no more.
            slop = max(b[0] - a[0] for a, b in itertools.pairwise(words))
            subs.append(Phrase(fname, [keys[0] for _, keys in words], slop=max(1, slop), boost=boost))
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else BestOf(subs, tiebreak=0.1)


def _proximity(parsed: ParsedQuery) -> Query | None:
    """Bonus for passages where the plain words stand close together, in order."""
    words = [Item("word", w) for g in parsed.groups if len(g) == 1 and g[0].kind in ("word", "all")
             for w in g[0].text.split()]
    if len(words) < 2:
        return None
    subs = []
    for fname, lang, variant in text_fields():
        if variant != "stem":
            continue
        analysed = [query_terms(w.text, lang, variant) for w in words]
        toks = [t[0] for t in analysed if t]
        if len(toks) >= 2:
            subs.append(Phrase(fname, toks, slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST))
    return Or(subs) if subs else None


def _group_query(group: list[Item], gi: int, reader: TermReader, compiled: Compiled, alternatives: Alternatives,
                 strict: list[Query], relaxed: list[Query]) -> bool:
    """Append the group's query (all of an ``all`` item's words) and its relaxed form."""
    for out, loose in ((strict, False), (relaxed, True)):
        if loose and not any(i.kind == "all" for i in group):
            relaxed.append(strict[-1])
            return True
        subs = [q for q in (item_query(i, reader, compiled, gi, relaxed=loose, alternatives=alternatives)
                            for i in group) if q is not None]
        for item, origin, label in alternatives.get(gi, []):
            q = item_query(item, reader, compiled, gi, origin, label)
            if q is not None and q not in subs:     # two spellings, one analysed query
                subs.append(q)
        if not subs:
            return False
        # One concept, however many names it has: the best-matching name counts.
        out.append(subs[0] if len(subs) == 1 else BestOf(subs, tiebreak=0.1))
    return True


def compile_query(parsed: ParsedQuery, reader: TermReader, alternatives: Alternatives | None = None
                  ) -> Compiled:
    """Build the all-words and any-word queries for *parsed*.

    *alternatives* maps a group index to extra (item, origin, label) alternatives, such as
    glossary equivalents or typo corrections, searched with that group at a lower weight.
    """
    compiled = Compiled(NullQuery, NullQuery, None)
    strict: list[Query] = []
    relaxed: list[Query] = []
    for gi, group in enumerate(parsed.groups):
        if _group_query(group, gi, reader, compiled, alternatives or {}, strict, relaxed):
            compiled.live_groups.append(gi)
        else:
            compiled.dropped.append(" OR ".join(i.display() for i in group))
    if strict:
        all_q: Query = And(strict) if len(strict) > 1 else strict[0]
        near = _proximity(parsed)
        compiled.all_words = AndMaybe(all_q, near) if near is not None else all_q
        compiled.any_word = Or(relaxed) if len(relaxed) > 1 else relaxed[0]
        compiled.group_queries = relaxed
    excluded = [q for q in (item_query(i, reader, Compiled(NullQuery, NullQuery, None), -1)
                            for i in parsed.excluded) if q is not None]
    compiled.excluded = Or(excluded) if excluded else None
    return compiled
