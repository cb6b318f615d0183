"""Glossary entries proposed from the texts themselves (``sanad glossary suggest``).

Four sources, each checked against the corpus and the glossary:

- **Parallel text**: keyword lists printed in the three languages (aligned item by item when
  they have as many items), titles of one document in several languages, and lines that give
  one name in several languages separated by `` / `` (a journal's running header).
- **Names by transliteration**: capitalised words inside sentences (names, not sentence
  starts) of the text, paired with capitalised words of another language anywhere in the
  corpus whose spelling, romanised by the rules of each script, is nearly the same
  (``Касабланке`` / ``Kasablanka`` / ``Casablanca``). Lower-case words never take part, so
  ``Rabat`` never pairs with ``работа``.
- **Multi-word names by meaning**: runs of capitalised words (``Islamic Development Bank``)
  paired with runs of another language whose words mean the same one for one, in any order,
  through the lexicon, the glossary's one-word concepts or transliteration
  (``Исламским Банком Развития``).
- **The glossary**: a proposal whose forms an entry already has is reported as known; one that
  shares a form with an entry proposes the new spellings for that entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import tomlkit

from .analysis import LANGS, analyzer
from .analysis.azerbaijani import fold, turkic_lower
from .catalog import Document, load_catalog
from .glossary import Entry
from .langid import detect
from .passage import Passage
from .segment import segment
from .transliteration import CYRILLIC, alike, romanise

_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_LABEL_RE = re.compile(r"^[^:]{2,40}:\s*")
_SENTENCE_END = re.compile(r"[.!?:;«»\"“”(\[]\s*$")

_BIBLIOGRAPHY = re.compile(r",\s*\d.*$")      # "History and its problems, 2022 №3, 216-221"


@dataclass
class Proposal:
    """One proposed entry: a form per language, where it came from, and what the glossary says."""

    source: str                          # keywords | titles | parallel line | names
    forms: dict[str, str]
    kind: str = "concept"
    known: str | None = None             # an entry that already has every form
    extends: str | None = None           # an entry that has some of them: the rest are new spellings
    new_forms: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        lang = "en" if "en" in self.forms else next(iter(self.forms))
        text = "".join(CYRILLIC.get(ch, ch) for ch in fold(turkic_lower(self.forms[lang])))
        slug = re.sub(r"[^a-z0-9]+", "_", unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
                      .decode()).strip("_")
        return slug[:48] or "entry"


def _upper_first(word: str, lang: str) -> str:
    first = "İ" if lang == "az" and word[:1] == "i" else word[:1].upper()
    return first + word[1:]


def _key(word: str, lang: str) -> str | None:
    toks = [t.text for t in analyzer(lang, "stem")(word, mode="query")]
    return toks[0] if len(toks) == 1 else None


def _base_form(forms: Counter[str], lang: str) -> str:
    """The form to write in the glossary: the key (Azerbaijani stem, Russian lemma), else
    the shortest form seen."""
    word = min(forms, key=lambda f: (len(f), -forms[f]))
    if lang == "en":
        return re.sub(r"['’]s$", "", word)
    return _upper_first(_key(word, lang) or word, lang)


def names(passages: list[Passage], ordinary: set[tuple[str, str]]) -> dict[str, dict[str, Counter[str]]]:
    """Per language, each capitalised word used inside a sentence that is not an *ordinary*
    word ``(lang, key)`` (a lexicon word or a glossary concept): its key and the forms seen."""
    out: dict[str, dict[str, Counter[str]]] = {lang: {} for lang in LANGS}
    for p in passages:
        if p.kind in ("title", "front", "back"):
            continue
        for m in _WORD_RE.finditer(p.text):
            word = m.group()
            before = p.text[:m.start()]
            if not word[:1].isupper() or word.isupper() or not before.strip() or _SENTENCE_END.search(before):
                continue
            key = _key(word, p.lang)
            if key is not None and (p.lang, key) not in ordinary:
                out[p.lang].setdefault(key, Counter())[word] += 1
    return out


_JOINERS = {"az": {"və"}, "ru": {"и", "по", "в"}, "en": {"of", "the", "and", "for", "in", "on"}}


def name_phrases(passages: list[Passage]) -> dict[str, Counter[tuple[str, ...]]]:
    """Per language, runs of two or more capitalised words (joined by "of", "и", "və"...)
    inside sentences: multi-word names such as "Islamic Development Bank"."""
    out: dict[str, Counter[tuple[str, ...]]] = {lang: Counter() for lang in LANGS}
    for p in passages:
        if p.kind in ("title", "front", "back"):
            continue
        run: list[str] = []
        last_end = -1
        for m in [*_WORD_RE.finditer(p.text), None]:
            word = m.group() if m is not None else ""
            gap = p.text[last_end:m.start()] if m is not None and last_end >= 0 else ""
            capital = word[:1].isupper() and not word.isupper() and \
                not _SENTENCE_END.search(p.text[:m.start()] if m is not None else "")
            joiner = bool(run) and word.casefold() in _JOINERS[p.lang]
            if m is not None and (capital or joiner) and (not run or gap.strip() == ""):
                run.append(word)
            else:
                while run and run[-1].casefold() in _JOINERS[p.lang]:
                    run.pop()
                if sum(1 for w in run if w.casefold() not in _JOINERS[p.lang]) >= 2:
                    out[p.lang][tuple(run)] += 1
                run = [word] if capital else []
            if m is not None:
                last_end = m.end()
    return out


def _concepts(word: str, lang: str, concepts: dict[tuple[str, str], set[str]]) -> set[str]:
    """What a word of a name can mean: lexicon and glossary entries, or its romanised spelling."""
    key = _key(word, lang)
    return concepts.get((lang, key or ""), set()) | {"~" + romanise(key or word, lang)}


def _same_name(a: set[str], b: set[str]) -> bool:
    if a & b:
        return True
    ra, rb = [x[1:] for x in a if x[0] == "~"], [x[1:] for x in b if x[0] == "~"]
    return any(alike(x, y) for x in ra for y in rb)


def _phrase_proposals(doc_passages: list[Passage], corpus_passages: list[Passage],
                      concepts: dict[tuple[str, str], set[str]]) -> list[Proposal]:
    """Multi-word names of the text paired with names of another language in the corpus whose
    words mean the same, word for word in any order (through the lexicon, the glossary's
    one-word entries, or transliteration)."""
    mine, every = name_phrases(doc_passages), name_phrases(corpus_passages)

    def meaning(run: tuple[str, ...], lang: str) -> list[set[str]]:
        return [_concepts(w, lang, concepts) for w in run if w.casefold() not in _JOINERS[lang]]

    found = []
    for lang in LANGS:
        for run in mine[lang]:
            words = meaning(run, lang)
            group = {lang: " ".join(run)}
            for other in set(LANGS) - {lang}:
                for cand, _ in every[other].most_common():
                    theirs = meaning(cand, other)
                    if len(theirs) == len(words) and _matches(words, theirs):
                        group[other] = " ".join(cand)
                        break
            if len(group) > 1:
                found.append(Proposal("name phrases", {g: group[g] for g in LANGS if g in group}, kind="organisation"))
    return found


def _matches(a: list[set[str]], b: list[set[str]]) -> bool:
    """Each word of *a* means a different word of *b* (a perfect matching, found greedily
    over the few words of a name)."""
    free = list(range(len(b)))
    for x in a:
        j = next((j for j in free if _same_name(x, b[j])), None)
        if j is None:
            return False
        free.remove(j)
    return True


def _name_proposals(doc_passages: list[Passage], corpus_passages: list[Passage],
                    ordinary: set[tuple[str, str]]) -> list[Proposal]:
    mine, every = names(doc_passages, ordinary), names(corpus_passages, ordinary)
    romans = {lang: {k: romanise(k, lang) for k in every[lang]} for lang in LANGS}
    found = []
    for lang in LANGS:
        for key, forms in mine[lang].items():
            r = romanise(key, lang)
            group = {lang: _base_form(forms, lang)}
            for other in set(LANGS) - {lang}:
                best = max(((SequenceMatcher(None, r, ro).ratio(), k) for k, ro in romans[other].items()
                            if alike(r, ro)), default=None)
                if best is not None:
                    group[other] = _base_form(every[other][best[1]], other)
            if len(group) > 1:
                found.append(Proposal("names", {g: group[g] for g in LANGS if g in group}, kind="place"))
    return _dedupe(found)


def _items(text: str) -> list[str]:
    return [i.strip(" .") for i in re.split(r"[,;]", _LABEL_RE.sub("", text)) if i.strip(" .")]


def _sentence_case(text: str, lang: str) -> str:
    if not text.isupper():
        return text
    return _upper_first(turkic_lower(text) if lang == "az" else text.lower(), lang)


def _parallel_proposals(doc: Document, passages: list[Passage]) -> list[Proposal]:
    found = []
    keywords = {p.lang: _items(p.text) for p in passages if p.kind == "keywords"}
    if len(keywords) > 1 and len({len(v) for v in keywords.values()}) == 1:
        for items in zip(*keywords.values(), strict=True):
            found.append(Proposal("keywords", dict(zip(keywords, items, strict=True))))
    titles = {p.lang: _sentence_case(p.text, p.lang) for p in passages if p.kind == "title"}
    if len(titles) > 1:
        found.append(Proposal("titles", titles, kind="document"))
    for line in doc.read_text().splitlines():
        parts = [_BIBLIOGRAPHY.sub("", s.strip()) for s in line.split(" / ")]
        if len(parts) > 1:
            langs = [detect(s) for s in parts]
            if len(set(langs)) == len(langs):
                found.append(Proposal("parallel line", dict(zip(langs, parts, strict=True)), kind="document"))
    return found


def _dedupe(proposals: list[Proposal]) -> list[Proposal]:
    seen, out = set(), []
    for p in proposals:
        key = frozenset((lang, _form_key(f, lang)) for lang, f in p.forms.items())
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _form_key(form: str, lang: str) -> str:
    return " ".join(t.text for t in analyzer(lang, "stem")(form, mode="query")) or form.casefold()


def check_against(proposals: list[Proposal], entries: list[Entry]) -> None:
    """Mark each proposal known, or extending an entry with new spellings, from the glossary."""
    index: dict[tuple[str, str], str] = {}
    for e in entries:
        for lang, form in e.all_forms():
            index.setdefault((lang, _form_key(form, lang)), e.id)
    for p in proposals:
        hits = {lang: index.get((lang, _form_key(form, lang))) for lang, form in p.forms.items()}
        ids = {i for i in hits.values() if i}
        if len(ids) == 1:
            (entry,) = ids
            new = {lang: p.forms[lang] for lang, i in hits.items() if i is None}
            if new:
                p.extends, p.new_forms = entry, new
            else:
                p.known = entry


def concept_index(lexicon: list[Entry], glossary: list[Entry]) -> dict[tuple[str, str], set[str]]:
    """``(lang, key)`` of every one-word form to the ids of the entries it belongs to."""
    out: dict[tuple[str, str], set[str]] = {}
    for e in lexicon + glossary:
        for lang, form in e.all_forms():
            if " " not in form.strip("-"):
                out.setdefault((lang, _form_key(form.rstrip("-"), lang)), set()).add(e.id)
    return out


def ordinary_words(lexicon: list[Entry], glossary: list[Entry]) -> set[tuple[str, str]]:
    """``(lang, key)`` of every one-word lexicon form and glossary concept: not names."""
    return {(lang, _form_key(form, lang)) for e in lexicon + [g for g in glossary if g.kind == "concept"]
            for lang, form in e.all_forms() if " " not in form.strip("-")}


def suggest(corpus_dir: Path, doc_id: str | None, glossary: list[Entry], lexicon: list[Entry]) -> list[Proposal]:
    """Proposals for document *doc_id* (every document when None), checked against the
    *glossary*; words of the *lexicon* are ordinary words, not names, and are not proposed."""
    docs = load_catalog(corpus_dir)
    if doc_id is not None and doc_id not in {d.id for d in docs}:
        raise KeyError(doc_id)
    ordinary = ordinary_words(lexicon, glossary)
    concepts = concept_index(lexicon, [g for g in glossary if g.kind == "concept"])
    per_doc = {d.id: (d, segment(d, d.read_text())) for d in docs}
    corpus = [p for _, ps in per_doc.values() for p in ps]
    out: list[Proposal] = []
    for d, ps in per_doc.values():
        if doc_id is None or d.id == doc_id:
            out += _parallel_proposals(d, ps) + _name_proposals(ps, corpus, ordinary) + \
                _phrase_proposals(ps, corpus, concepts)
    out = [p for p in _dedupe(out)
           if not all((lang, _form_key(f, lang)) in ordinary for lang, f in p.forms.items())]
    check_against(out, glossary)
    return out


def accept(path: Path, proposals: list[Proposal]) -> list[str]:
    """Write the new entries and new spellings of *proposals* into the glossary at *path*,
    keeping its comments and layout; return what was written, one line each."""
    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.is_file() else tomlkit.document()
    terms = doc.setdefault("term", tomlkit.aot())
    ids = {str(t.get("id")) for t in terms}
    written = []
    for p in proposals:
        if p.known:
            continue
        if p.extends:
            table = next(t for t in terms if t.get("id") == p.extends)
            for lang, form in p.new_forms.items():
                forms = table.setdefault(lang, tomlkit.array())
                forms.append(form)
                written.append(f"{p.extends}: {lang} += {form}")
            continue
        eid, n = p.id, 2
        while eid in ids:
            eid, n = f"{p.id}_{n}", n + 1
        ids.add(eid)
        table = tomlkit.table()
        table.add("id", eid)
        table.add("kind", p.kind)
        for lang, form in p.forms.items():
            table.add(lang, [form])
        table.add("note", f"Proposed by sanad glossary suggest ({p.source}); check it.")
        table.add(tomlkit.nl())
        terms.append(table)
        written.append(f"{eid}: " + " / ".join(p.forms.values()))
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return written


__all__ = ["Proposal", "accept", "alike", "check_against", "names", "ordinary_words", "romanise", "suggest"]
