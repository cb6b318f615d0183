"""Mark every word of a passage that a query matched, through whichever analysis matched it.

The passage is re-analysed with its language's field analyzers (the same ones the index
used), so a word found through its stem or a diacritic-free spelling is marked too. The
spans are made once; ``fragments`` cuts them and ``formatters`` writes them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from index.analysis import fields_for
from index.analysis.languages import variant_terms, word_positions
from index.schema import field_name

from .compiler import Source
from .fragments import Fragment

_VARIANT_RANK = {"exact": 0, "stem": 1, "fold": 2}
VIA = {"exact": "exact", "stem": "stem", "fold": "folding"}


@dataclass(frozen=True)
class Span:
    """A matched stretch of the passage and the query items it answers."""

    start: int
    end: int
    variant: str
    sources: tuple[Source, ...]      # the route explained for this word
    groups: frozenset[int]           # every query group the word answers


_ORIGIN_RANK = {"user": 0, "glossary": 1, "lexicon": 2, "spelling": 3, "typo": 4}


@lru_cache(maxsize=4096)
def passage_terms(text: str, lang: str) -> dict[tuple[str, str], list[tuple[int, int, int]]]:
    """Where each analysed term of a passage stands: ``(variant, term)`` to
    ``(order, start, end)`` occurrences. Remembered: the passages a search shows recur."""
    out: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for i, (start, end, variant, term) in enumerate(variant_terms(text, lang)):
        out.setdefault((variant, term), []).append((i, start, end))
    return out


class Wanted:
    """A query's terms as the passages of one language are searched for them: by (variant,
    term), their sources and, where no phrase limits them, how a word they match is explained.
    Made once for a page of results, not once a passage."""

    def __init__(self, terms: dict[tuple[str, str], list[Source]], lang: str) -> None:
        variant_of = {field_name(lang, v): v for v in fields_for(lang)}
        self.lang = lang
        # (variant, term), its sources, their route, and the sources a phrase limits (with
        # their place among the sources), empty when none is
        self.items: list[tuple[tuple[str, str], tuple[Source, ...], _Route, tuple[tuple[int, Source], ...]]] = []
        for (fname, term), sources in terms.items():
            variant = variant_of.get(fname)
            if variant is not None and sources:
                kept = tuple(sources)
                phrased = tuple((j, src) for j, src in enumerate(kept) if src.phrase)
                self.items.append(((variant, term), kept, _route(kept, variant), phrased))
        # (item, which of its phrased sources hold) to the route of the sources left
        self._routes: dict[tuple[int, int], _Route | None] = {}

    def route(self, item: int, held: int) -> _Route | None:
        """The route of item *item*'s sources but the phrased ones not in the bit mask *held*
        (bit j: its j-th phrased source), None when no source is left; worked out once."""
        got = self._routes.get((item, held), False)
        if got is False:
            key, sources, _, phrased = self.items[item]
            out = {j for n, (j, _) in enumerate(phrased) if not held >> n & 1}
            valid = tuple(src for j, src in enumerate(sources) if j not in out)
            got = self._routes[(item, held)] = _route(valid, key[0]) if valid else None
        return got  # type: ignore[return-value]


def matched_spans(text: str, lang: str, terms: dict[tuple[str, str], list[Source]]) -> list[Span]:
    """Non-overlapping matched spans in text order (``spans`` of *terms* for *lang*)."""
    return spans(text, Wanted(terms, lang))


def spans(text: str, wanted: Wanted) -> list[Span]:
    """Non-overlapping spans of *text* that *wanted* matched, in text order.

    Where several analyses match the same word, the user's own words win over glossary and
    typo alternatives, then exact over stem over folding: that is the route explained.
    """
    lang = wanted.lang
    where = passage_terms(text, lang)
    phrases: dict[tuple[str, tuple[str, ...], int], set[int]] = {}
    # Per stretch of text: the best route (the lowest rank, the first word among equals) and
    # every group it answers.
    best: dict[tuple[int, int], list] = {}
    for n, (key, _, route, phrased) in enumerate(wanted.items):
        found = where.get(key)
        if not found:
            continue
        variant = key[0]
        # A word that a query has only as part of a phrase (a name, a multi-word equivalent)
        # is marked only where the passage has the whole phrase.
        within = [_phrase_words(text, lang, variant, src, phrases) for _, src in phrased]
        every = (1 << len(within)) - 1
        for i, start, end in found:
            this: _Route | None = route
            if within:
                held = 0
                for bit, words in enumerate(within):
                    if start in words:
                        held |= 1 << bit
                if held != every:
                    this = wanted.route(n, held)
                    if this is None:
                        continue
            rank, chosen, answers = this  # type: ignore[misc]
            old = best.get((start, end))
            if old is None:
                best[(start, end)] = [rank, i, variant, chosen, answers]
                continue
            if not answers <= old[4]:
                old[4] = old[4] | answers
            if (rank, i) < (old[0], old[1]):
                old[0:4] = rank, i, variant, chosen
    out, last_end = [], -1
    for (start, end), (_, _, variant, chosen, answers) in sorted(best.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        if start >= last_end:
            out.append(Span(start, end, variant, chosen, answers))
            last_end = end
    return out


_Route = tuple[tuple[int, int], tuple[Source, ...], frozenset[int]]


def _route(sources: tuple[Source, ...], variant: str) -> _Route:
    """How a word matched through *sources* in *variant* is explained: its rank (origin, then
    variant), the sources of the best origin, and every group the sources answer."""
    origin = min((src.origin for src in sources), key=_ORIGIN_RANK.__getitem__)
    return ((_ORIGIN_RANK[origin], _VARIANT_RANK[variant]), tuple(src for src in sources if src.origin == origin),
            frozenset(src.group for src in sources))


def _phrase_words(text: str, lang: str, variant: str, src: Source,
                  memo: dict[tuple[str, tuple[str, ...], int], set[int]]) -> set[int]:
    """Start offsets of the words of *text* that stand in an occurrence of *src*'s phrase:
    its terms in order, each 1..slop positions after the one before (as the engine matches)."""
    key = (variant, src.phrase, src.slop)
    if key in memo:
        return memo[key]
    where, pos = passage_terms(text, lang), word_positions(text, lang)
    chains: list[list[tuple[int, int]]] = [[(pos[s], s)] for _, s, _ in where.get((variant, src.phrase[0]), ())]
    for term in src.phrase[1:]:
        nxt = [(pos[s], s) for _, s, _ in where.get((variant, term), ())]
        chains = [[*c, (p, s)] for c in chains for p, s in nxt if 1 <= p - c[-1][0] <= src.slop]
    memo[key] = {s for c in chains for _, s in c}
    return memo[key]


def fragment(text: str, spans: list[Span]) -> Fragment:
    """The passage with its spans marked, ready for a cutter or a formatter."""
    return Fragment(text, tuple((s.start, s.end) for s in spans))


def explain(text: str, spans: list[Span]) -> list[dict]:
    """Which query item matched which word, and how (exact, stem, folding, glossary, typo)."""
    seen, out = set(), []
    for s in spans:
        word = text[s.start:s.end]
        for src in s.sources:
            via = src.origin if src.origin != "user" else VIA[src.variant]  # a respelled word: folding
            key = (word.casefold(), src.item, via)
            if key in seen:
                continue
            seen.add(key)
            out.append({"query": src.item, "word": word, "via": via, "field": s.variant,
                        "start": s.start, "end": s.end})
    return out
