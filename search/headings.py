"""The section heading as a low-weight extra field: the query's own words searched in the
heading fields (``index.schema.heading_fields``) of the passages the text fields matched.

A passage under a heading that names what the query asks about is a better answer than one
with the same words elsewhere (``Tovuz döyüşləri ... mövqeyi`` heads the section on the Tovuz
clashes; the conclusion only mentions them). The heading only adds to the BM25 score of a
passage its text matched: it is not a query concept (coverage, ``weak``, ``missing``), and no
word of the text is highlighted for it. ``--explain`` names the heading words that scored.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.query import Or, Query, Term

from index.analysis import analyzer
from index.schema import HEADED_KINDS, heading_fields

from .bestof import BestOf
from .syntax import Item

# Each heading term's BM25 is scaled by this (and by its variant's weight): measured on the
# judged sets (README, Measuring), the text decides, a matching heading breaks near-ties.
HEADING_BOOST = 0.2
_VARIANT_BOOST = {"stem": 1.0, "fold": 0.7}
TIEBREAK = 0.1       # the other fields of a word, the other names of a concept (as in the text fields)
_KINDS = ("word", "unit", "phrase")
_FIELDS = {fname: (lang, variant) for fname, lang, variant in heading_fields()}


@lru_cache(maxsize=20_000)
def _keys(word: str, lang: str, variant: str) -> tuple[str, ...]:
    """The heading field's keys of one query word (every reading of an ambiguous one)."""
    return tuple(dict.fromkeys(t.text for t in analyzer(lang, variant)(word, mode="query")))


def heading_query(groups: list[list[Item]], alternatives: list[list[tuple[Item, str, str]]],
                  origin_boost: dict[str, float], terms: dict[tuple[str, str], list[str]]) -> Query | None:
    """The bonus query of the query concepts *groups* in the heading fields: the user's words
    (prefixes left out) in every heading field, and each glossary name of the concept among
    its *alternatives* in its own language's; each heading ``(field, term)`` searched is added
    to *terms* with the query words it stands for.

    As in the text fields, a word's best field counts in full and the others by TIEBREAK, a
    name's words add up, and a concept's best-matching name counts in full (the user's words
    above a glossary name by its *origin_boost*); the concepts add up.
    """
    concepts: list[Query] = []
    for group, alts in zip(groups, alternatives, strict=True):
        names = [q for q in (_name([w for item in group if item.kind in _KINDS for w in item.text.split()],
                                   None, 1.0, terms),
                             *(_name(item.text.split(), item.lang, origin_boost[origin], terms, label)
                               for item, origin, label in alts
                               if origin == "glossary" and item.kind in _KINDS and item.lang is not None))
                 if q is not None]
        if names:
            concepts.append(_best(names))
    if not concepts:
        return None
    return concepts[0] if len(concepts) == 1 else Or(concepts)


def _name(words: list[str], lang: str | None, boost: float, terms: dict[tuple[str, str], list[str]],
          label: str | None = None) -> Query | None:
    """One name's (or the user's) *words* in the heading fields of *lang* (every language's when
    None), their scores scaled by *boost* and added up; *label* explains them (each word itself
    when None)."""
    subs: list[Query] = []
    for word in dict.fromkeys(words):
        fields: list[Query] = []
        for fname, (flang, variant) in _FIELDS.items():
            if lang is not None and (flang != lang or variant != "stem"):
                continue
            keys = _keys(word, flang, variant)
            readings: list[Query] = [Term(fname, k, boost=HEADING_BOOST * _VARIANT_BOOST[variant] * boost)
                                     for k in keys]
            for k in keys:
                labels = terms.setdefault((fname, k), [])
                if (label or word) not in labels:
                    labels.append(label or word)
            if readings:      # every reading of an ambiguous word counts once: the best-scoring one
                fields.append(readings[0] if len(readings) == 1 else BestOf(readings, tiebreak=0.0))
        if fields:
            subs.append(_best(fields))
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else Or(subs)


def _best(subs: list[Query]) -> Query:
    return subs[0] if len(subs) == 1 else BestOf(subs, tiebreak=TIEBREAK)


def heading_matches(section: str, lang: str, kind: str, terms: dict[tuple[str, str], list[str]]) -> list[dict]:
    """Which query words (*terms*: heading ``(field, term)`` to the query items searching it)
    the section heading of a passage of *lang* and *kind* matched, as ``explain`` entries:
    ``{"query", "word", "via": "section heading", "field", "in": "section", "start", "end"}``,
    offsets into *section*."""
    if kind not in HEADED_KINDS or not section:
        return []
    out, seen = [], set()
    for fname, lang_, variant in heading_fields():
        if lang_ != lang:
            continue
        for t in analyzer(lang, variant)(section, chars=True, mode="index"):
            for label in terms.get((fname, t.text), ()):
                word = section[t.startchar:t.endchar]
                if (label, word.casefold()) in seen:
                    continue
                seen.add((label, word.casefold()))
                out.append({"query": label, "word": word, "via": "section heading", "field": variant,
                            "in": "section", "start": t.startchar, "end": t.endchar})
    return out
