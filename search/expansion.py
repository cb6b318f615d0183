"""What Sanad adds to a query: glossary equivalents in the other languages, and typo
corrections for words the corpus does not contain. Both rank below the user's own words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from index.analysis.azerbaijani import turkic_lower
from index.schema import text_fields

from .compiler import Alternatives, is_auxiliary, is_stop_word, query_terms
from .glossary import Glossary, Match
from .lexicon import TermReader
from .spellings import spellings
from .syntax import Item, ParsedQuery, PoolItem, WordsItem
from .translations import with_verbs

MAX_TYPO_CANDIDATES = 3
# The words a question is asked with, beside the words it asks about: "what did the OIC say about
# Khojaly", "how many", "nə vaxt üzv olub", "сколько стран". A passage lacking them still answers.
QUESTION_WORDS = frozenset("""
many much say says said tell told happen happens happened
neçə harada haradadır kim kimdir hansı nədir
сколько почему каков какие каких какая какую каким произошло случилось
""".split())
# Terms that may also match word by word (a name never does: "Aliyev" is not "Heydar Aliyev").
WORD_BY_WORD = ("concept", "event")


@dataclass
class Expanded:
    """The query as it will run: groups (glossary names merged into one group),
    alternatives per group, what was added (for the user), and words left out."""

    parsed: ParsedQuery
    alternatives: Alternatives = field(default_factory=dict)
    expansions: list[dict] = field(default_factory=list)
    optional: set[int] = field(default_factory=set)       # groups that are not concepts: auxiliary verbs


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
    """Rewrite *parsed* with glossary alternatives, lexicon translations and typo corrections.

    An Azerbaijani auxiliary verb (``edilib``) beside other words is optional: the noun of the
    compound verb carries the meaning, so the auxiliary adds to the score but is no concept
    whose absence makes a passage a partial match.
    """
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
            # The user's own words keep their meaning: a phrase stays a phrase, a name typed
            # as words is a unit (all of them, in order, a word or so apart), never one of them.
            own = groups[i][0] if groups[i][0].kind == "phrase" else Item("unit" if end - i > 1 else "word", text)
            out.parsed.groups.append([own])
            _add_glossary(out, gi, text, ms)
            if own.kind == "word":
                _add_lexicon(out, gi, text, glossary)
            elif all(m.entry.kind in WORD_BY_WORD for m in ms):
                by_word = _word_by_word(text, glossary)
                if by_word is not None:
                    out.alternatives.setdefault(gi, []).append((by_word, "glossary", text))
            i = end
            continue
        out.parsed.groups.append(groups[i])
        if _asks_or_helps(words, i):
            out.optional.add(gi)
            i += 1
            continue
        translated = use_glossary and len(groups[i]) == 1 and groups[i][0].kind == "word" and \
            _add_lexicon(out, gi, groups[i][0].text, glossary)
        if len(groups[i]) == 1 and groups[i][0].kind == "word" and not translated:
            word = groups[i][0].text
            known = is_known(reader, word)
            fixes = corrections(reader, word) if use_typos and not known else []
            near = glossary.near(word, typo_distance(word)) if use_typos and not known and not fixes else []
            if near:
                _add_glossary(out, gi, word, [Match(i, i + 1, e, ()) for e, _ in near], origin="typo")
            elif fixes:
                out.alternatives.setdefault(gi, []).extend(
                    (Item("word", c), "typo", f"{word} → {c}") for c in fixes)
                out.expansions.append({"type": "typo", "term": word, "added": fixes,
                                       "label": f"{word} → {', '.join(fixes)}"})
            elif use_glossary:
                # Not a typo of a word the index has: perhaps a name written in another script.
                _add_spellings(out, gi, word, reader, known)
        i += 1
    return out


def _asks_or_helps(words: list[str | None], i: int) -> bool:
    """Whether query word *i* is an Azerbaijani auxiliary verb or a question word (``vaxt`` after
    ``nə`` too) beside words that are neither: it adds to the score, but is no concept."""
    def minor(j: int) -> bool:
        w = words[j]
        if w is None:
            return False
        low = turkic_lower(w)
        return is_auxiliary(w) or low in QUESTION_WORDS or (low == "vaxt" and j > 0 and
                                                           turkic_lower(words[j - 1] or "") == "nə")
    return minor(i) and any(not minor(j) and words[j] is not None for j in range(len(words)) if j != i)


def _add_glossary(out: Expanded, gi: int, text: str, ms: list[Match], origin: str = "glossary") -> None:
    seen = {text.casefold()}
    added: list[str] = []
    langs: list[str] = []
    for m in ms:
        for lang, form in with_verbs(m.entry.all_forms()):
            if form.casefold() in seen or query_terms(form, lang, "stem") == m.keys:
                continue
            seen.add(form.casefold())
            added.append(form)
            langs.append(lang)
            out.alternatives.setdefault(gi, []).append((Item(_kind(form), form, lang), origin, form))
    if added:
        out.expansions.append({"type": "glossary" if origin == "glossary" else "typo", "term": text,
                               "entries": [m.entry.id for m in ms], "added": added, "langs": langs,
                               "label": f"{text} → {', '.join(added)}"})


def _add_lexicon(out: Expanded, gi: int, word: str, glossary: Glossary) -> bool:
    """Add *word*'s lexicon translations to group *gi* as one pooled concept; True if it has any."""
    if glossary.translations is None or is_stop_word(word):
        return False
    found = glossary.translations.translations(word)
    if not found:
        return False
    # A glossary entry of the same word already searches some of them.
    have = {item.text.casefold() for item, _, _ in out.alternatives.get(gi, [])}
    found = [t for t in found if t.form.casefold() not in have]
    if not found:
        return True
    pool = tuple((t.lang, t.form, t.verb_stem) for t in found)
    out.alternatives.setdefault(gi, []).append((PoolItem("pool", word, pool=pool), "lexicon", word))
    added = [f"{t.form}-" if t.verb_stem else t.form for t in found]
    out.expansions.append({"type": "lexicon", "term": word, "added": added, "langs": [t.lang for t in found],
                           "label": f"{word} → {', '.join(added)}"})
    return True


def _add_spellings(out: Expanded, gi: int, word: str, reader: TermReader, known: bool) -> bool:
    """Add *word*'s spellings in the other scripts to group *gi*; True if it has any."""
    found = [] if is_stop_word(word) else spellings(reader, word, known)
    if not found:
        return False
    out.alternatives.setdefault(gi, []).extend((Item("word", t, lang), "spelling", t) for lang, t in found)
    out.expansions.append({"type": "spelling", "term": word, "added": [t for _, t in found],
                           "langs": [lang for lang, _ in found],
                           "label": f"{word} → {', '.join(t for _, t in found)}"})
    return True


def _word_by_word(text: str, glossary: Glossary) -> WordsItem | None:
    """*text* translated word by word: each word with its own glossary and lexicon equivalents."""
    parts = []
    for w in text.split():
        if is_stop_word(w):
            continue
        scratch = Expanded(ParsedQuery())
        entries, keys = glossary.lookup(w)
        _add_glossary(scratch, 0, w, [Match(0, 1, e, keys) for e in entries])
        _add_lexicon(scratch, 0, w, glossary)
        parts.append((Item("word", w), *(item for item, _, _ in scratch.alternatives.get(0, []))))
    if len(parts) < 2 or all(len(p) == 1 for p in parts):
        return None
    return WordsItem("words", text, parts=tuple(parts))


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
