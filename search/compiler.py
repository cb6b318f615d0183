"""Turn a parsed query into Whoosh queries over every language's fields.

Each item (word, phrase, prefix) is analysed by each field's own analyzer, so one query
searches Azerbaijani, Russian and English text at once. Field variants are weighted so
that an exact word form outranks a stem-only match, which outranks a diacritic-free one;
alternatives added by Sanad (glossary, typo correction) rank below the user's own words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from whoosh.query import And, AndMaybe, NullQuery, Or, Phrase, Query, Term

from index.analysis import LANGS
from index.analysis.azerbaijani import AZ_LETTERS, fold, turkic_lower
from index.schema import field_name, text_fields

from .bestof import BestOf
from .headings import HeadingTerms, heading_query
from .lexicon import TermReader
from .pooled import Pooled
from .query_analysis import field_analyzer, gap_slop, query_terms, query_tokens, word_readings
from .syntax import Item, ParsedQuery, PoolItem, WordsItem

# Extra (item, origin, label) alternatives per query group: glossary equivalents, lexicon
# translations and typo corrections.
Alternatives = dict[int, list[tuple[Item, str, str]]]

VARIANT_BOOST = {"exact": 1.5, "stem": 1.0, "fold": 0.7}
ORIGIN_BOOST = {"user": 1.0, "glossary": 0.45, "lexicon": 0.4, "spelling": 0.4, "typo": 0.35}
PREFIX_EXPANSIONS = 48
PREFIX_SCAN = 2000
UNIT_SLOP = 3            # a name's words: at most two other words between two of them
UNIT_APART_BOOST = 0.5   # all of a name's words further apart, or a term translated word by word
PROXIMITY_SLOP = 4
PROXIMITY_BOOST = 1.5


@dataclass(frozen=True)
class Source:
    """Why a term is in the query: which query item, through which field variant and origin."""

    item: str            # the query item as the user sees it
    variant: str         # exact | stem | fold
    origin: str          # user | glossary | lexicon | spelling | typo
    group: int           # index of the query group it serves
    phrase: tuple[str, ...] = ()     # the phrase's terms, when the term counts only inside it
    slop: int = 0                    # how far apart the phrase's terms may stand


@dataclass
class Compiled:
    """Whoosh queries ready to run, plus the map from index terms back to query items."""

    all_words: Query
    any_word: Query
    excluded: Query | None
    terms: dict[tuple[str, str], list[Source]] = field(default_factory=dict)
    live_groups: list[int] = field(default_factory=list)
    group_queries: list[Query] = field(default_factory=list)   # each live group's query
    own_queries: list[Query | None] = field(default_factory=list)   # ... its user's words only
    part_queries: list[Query | None] = field(default_factory=list)  # ... any single word of its name
    kinds: list[str] = field(default_factory=list)   # ... "number" (typed as one), "name" (a unit), "word"
    dropped: list[str] = field(default_factory=list)
    heading_terms: HeadingTerms = field(default_factory=dict)   # heading fields' (field, term): their sources

    def add(self, fname: str, term: str, source: Source) -> None:
        self.terms.setdefault((fname, term), []).append(source)


def is_stop_word(text: str) -> bool:
    """A word that some language drops as a function word is dropped everywhere."""
    return any(not query_tokens(text, lang, "exact") for lang in LANGS)


# Forms of the Azerbaijani auxiliaries etmək, edilmək, olmaq, olunmaq and the light verb vermək:
# they only make compound verbs (qəbul etmək, qəbul edilib, təmin olunmuşdur, məlumat vermək,
# başsağlığı verir), the noun carries the meaning.
_AZ_AUXILIARY = re.compile(
    r"(?:et|ed|edil|olun|ol|ver|veril)(?:mək|maq|ir|irdi|ur|urdu|ər|ərək|araq|ən|an|di|dı|du|dü|diyi|dığı|duğu|diyini|"
    r"duğunu|miş|mış|muş|mişdir|mışdır|muşdur|mişdi|mışdı|muşdu|ib|ub|ıb|sin|sun|ması|məsi|masını|məsini|"
    r"maqla|məklə|məsindən|masından|məsinə|masına|məyə|mağa)")


def is_auxiliary(word: str) -> bool:
    """Whether *word* is a form of an Azerbaijani auxiliary verb (``edilib``, ``olunmuşdur``)."""
    return bool(_AZ_AUXILIARY.fullmatch(turkic_lower(word)))


def prefix_key(text: str, lang: str, variant: str) -> str | None:
    """What a prefix looks like in a field: lower-cased, and folded for the fold field."""
    if variant == "stem":
        return None
    toks = [t.text for t in field_analyzer(lang, "exact")(text, mode="query", removestops=False)]
    if not toks:
        return None
    key = toks[-1]
    return fold(key) if variant == "fold" else key


# Letters a user without an Azerbaijani keyboard types for two: fold() maps the second to the first.
_RESPELL = {"e": "eə", "i": "iı", "s": "sş", "c": "cç", "g": "gğ", "o": "oö", "u": "uü"}
RESPELLINGS = 8          # at most this many native spellings of one typed word
RESPELL_PRUNE = 4        # prefixes this long and longer are checked against the index


def respellings(reader: TermReader, fname: str, word: str) -> list[str]:
    """The words of *fname* (an exact field) that *word*, typed without Azerbaijani letters,
    may stand for: ``movqeyi`` → ``mövqeyi``. Each letter that stands for two is tried both
    ways, a spelling of four letters or more kept only while some indexed word starts with it
    (a walk down the sorted terms, so a long word costs a few look-ups per letter, not 2ⁿ)."""
    base = fold(word)
    found: list[str] = []
    stack = [""]
    while stack and len(found) < RESPELLINGS:
        prefix = stack.pop()
        if len(prefix) == len(base):
            if prefix != word and reader.doc_frequency(fname, prefix):
                found.append(prefix)
            continue
        for ch in reversed(_RESPELL.get(base[len(prefix)], base[len(prefix)])):
            nxt = prefix + ch
            # Short prefixes are not looked up: the terms under one are many on a large index.
            if len(nxt) < RESPELL_PRUNE or next(iter(reader.expand_prefix(fname, nxt)), None) is not None:
                stack.append(nxt)
    return found


def expand_prefix(reader: TermReader, fname: str, prefix: str) -> list[str]:
    """At most PREFIX_EXPANSIONS of the most frequent terms starting with *prefix*."""
    scanned = itertools.islice(reader.expand_prefix(fname, prefix), PREFIX_SCAN)
    terms = [t.decode("utf-8") if isinstance(t, bytes) else t for t in scanned]
    if len(terms) > PREFIX_EXPANSIONS:
        terms.sort(key=lambda t: reader.doc_frequency(fname, t), reverse=True)
        terms = terms[:PREFIX_EXPANSIONS]
    return terms


def item_query(item: Item, reader: TermReader, compiled: Compiled, group: int, origin: str = "user",
               label: str | None = None) -> Query | None:
    """One item searched in every field, best field wins.

    A ``unit`` (a multi-word name the user typed) is a phrase whose words may stand up to
    UNIT_SLOP positions apart: all its words, in order, inflected forms allowed. So is a
    glossary equivalent of several words (the texts put adjectives inside names).
    """
    subs: list[Query] = []
    label = label or item.display()
    if item.kind == "word" and is_stop_word(item.text):
        return None
    if isinstance(item, PoolItem):
        return _pool_query(item, reader, compiled, group, origin, label)
    if isinstance(item, WordsItem):
        parts = _word_parts(item, reader, compiled, group, origin)
        return And(parts, boost=UNIT_APART_BOOST) if len(parts) > 1 else None
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
        words = word_readings(pairs)
        if len(words) == 1:
            keys = words[0][1]
            for k in keys:
                compiled.add(fname, k, source)
            terms = [Term(fname, k, boost=boost) for k in keys]
            if lang == "az" and variant == "exact" and item.kind == "word" and not AZ_LETTERS & set(item.text):
                # Typed without Azerbaijani letters: the word as written in the text, below an
                # exact match by as much as a folded match is below a stem match.
                typed = Source(label, "fold", origin, group)
                for r in respellings(reader, fname, keys[0]):
                    compiled.add(fname, r, typed)
                    terms.append(Term(fname, r, boost=boost * VARIANT_BOOST["fold"]))
            # Every reading of an ambiguous word counts once: the best-scoring one.
            subs.append(terms[0] if len(terms) == 1 else BestOf(terms, tiebreak=0.0))
        else:
            # Stop words leave gaps in positions: a quoted phrase allows exactly those gaps.
            slop = gap_slop(words)
            slop += UNIT_SLOP - 1 if item.kind == "unit" or origin == "glossary" else 0
            toks = tuple(keys[0] for _, keys in words)
            # Its words are marked only where they stand as the phrase.
            in_phrase = Source(label, variant, origin, group, toks, slop)
            for t in toks:
                compiled.add(fname, t, in_phrase)
            subs.append(Phrase(fname, list(toks), slop=slop, boost=boost))
    if item.kind == "unit":
        # The same words further apart still match, well below the name itself.
        # (Explained as the words they are: only the phrase matches the name as a unit.)
        words = [q for q in (item_query(Item("word", w), reader, compiled, group, origin, w)
                             for w in item.text.split()) if q is not None]
        if len(words) > 1:
            subs.append(And(words, boost=UNIT_APART_BOOST))
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else BestOf(subs, tiebreak=0.1)


def _word_parts(item: WordsItem, reader: TermReader, compiled: Compiled, group: int, origin: str
                ) -> list[Query]:
    """Each word of a term translated word by word: the word (the user's own) or one of its
    equivalents (*origin*)."""
    parts = []
    for alternatives in item.parts:
        word = alternatives[0].text          # the user's word: what its equivalents are explained by
        qs = [q for q in (item_query(i, reader, compiled, group, origin if n else "user", word)
                          for n, i in enumerate(alternatives)) if q is not None]
        if qs:
            parts.append(qs[0] if len(qs) == 1 else BestOf(qs, tiebreak=0.1))
    return parts


def _pool_query(item: PoolItem, reader: TermReader, compiled: Compiled, group: int, origin: str, label: str
                ) -> Query | None:
    """One query word's translations as one pooled term (phrases among them: best of)."""
    boost = VARIANT_BOOST["stem"] * ORIGIN_BOOST[origin]
    source = Source(label, "stem", origin, group)
    terms: list[tuple[str, str]] = []
    phrases: list[Query] = []
    for lang, form, verb_stem in item.pool:
        fname = field_name(lang, "stem")
        if verb_stem:
            keys = expand_prefix(reader, fname, turkic_lower(form))
        else:
            readings = word_readings(query_tokens(form, lang, "stem"))
            if len(readings) > 1:
                q = item_query(Item("phrase", form, lang), reader, compiled, group, origin, label)
                if q is not None:
                    phrases.append(q)
                continue
            keys = readings[0][1] if readings else []
        for t in keys:
            compiled.add(fname, t, source)
            terms.append((fname, t))
    subs: list[Query] = ([Pooled(terms, boost=boost)] if terms else []) + phrases
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else BestOf(subs, tiebreak=0.1)


def _proximity(parsed: ParsedQuery) -> Query | None:
    """Bonus for passages where the plain words stand close together, in order."""
    words = [Item("word", w) for g in parsed.groups if len(g) == 1 and g[0].kind in ("word", "unit")
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


def _group_query(group: list[Item], gi: int, reader: TermReader, compiled: Compiled, alternatives: Alternatives
                 ) -> tuple[Query | None, Query | None, Query | None, Query | None]:
    """The group's query (its own items and their alternatives), the part of it that is the
    user's own words, and its loose form for partial matches."""
    subs = [q for q in (item_query(i, reader, compiled, gi) for i in group) if q is not None]
    own = subs[0] if len(subs) == 1 else BestOf(list(subs), tiebreak=0.1) if subs else None
    for item, origin, label in alternatives.get(gi, []):
        if isinstance(item, WordsItem) and item.partial and not _names_word_by_word(item):
            # A word with only ordinary senses (мир: world, peace) makes the translation
            # word by word no match of the name: its words count only as words of it (``_loose``).
            continue
        q = item_query(item, reader, compiled, gi, origin, label)
        if q is not None and q not in subs:     # two spellings, one analysed query
            subs.append(q)
    if not subs:
        return None, None, None, None
    # One concept, however many names it has: the best-matching name counts.
    q = subs[0] if len(subs) == 1 else BestOf(subs, tiebreak=0.1)
    loose = _loose(group, alternatives.get(gi, []), gi, reader, compiled)
    return q, own, (BestOf([q, loose], tiebreak=0.1) if loose is not None else q), loose


def _names_word_by_word(item: WordsItem) -> bool:
    """Whether each word of a name translated word by word has glossary equivalents (names
    and terms: Khojaly / Xocalı, massacre / soyqırımı), not only the lexicon's senses."""
    return all(any(not isinstance(i, PoolItem) for i in alternatives[1:]) for alternatives in item.parts)


def _loose(group: list[Item], alternatives: list[tuple[Item, str, str]], gi: int, reader: TermReader,
           compiled: Compiled) -> Query | None:
    """Any single word of a name or term typed as words (or of its word-by-word translation),
    far below the whole: such a passage is a partial match that lacks the name."""
    parts = [q for i in group if i.kind == "unit" for w in i.text.split()
             if (q := item_query(Item("word", w), reader, compiled, gi, "user", w)) is not None]
    for item, origin, _ in alternatives:
        if isinstance(item, WordsItem) and item.partial:
            parts += _word_parts(item, reader, compiled, gi, origin)
    return Or(parts, boost=UNIT_APART_BOOST) if len(parts) > 1 else None


def _concept_kind(group: list[Item]) -> str:
    """``number`` for a group typed as numbers (`2003`, `1972-ci`, `33rd`: digits, a short
    ending at most), ``name`` for a name typed as words (a unit), else ``word``."""
    if all(re.fullmatch(r"\d+(?:[-.,/]?\d+)*(?:-?\w{1,4})?", i.text.strip()) for i in group):
        return "number"
    return "name" if any(i.kind == "unit" for i in group) else "word"


def compile_query(parsed: ParsedQuery, reader: TermReader, alternatives: Alternatives | None = None,
                  optional: frozenset[int] = frozenset()) -> Compiled:
    """Build the all-words and any-word queries for *parsed*.

    *alternatives* maps a group index to extra (item, origin, label) alternatives, such as
    glossary equivalents or typo corrections, searched with that group at a lower weight.
    The groups in *optional* only add to the score of passages the others match: they are
    not query concepts (coverage, missing words).
    """
    compiled = Compiled(NullQuery, NullQuery, None)
    groups: list[Query] = []
    loose: list[Query] = []
    bonus: list[Query] = []
    for gi, group in enumerate(parsed.groups):
        q, own, relaxed, part = _group_query(group, gi, reader, compiled, alternatives or {})
        if q is None or relaxed is None:
            compiled.dropped.append(" OR ".join(i.display() for i in group))
            continue
        if gi in optional:
            bonus.append(q)
            continue
        compiled.live_groups.append(gi)
        groups.append(q)
        loose.append(relaxed)
        compiled.own_queries.append(own)
        compiled.part_queries.append(part)
        compiled.kinds.append(_concept_kind(group))
    if groups:
        all_q: Query = And(groups) if len(groups) > 1 else groups[0]
        # The section heading only adds to passages the text matched (``headings``).
        heading = heading_query([parsed.groups[gi] for gi in compiled.live_groups],
                                [(alternatives or {}).get(gi, []) for gi in compiled.live_groups], ORIGIN_BOOST,
                                UNIT_SLOP, reader, compiled.heading_terms)
        scored = [*bonus, heading] if heading is not None else bonus
        near = _proximity(parsed)
        extra = [*scored, near] if near is not None else scored
        compiled.all_words = AndMaybe(all_q, extra[0] if len(extra) == 1 else Or(extra)) if extra else all_q
        any_q: Query = Or(loose) if len(loose) > 1 else loose[0]
        compiled.any_word = AndMaybe(any_q, scored[0] if len(scored) == 1 else Or(scored)) if scored else any_q
        compiled.group_queries = groups
    excluded = [q for q in (item_query(i, reader, Compiled(NullQuery, NullQuery, None), -1)
                            for i in parsed.excluded) if q is not None]
    compiled.excluded = Or(excluded) if excluded else None
    return compiled
