"""The section heading as a low-weight extra field: the query concepts searched in the heading
fields (``index.schema.heading_fields``) of the passages the text fields matched.

A passage under a heading that names what the query asks about is a better answer than one
with the same words elsewhere (``Tovuz döyüşləri ... mövqeyi`` heads the section on the Tovuz
clashes; the conclusion only mentions them). The heading only adds to the BM25 score of a
passage its text matched: it is not a query concept (coverage, ``weak``, ``missing``), and no
word of the text is highlighted for it. ``--explain`` names the heading words that scored.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.query import Or, Phrase, Query, Term

from index.analysis import analyzer
from index.analysis.azerbaijani import AZ_LETTERS
from index.schema import HEADED_KINDS, heading_fields

from .bestof import BestOf
from .lexicon import TermReader
from .query_analysis import gap_slop, query_tokens, word_readings
from .syntax import Item

# Each heading term's BM25 is scaled by this, by its variant's weight and by its origin's:
# measured on the judged sets (README, Measuring): the text decides, a heading breaks near-ties.
HEADING_BOOST = 0.25
_VARIANT_BOOST = {"stem": 1.0, "fold": 0.7}
TIEBREAK = 0.1       # the other fields of a word, the other names of a concept (as in the text fields)
_FIELDS = {fname: (lang, variant) for fname, lang, variant in heading_fields()}


@dataclass(frozen=True)
class HeadingSource:
    """Why a heading term is searched: the query word or name it stands for, through which
    origin (the user's words, the glossary), and the name's terms when it counts only where
    the whole name stands (within *slop* of each other)."""

    label: str
    origin: str = "user"
    phrase: tuple[str, ...] = ()
    slop: int = 0


HeadingTerms = dict[tuple[str, str], list[HeadingSource]]


def _words(text: str, lang: str, variant: str) -> list[tuple[int, tuple[str, ...]]]:
    """The keys of each word of *text* as a heading field analyses a query: (position, keys)."""
    return [(pos, tuple(dict.fromkeys(keys))) for pos, keys in word_readings(query_tokens(text, lang, variant))]


def heading_query(groups: list[list[Item]], alternatives: list[list[tuple[Item, str, str]]],
                  origin_boost: dict[str, float], unit_slop: int, reader: TermReader, terms: HeadingTerms
                  ) -> Query | None:
    """The bonus query of the query concepts *groups* in the heading fields, each heading
    ``(field, term)`` searched added to *terms*; terms and phrases no heading of *reader*'s
    index holds are left out (an index without headings gets no bonus query at all).

    A concept is searched through the user's words (prefixes left out) in every heading field
    and its glossary names among *alternatives* in their own language's, weighted by
    *origin_boost*; a name or phrase of several words only where all its words stand in order,
    up to *unit_slop* positions apart. As in the text fields, a word's best field counts in full
    and the others by TIEBREAK, a concept's best name in full and the others by TIEBREAK; the
    user's separate words and the concepts add up.
    """
    concepts: list[Query] = []
    for group, alts in zip(groups, alternatives, strict=True):
        names: list[Query | None] = []
        for item in group:
            if item.kind == "word":
                names.append(_name(item.text, None, "user", 1.0, unit_slop, reader, terms))
            elif item.kind in ("unit", "phrase"):
                names.append(_name(item.text, None, "user", 1.0, unit_slop, reader, terms, as_unit=True))
        typed = {item.text.casefold() for item in group}
        for item, origin, label in alts:       # (a name the user typed is searched as the user's)
            if origin == "glossary" and item.kind in ("word", "unit", "phrase") and item.lang is not None \
                    and item.text.casefold() not in typed:
                names.append(_name(item.text, item.lang, origin, origin_boost[origin], unit_slop, reader, terms,
                                   label, True))
        found: list[Query] = []
        for q in names:
            if q is not None and q not in found:     # two spellings of a name, one analysed query
                found.append(q)
        if found:
            concepts.append(_best(found))
    if not concepts:
        return None
    return concepts[0] if len(concepts) == 1 else Or(concepts)


def _name(text: str, lang: str | None, origin: str, boost: float, unit_slop: int, reader: TermReader,
          terms: HeadingTerms, label: str | None = None, as_unit: bool = False) -> Query | None:
    """*text* (of *origin*) in the heading fields of *lang* (every language's stem and fold fields
    when None), scaled by *boost*, explained as *label* (each word itself when None): *as_unit*,
    a phrase where it has several words; else its words one by one, added up."""
    if not as_unit and len(text.split()) > 1:
        parts = [q for w in text.split() if (q := _name(w, lang, origin, boost, unit_slop, reader, terms)) is not None]
        return None if not parts else parts[0] if len(parts) == 1 else Or(parts)
    fields: list[Query] = []
    for fname, (flang, variant) in _FIELDS.items():
        if lang is not None and (flang != lang or variant != "stem"):
            continue
        words = _words(text, flang, variant)
        if not words or (variant == "fold" and AZ_LETTERS & set(text)):
            continue      # the folded keys only for words typed without Azerbaijani letters
        weight = HEADING_BOOST * _VARIANT_BOOST[variant] * boost
        if len(words) == 1:
            keys = tuple(k for k in words[0][1] if reader.doc_frequency(fname, k))
            if not keys:
                continue
            for k in keys:
                _note(terms, fname, k, HeadingSource(label or text, origin))
            readings: list[Query] = [Term(fname, k, boost=weight) for k in keys]
            # Every reading of an ambiguous word counts once: the best-scoring one.
            fields.append(readings[0] if len(readings) == 1 else BestOf(readings, tiebreak=0.0))
            continue
        # Stop words leave gaps in positions: those gaps are allowed on top of the name's slop.
        slop = gap_slop(words) + unit_slop - 1
        toks = tuple(keys[0] for _, keys in words)
        if not all(reader.doc_frequency(fname, t) for t in toks):
            continue
        for t in toks:
            _note(terms, fname, t, HeadingSource(label or text, origin, toks, slop))
        fields.append(Phrase(fname, list(toks), slop=slop, boost=weight))
    return _best(fields) if fields else None


def _note(terms: HeadingTerms, fname: str, term: str, source: HeadingSource) -> None:
    got = terms.setdefault((fname, term), [])
    if source not in got:
        got.append(source)


def _best(subs: list[Query]) -> Query:
    return subs[0] if len(subs) == 1 else BestOf(subs, tiebreak=TIEBREAK)


def heading_matches(section: str, lang: str, kind: str, terms: HeadingTerms) -> list[dict]:
    """What the section heading of a passage of *lang* and *kind* matched of the query's
    heading *terms*, as ``explain`` entries: ``{"query", "word", "via", "field", "in": "section",
    "start", "end"}``, offsets into *section*, *via* "section heading" (the user's words) or
    "glossary, section heading". A name's word counts only where the heading has the whole
    name, as the engine matches it."""
    if kind not in HEADED_KINDS or not section:
        return []
    out, seen = [], set()
    for fname, flang, variant in heading_fields():
        if flang != lang:
            continue
        tokens = [(t.text, t.pos, t.startchar, t.endchar)
                  for t in analyzer(lang, variant)(section, chars=True, positions=True, mode="index")]
        for text, pos, start, end in tokens:
            for src in terms.get((fname, text), ()):
                if src.phrase and pos not in _phrase_positions(tokens, src):
                    continue
                word = section[start:end]
                if (src.label, word.casefold()) not in seen:
                    seen.add((src.label, word.casefold()))
                    via = "section heading" if src.origin == "user" else f"{src.origin}, section heading"
                    out.append({"query": src.label, "word": word, "via": via, "field": variant,
                                "in": "section", "start": start, "end": end})
    return out


def _phrase_positions(tokens: list[tuple[str, int, int, int]], src: HeadingSource) -> set[int]:
    """Positions of the heading's words that stand in an occurrence of *src*'s phrase: its
    terms in order, each 1..slop positions after the one before."""
    chains = [[pos] for text, pos, _, _ in tokens if text == src.phrase[0]]
    for term in src.phrase[1:]:
        nxt = [pos for text, pos, _, _ in tokens if text == term]
        chains = [[*c, p] for c in chains for p in nxt if 1 <= p - c[-1] <= src.slop]
    return {p for c in chains for p in c}
