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
HEADING_BOOST = 0.3
_VARIANT_BOOST = {"stem": 1.0, "fold": 0.7}
_FIELDS = {fname: (lang, variant) for fname, lang, variant in heading_fields()}


@lru_cache(maxsize=20_000)
def _keys(word: str, lang: str, variant: str) -> tuple[str, ...]:
    """The heading field's keys of one query word (every reading of an ambiguous one)."""
    return tuple(dict.fromkeys(t.text for t in analyzer(lang, variant)(word, mode="query")))


def heading_query(groups: list[list[Item]], terms: dict[tuple[str, str], list[str]]) -> Query | None:
    """The bonus query of the user's words in *groups* (the query concepts; prefixes left
    out) in the heading fields; each heading ``(field, term)`` searched is added to *terms*
    with the words it stands for.

    Each word scores once, in its best heading field and reading (a best-of); the words add up.
    """
    words = dict.fromkeys(w for group in groups for item in group if item.kind in ("word", "unit", "phrase")
                          for w in item.text.split())
    subs: list[Query] = []
    for word in words:
        alternatives: list[Query] = []
        for fname, (lang, variant) in _FIELDS.items():
            for key in _keys(word, lang, variant):
                alternatives.append(Term(fname, key, boost=HEADING_BOOST * _VARIANT_BOOST[variant]))
                labels = terms.setdefault((fname, key), [])
                if word not in labels:
                    labels.append(word)
        if alternatives:
            subs.append(alternatives[0] if len(alternatives) == 1 else BestOf(alternatives, tiebreak=0.0))
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else Or(subs)


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
