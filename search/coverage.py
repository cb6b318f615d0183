"""How much of the corpus's vocabulary crosses languages: the lexicon's and glossary's coverage.

Per language, the share of content-word tokens (of words occurring at least MIN_COUNT times
in that language's passages) whose word belongs to a lexicon or glossary entry with forms in
both other languages. A word is its analysed key (Azerbaijani stem, Russian lemma, English
stem); numbers, single letters and the Azerbaijani auxiliary verbs that only build compound
verbs (``qəbul etmək``, ``təmin olunmaq``: the noun carries the meaning) are not content words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from index.analysis import LANGS, analyzer

from .compiler import is_auxiliary, query_terms
from .glossary import Glossary

MIN_COUNT = 3


@dataclass(frozen=True)
class Coverage:
    """One language's figures."""

    lang: str
    tokens: int            # content-word tokens of frequent words
    covered: int           # of which have an equivalent in both other languages
    words: int             # distinct frequent words
    words_covered: int
    missing: tuple[tuple[str, int], ...]    # the most frequent uncovered words (form, count)

    @property
    def share(self) -> float:
        return self.covered / self.tokens if self.tokens else 1.0


def is_content_word(form: str, lang: str) -> bool:
    """Whether a (lower-cased) word form counts as a content word for coverage."""
    if len(form) < 2 or any(c.isdigit() for c in form):
        return False
    return not (lang == "az" and is_auxiliary(form))


def crosses(glossary: Glossary, form: str, lang: str) -> bool:
    """Whether *form* has an equivalent in both other languages (glossary or lexicon)."""
    others = set(LANGS) - {lang}
    entries = list(glossary.lookup_every(form))
    if glossary.translations is not None:
        entries += glossary.translations.entries_for(form)
    return any(others <= set(e.forms) for e in entries)


def coverage(passages: list[dict], glossary: Glossary, top: int = 15) -> list[Coverage]:
    """Coverage per language over *passages* (``text`` and ``lang`` each)."""
    out = []
    for lang in LANGS:
        exact = analyzer(lang, "exact")
        forms: Counter[tuple[str, str]] = Counter()       # (key, form) -> count
        for p in passages:
            if p["lang"] != lang:
                continue
            for t in exact(p["text"]):
                if is_content_word(t.text, lang):
                    keys = query_terms(t.text, lang, "stem")
                    if keys:
                        forms[(keys[0], t.text)] += 1
        per_key: Counter[str] = Counter()
        for (key, _), n in forms.items():
            per_key[key] += n
        frequent = {k for k, n in per_key.items() if n >= MIN_COUNT}
        ok = {kf: crosses(glossary, kf[1], lang) for kf in forms if kf[0] in frequent}
        tokens = sum(forms[kf] for kf in ok)
        covered = sum(forms[kf] for kf, good in ok.items() if good)
        keys_ok = {kf[0] for kf, good in ok.items() if good}
        missing: Counter[str] = Counter()
        for kf, good in ok.items():
            if not good:
                missing[kf[1]] += forms[kf]
        out.append(Coverage(lang, tokens, covered, len(frequent), len(keys_ok & frequent),
                            tuple(missing.most_common(top))))
    return out


__all__ = ["MIN_COUNT", "Coverage", "coverage", "crosses", "is_content_word"]
