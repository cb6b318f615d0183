"""What Sanad adds to a query: glossary equivalents in the other languages, and typo
corrections for words the corpus does not contain. Both rank below the user's own words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from index.analysis import LANGS
from index.analysis.azerbaijani import fold, turkic_lower
from index.analysis.stopwords import STOPWORDS
from index.schema import text_fields

from .compiler import _AZ_AUXILIARY, Alternatives, is_auxiliary, is_stop_word, query_terms
from .glossary import Glossary, Match, en_place_nouns, ru_place_nouns
from .lexicon import TermReader
from .spellings import spellings
from .syntax import Item, ParsedQuery, PoolItem, WordsItem
from .translations import with_verbs

MAX_TYPO_CANDIDATES = 3
MAX_ROMAN = 40              # conference and summit numbers: XL at most
# The words a question is asked with, beside the words it asks about: "what did the OIC say about
# Khojaly", "how many", "nə vaxt üzv olub", "сколько стран". A passage lacking them still answers.
QUESTION_WORDS = frozenset("""
many much say says said tell told happen happens happened
neçə harada haradadır kim kimdir hansı nədir dedi deyib deyir
сколько почему каков какие каких какая какую каким произошло случилось сказал сказала сказали говорит говорил
""".split())
# Azerbaijani nouns that make an adjective an adverb, as "-ly" does: "birmənalı şəkildə"
# (unambiguously), "kəskin şəkildə" (sharply), "birtərəfli qaydada" (unilaterally). After another
# word they add to the score but are no concept: the English and Russian texts have no such word.
MANNER_WORDS = frozenset({"şəkildə", "surətdə", "qaydada", "formada", "tərzdə"})
# Azerbaijani words whose Russian and English equivalents are stop words there ("only" /
# только, "can" / "may", раз): as concepts every passage in those languages would lack them.
AZ_FUNCTION_WORDS = frozenset({"yalnız", "bilər", "bilərlər", "bilməz", "ola", "olar", "olmaz", "dəfə"})
# Function words the index's stop lists keep (they are short on purpose, and the index is not
# changed here) but that name no topic: English prepositions that Russian and Azerbaijani write as
# case endings, suffixes or stop words ("within the OIC" is "ОИС" in a case, "İƏT daxilində";
# "without" is "без", "-sız"), Russian and Azerbaijani possessive, demonstrative and reflexive
# words that English writes as stop words ("нашими проблемами" is "our problems"), the copula and
# "have" (является, имеет, malikdir: "is", "has"), "против" / "qarşı" (English "against"),
# "около" / "təxminən" (English "about"), and the numbers whose Russian names are stop words (два,
# три). As concepts every passage in the other languages would lack them.
FUNCTION_WORDS = frozenset("""
within between among amongst during towards toward through throughout upon onto via across per
despite since before because whether without itself themselves ourselves himself herself
наш наша наше наши нашего нашей нашему нашим нашими нашем нашу наших
ваш ваша ваше ваши вашего вашей вашему вашим вашими вашем вашу ваших
свой своя своё свое свои своего своей своему своим своими своём своем своих
эта этих этим этими этому весь вся всё всем всей всеми против среди внутри
является являются являлся являлась являлось являлись имеет имеют иметь имел имела имели
bizim sizin bizə bizi özünün özləri özü ərzində daxilində qarşı malik malikdir malikdirlər
two three iki üç около примерно приблизительно təxminən approximately roughly
""".split())
MIN_PLACE = 4               # letters of a place name whose adjectives are searched (Баку)
_ADJECTIVES = (  # language, fields searched for adjectives of a place, the rule back to the place, endings
    ("ru", tuple(f for f, lang, variant in text_fields() if lang == "ru" and variant == "stem"), ru_place_nouns,
     ("ский",)),
    ("en", tuple(f for f, lang, variant in text_fields() if lang == "en" and variant == "exact"), en_place_nouns,
     ("ian", "an", "i", "ese", "ish")),
)
# Terms that may also match word by word (a name never does: "Aliyev" is not "Heydar Aliyev").
WORD_BY_WORD = ("concept", "event", "document")


_FOLDED_MANNER = frozenset(fold(w) for w in MANNER_WORDS)
_FOLDED_QUESTION = frozenset(fold(w) for w in QUESTION_WORDS)
_FOLDED_FUNCTION = frozenset(fold(w) for w in AZ_FUNCTION_WORDS | FUNCTION_WORDS)
# Auxiliary verbs typed without Azerbaijani letters ("qebul edilen", "təmin olunmus"): the
# compiler's pattern of them, folded.
_FOLDED_AUXILIARY = re.compile(fold(_AZ_AUXILIARY.pattern))
# Azerbaijani stop words typed without their letters ("ve", "ucun", "ile"): the index knows
# them only with the letters, so typed so they would be concepts no passage has.
_FOLDED_STOP = frozenset(fold(w) for w in STOPWORDS["az"])
# English prepositions of three words whose middle word is no topic: "in line with" is "uyğun
# olaraq", "в соответствии с"; a passage lacking "line" still answers.
COMPOUND_PREPOSITIONS = frozenset({("in", "line", "with"), ("in", "accordance", "with"), ("in", "keeping", "with"),
                                   ("with", "regard", "to"), ("in", "regard", "to"), ("with", "respect", "to"),
                                   ("in", "respect", "of"), ("in", "terms", "of")})


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
    folded_stops = {i for i, w in enumerate(words) if w is not None and is_folded_stop(reader, w)}
    fixes_of: dict[str, list[str]] = {}

    def fixes(word: str) -> list[str]:
        if word not in fixes_of:
            fixes_of[word] = corrections(reader, word)
        return fixes_of[word]

    matches = glossary.matches(words) if use_glossary else []
    if use_glossary:
        matches = _sounding_matches(words, matches, glossary, lambda w: not is_known(reader, w) and not fixes(w)
                                    and not glossary.near(w, typo_distance(w)))
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
            _add_place_adjectives(out, gi, text, ms, reader)
            if own.kind == "word":
                _add_lexicon(out, gi, text, glossary)
            elif all(m.entry.kind in WORD_BY_WORD for m in ms):
                # A document's title words are generic ("OIC", "Charter", "resolutions"): only
                # all of them together stand for it, and some of them make no partial match.
                by_word = _word_by_word(text, glossary, partial=any(m.entry.kind != "document" for m in ms))
                if by_word is not None:
                    out.alternatives.setdefault(gi, []).append((by_word, "glossary", text))
            i = end
            continue
        out.parsed.groups.append(groups[i])
        if _asks_or_helps(words, i, folded_stops):
            out.optional.add(gi)
            i += 1
            continue
        translated = use_glossary and len(groups[i]) == 1 and groups[i][0].kind == "word" and \
            _add_lexicon(out, gi, groups[i][0].text, glossary)
        if use_glossary and len(groups[i]) == 1 and groups[i][0].kind == "word":
            translated = _add_roman(out, gi, groups[i][0].text) or translated
        if len(groups[i]) == 1 and groups[i][0].kind == "word" and not translated:
            word = groups[i][0].text
            known = is_known(reader, word)
            fixed = fixes(word) if use_typos and not known else []
            near = glossary.near(word, typo_distance(word)) if use_typos and not known and not fixed else []
            if near:
                _add_glossary(out, gi, word, [Match(i, i + 1, e, ()) for e, _ in near], origin="typo")
            elif fixed:
                out.alternatives.setdefault(gi, []).extend(
                    (Item("word", c), "typo", f"{word} → {c}") for c in fixed)
                out.expansions.append({"type": "typo", "term": word, "added": fixed,
                                       "label": f"{word} → {', '.join(fixed)}"})
            elif use_glossary:
                # Not a typo of a word the index has: perhaps a name written in another script.
                _add_spellings(out, gi, word, reader, known)
        i += 1
    return out


def is_folded_stop(reader: TermReader, word: str) -> bool:
    """Whether *word* is an Azerbaijani stop word typed without its letters (``ve``, ``ucun``)
    and no word of the index as typed (``yeni``, new, is one; ``yəni`` is the stop word)."""
    low = turkic_lower(word)
    if low not in _FOLDED_STOP or is_stop_word(word):
        return False
    return not any(reader.doc_frequency(fname, t) for fname, lang, variant in text_fields() if variant == "exact"
                   for t in query_terms(word, lang, "exact"))


def _sounding_matches(words: list[str | None], matches: list[Match], glossary: Glossary,
                      unknown: Callable[[str], bool]) -> list[Match]:
    """*matches* with the glossary names a word names in another transliteration (``Geidar
    Aliev``: Heydar Aliyev, Гейдар Алиев): a word that no name, the index or a typo correction
    (of a word or a name) knows (*unknown*) stands, in each language in turn, for the name word
    it sounds like; where spans overlap the longest wins."""
    covered = {i for m in matches for i in range(m.start, m.end)}
    subs = {i: found for i, w in enumerate(words)
            if w is not None and i not in covered and not is_stop_word(w) and unknown(w)
            and (found := glossary.sounding(w))}
    if not subs:
        return matches
    extra = [Match(m.start, m.end, m.entry, ()) for lang in LANGS
             for m in glossary.matches([subs[i].get(lang, w) if i in subs else w for i, w in enumerate(words)])
             if any(m.start <= i < m.end for i in subs)]
    spans: dict[tuple[int, int], list[Match]] = {}
    for m in matches + extra:
        if all(m.entry.id != o.entry.id for o in spans.get((m.start, m.end), [])):
            spans.setdefault((m.start, m.end), []).append(m)
    kept: list[Match] = []
    taken: set[int] = set()
    for (start, end), ms in sorted(spans.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            kept += ms
    return sorted(kept, key=lambda m: m.start)


def _asks_or_helps(words: list[str | None], i: int, folded_stops: set[int]) -> bool:
    """Whether query word *i* is an Azerbaijani auxiliary verb (with its letters or without), a
    question word (``vaxt`` after ``nə`` too), a manner word after another word (``birmənalı
    şəkildə``), the noun of a compound preposition (``in line with``), a function word
    (``yalnız``, ``within``, ``нашими``) or an Azerbaijani stop word typed without its letters
    (*folded_stops*) beside words that are none of these: it adds to the score, but is no concept."""
    def minor(j: int) -> bool:
        w = words[j]
        if w is None:
            return False
        if j in folded_stops:
            return True
        low = turkic_lower(w)
        before = turkic_lower(words[j - 1] or "") if j > 0 else ""
        manner = bool(before) and low in MANNER_WORDS | _FOLDED_MANNER
        after = (words[j + 1] or "").lower() if j + 1 < len(words) else ""
        preposition = (before, low, after) in COMPOUND_PREPOSITIONS
        function = low in AZ_FUNCTION_WORDS or low in FUNCTION_WORDS or low in _FOLDED_FUNCTION
        auxiliary = is_auxiliary(w) or bool(_FOLDED_AUXILIARY.fullmatch(fold(low)))
        question = low in QUESTION_WORDS or fold(low) in _FOLDED_QUESTION or (low == "vaxt" and fold(before) == "ne")
        return auxiliary or question or manner or preposition or function
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


def _note_added(out: Expanded, text: str, form: str, lang: str) -> None:
    """Show *form* among what the glossary added for *text* ("Also searched")."""
    for e in reversed(out.expansions):
        if e["type"] == "glossary" and e["term"] == text:
            e["added"].append(form)
            e["langs"].append(lang)
            e["label"] = f"{text} → {', '.join(e['added'])}"
            return
    out.expansions.append({"type": "glossary", "term": text, "entries": [], "added": [form], "langs": [lang],
                           "label": f"{text} → {form}"})


def _add_place_adjectives(out: Expanded, gi: int, text: str, ms: list[Match], reader: TermReader) -> None:
    """Add to group *gi* the Russian and English adjectives the index holds of the places *ms*
    name: the texts write "палестинской проблеме", "Бакинская конференция", "Malaysian city"."""
    have = {item.text.casefold() for item, _, _ in out.alternatives.get(gi, [])}
    for entry in {m.entry.id: m.entry for m in ms if m.entry.kind == "place"}.values():
        for lang, fields, nouns_of, endings in _ADJECTIVES:
            for form in entry.forms.get(lang, ()):
                noun = form.casefold()
                if " " in noun or len(noun) < MIN_PLACE:
                    continue
                start = noun[:-1] if noun[-1] in "аяыиуоеьaeiy" else noun
                for fname in fields:
                    for term in reader.expand_prefix(fname, start):
                        adj = term.decode("utf-8") if isinstance(term, bytes) else term
                        if adj.endswith(endings) and adj not in have and noun in nouns_of(adj):
                            have.add(adj)
                            out.alternatives.setdefault(gi, []).append((Item("word", adj, lang), "glossary", adj))
                            _note_added(out, text, adj, lang)


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


def _roman(n: int) -> str:
    """*n* (1–49) in lower-case Roman numerals."""
    out = ""
    for value, letters in ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out += letters * count
    return out


# Roman numerals of two letters or more (single letters are not indexed): the English text
# numbers its conferences so ("XXIV Jakarta conference", "Teheran Conference VIII"), the others
# write digits ("24-ой конференции", "8-ом саммите").
ROMAN = {_roman(n): n for n in range(2, MAX_ROMAN + 1) if len(_roman(n)) > 1}


def _add_roman(out: Expanded, gi: int, word: str) -> bool:
    """Add the digits of a Roman numeral (``VIII``: 8), or the Roman numeral of a number or an
    ordinal (``24th``, ``24-ой``: xxiv), to group *gi*; True if it has one."""
    low = word.casefold()
    if low in ROMAN:
        alt = str(ROMAN[low])
    else:
        numbers = {t for lang in ("en", "ru", "az") for t in query_terms(word, lang, "exact") if t.isdecimal()}
        n = int(numbers.pop()) if len(numbers) == 1 else 0
        alt = _roman(n) if 2 <= n <= MAX_ROMAN and len(_roman(n)) > 1 else ""
    if not alt:
        return False
    out.alternatives.setdefault(gi, []).append((Item("word", alt), "lexicon", f"{word} → {alt}"))
    out.expansions.append({"type": "lexicon", "term": word, "added": [alt], "langs": [],
                           "label": f"{word} → {alt}"})
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


def _word_by_word(text: str, glossary: Glossary, partial: bool = True) -> WordsItem | None:
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
    return WordsItem("words", text, parts=tuple(parts), partial=partial)


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
