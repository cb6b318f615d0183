"""Completions while a query is typed: the last word finished from the index's vocabulary,
and glossary names (in all three scripts) that start with what was typed.

Words come from the ``*_exact`` fields (lower-cased word forms as they occur), most
frequent first, so a completion is always a word some passage holds.
"""

from __future__ import annotations

import heapq
import weakref

from index.analysis import LANGS
from index.analysis.azerbaijani import turkic_lower

from .glossary import Glossary
from .lexicon import Lexicon

MIN_PREFIX = 2
MAX_COMPLETIONS = 10
_SCAN = 2000             # most vocabulary entries looked at per field and keystroke


def complete(text: str, lexicon: Lexicon, glossary: Glossary, limit: int = 8) -> list[dict[str, str]]:
    """Up to *limit* completed queries for *text*: ``{"text", "kind", "lang"}``, where kind is
    ``name`` (a glossary form) or ``word`` (the last word finished from the vocabulary)."""
    limit = max(1, min(limit, MAX_COMPLETIONS))
    typed = " ".join(text.split())
    head, _, last = typed.rpartition(" ")
    if len(last) < MIN_PREFIX or last.startswith(("-", '"')) or last.endswith("*"):
        return []
    out: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(completed: str, kind: str, lang: str) -> None:
        key = _lower(completed)
        if key not in seen and key != _lower(typed):
            seen.add(key)
            out.append({"text": completed, "kind": kind, "lang": lang})

    names = _names(glossary, typed)
    for name, lang in names[:limit // 2]:          # names first, but leave words room
        add(name, "name", lang)
    for word, lang in _words(lexicon, last):
        add(f"{head} {word}".strip(), "word", lang)
    for name, lang in names[limit // 2:]:
        add(name, "name", lang)
    return out[:limit]


# Each build's glossary forms, lower-cased once: lower-casing all of them took 2.2 ms a keystroke.
_LOWERED: weakref.WeakKeyDictionary[Glossary, list[tuple[str, str, str]]] = weakref.WeakKeyDictionary()


def _lowered(glossary: Glossary) -> list[tuple[str, str, str]]:
    """(lower-cased form, form, language) of every glossary form, shortest first."""
    got = _LOWERED.get(glossary)
    if got is None:
        got = sorted(((_lower(form), form, lang) for entry in glossary.entries
                      for lang, forms in entry.forms.items() for form in forms),
                     key=lambda t: (len(t[1]), t[1]))
        _LOWERED[glossary] = got
    return got


def _names(glossary: Glossary, typed: str) -> list[tuple[str, str]]:
    """Glossary forms starting with *typed* (ignoring case), shortest first."""
    want = _lower(typed)
    return [(form, lang) for lowered, form, lang in _lowered(glossary) if lowered.startswith(want)]


def _words(lexicon: Lexicon, prefix: str) -> list[tuple[str, str]]:
    """Indexed word forms starting with *prefix*, most passages first."""
    scored: list[tuple[int, str, str]] = []
    for lang in LANGS:
        fname = f"{lang}_exact"
        start = turkic_lower(prefix) if lang == "az" else prefix.lower()
        for i, word in enumerate(lexicon.expand_prefix(fname, start)):
            if i >= _SCAN:
                break
            scored.append((lexicon.doc_frequency(fname, word), word, lang))
    return [(word, lang) for _, word, lang in heapq.nlargest(MAX_COMPLETIONS, scored, key=lambda s: (s[0], -len(s[1])))]


def _lower(text: str) -> str:
    return turkic_lower(text).lower()


__all__ = ["MAX_COMPLETIONS", "MIN_PREFIX", "complete"]
