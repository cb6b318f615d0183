"""What Sanad adds to a query: glossary equivalents in the other languages, and typo
corrections for words the corpus does not contain. Both rank below the user's own words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from index.schema import text_fields

from .compiler import Alternatives, query_terms
from .glossary import Glossary, Match
from .lexicon import TermReader
from .syntax import Item, ParsedQuery

MAX_TYPO_CANDIDATES = 3


@dataclass
class Expanded:
    """The query as it will run: groups (glossary names merged into one group),
    alternatives per group, what was added (for the user), and groups the corpus lacks."""

    parsed: ParsedQuery
    alternatives: Alternatives = field(default_factory=dict)
    expansions: list[dict] = field(default_factory=list)
    absent: set[int] = field(default_factory=set)


def typo_distance(word: str) -> int:
    """Edits allowed for a word of this length: none for short words, 1, then 2."""
    n = len(word)
    return 0 if n <= 4 else 1 if n <= 7 else 2


def is_known(reader: TermReader, text: str) -> bool:
    """True when some field of the index holds a term of *text*."""
    for fname, lang, variant in text_fields():
        for t in query_terms(text, lang, variant):
            if reader.doc_frequency(fname, t):
                return True
    return False


def corrections(reader: TermReader, word: str) -> list[str]:
    """Index words within a few edits of *word*, most frequent first."""
    dist = typo_distance(word)
    if not dist:
        return []
    scored: dict[str, int] = {}
    for fname, lang, variant in text_fields():
        if variant != "exact":
            continue
        keys = query_terms(word, lang, "exact")
        if len(keys) != 1:
            continue
        for cand in reader.terms_within(fname, keys[0], dist, prefix=1):
            cand = cand.decode("utf-8") if isinstance(cand, bytes) else cand
            if cand != keys[0]:
                scored[cand] = scored.get(cand, 0) + reader.doc_frequency(fname, cand)
    return sorted(scored, key=lambda c: (-scored[c], c))[:MAX_TYPO_CANDIDATES]


def _kind(text: str) -> str:
    return "phrase" if len(text.split()) > 1 else "word"


def expand(parsed: ParsedQuery, reader: TermReader, glossary: Glossary, *, use_glossary: bool = True,
           use_typos: bool = True) -> Expanded:
    """Rewrite *parsed* with glossary alternatives and typo corrections."""
    groups = parsed.groups
    words = [g[0].text if len(g) == 1 and g[0].kind == "word" else None for g in groups]
    matches = glossary.matches(words) if use_glossary else []
    by_start: dict[int, list[Match]] = {}
    for m in matches:
        by_start.setdefault(m.start, []).append(m)
    out = Expanded(ParsedQuery([], list(parsed.excluded)))
    i = 0
    while i < len(groups):
        ms = by_start.get(i)
        if not ms and use_glossary and len(groups[i]) == 1 and groups[i][0].kind == "phrase":
            entries, keys = glossary.lookup(groups[i][0].text)
            ms = [Match(i, i + 1, e, keys) for e in entries]
        gi = len(out.parsed.groups)
        if ms:
            end = ms[0].end
            text = " ".join(g[0].text for g in groups[i:end])
            # The user's own words keep their meaning: a phrase stays a phrase, a run of
            # words still needs every word but not in that order.
            own = groups[i][0] if groups[i][0].kind == "phrase" else Item("all" if end - i > 1 else "word", text)
            out.parsed.groups.append([own])
            _add_glossary(out, gi, text, ms)
            if own.kind == "all":
                # Each word of a glossary name keeps its own equivalents too, so a passage
                # that names the thing differently but shares a word still matches.
                for w in text.split():
                    entries, keys = glossary.lookup(w)
                    if entries:
                        _add_glossary(out, (gi, w), w, [Match(i, i + 1, e, keys) for e in entries])
            i = end
            continue
        out.parsed.groups.append(groups[i])
        if len(groups[i]) == 1 and groups[i][0].kind == "word" and not is_known(reader, groups[i][0].text):
            word = groups[i][0].text
            fixes = corrections(reader, word) if use_typos else []
            near = glossary.near(word, typo_distance(word)) if use_typos and not fixes else []
            if near:
                _add_glossary(out, gi, word, [Match(i, i + 1, e, ()) for e, _ in near], origin="typo")
            elif fixes:
                out.alternatives.setdefault(gi, []).extend(
                    (Item("word", c), "typo", f"{groups[i][0].text} → {c}") for c in fixes)
                out.expansions.append({"type": "typo", "term": groups[i][0].text, "added": fixes,
                                       "label": f"{groups[i][0].text} → {', '.join(fixes)}"})
            else:
                out.absent.add(gi)
        i += 1
    return out


def _add_glossary(out: Expanded, gi: int | tuple[int, str], text: str, ms: list[Match],
                  origin: str = "glossary") -> None:
    seen = {text.casefold()}
    added: list[str] = []
    for m in ms:
        for lang, form in m.entry.all_forms():
            if form.casefold() in seen or query_terms(form, lang, "stem") == m.keys:
                continue
            seen.add(form.casefold())
            added.append(form)
            out.alternatives.setdefault(gi, []).append((Item(_kind(form), form, lang), origin, form))
    if added:
        out.expansions.append({"type": "glossary" if origin == "glossary" else "typo", "term": text,
                               "entries": [m.entry.id for m in ms], "added": added,
                               "label": f"{text} → {', '.join(added)}"})


def suggest(parsed: ParsedQuery, reader: TermReader, count: Callable[[str], int], glossary: Glossary | None = None
            ) -> dict | None:
    """A corrected query (unknown words replaced by their likeliest correction) that has hits."""
    changed, parts = False, []
    for group in parsed.groups:
        item = group[0]
        known_name = glossary is not None and glossary.lookup(item.text)[0]
        if len(group) == 1 and item.kind == "word" and not known_name and not is_known(reader, item.text):
            fixes = corrections(reader, item.text)
            if not fixes and glossary is not None:
                fixes = [form for _, form in glossary.near(item.text, typo_distance(item.text))
                         if form.casefold() != item.text.casefold()]
            if fixes:
                fix = fixes[0]
                parts.append(fix[:1].upper() + fix[1:] if item.text[:1].isupper() else fix)
                changed = True
                continue
        parts.append(" OR ".join(i.display() for i in group))
    parts += [f"-{i.display()}" for i in parsed.excluded]
    if not changed:
        return None
    query = " ".join(parts)
    n = count(query)
    return {"query": query, "total": n} if n else None
