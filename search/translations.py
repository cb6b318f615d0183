"""The lexicon's query side: which entries a query word belongs to, and what it then searches.

A word belongs to an entry when its analysed key equals a form's key in any language (or
the diacritic-free key, for Azerbaijani typed without its letters), or when it starts with
an Azerbaijani verb stem of the entry (forms written ``pislə-``). All the entries' other
forms are searched as one pooled concept (``search.pooled``), below the user's own word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from index.analysis import LANGS
from index.analysis.azerbaijani import fold, turkic_lower
from index.analysis.russian import fold_yo, lemmas, reflexive_pair
from index.glossary import Entry, load_lexicon

from .compiler import query_terms
from .glossary import Glossary, with_verbs

VERB_MARK = "-"
MAX_VERB_ENDING = 10        # letters a verb form may add to its stem (pislə-nil-miş-dir: 8)
# How the endings a verb stem takes begin: infinitive and verbal noun (-maq, -mə), present (-ır),
# past (-dı, -mış), participles (-an, -dığı), converbs (-araq, -ıb), passive and causative
# (-ıl, -ın, -dır), conditional (-sa), buffer y. An English "article" does not start "art-" so.
_ENDING = "(?:$|m[aəıiuü]|[ıiuü][rlnbş]|d[ıiuü]|[aə][nrcqy]|s[aə]|y[aəıiuü]|l[aəı]|n|t[ıiuü]|[aə]$)"
_ENDINGS = (re.compile(_ENDING), re.compile(fold(_ENDING)))


def is_verb_stem(form: str) -> bool:
    """Whether a lexicon form is an Azerbaijani verb stem (written with a trailing hyphen)."""
    return form.endswith(VERB_MARK) and " " not in form


@dataclass(frozen=True)
class Translation:
    """One form to search for a query word: a word, a phrase, or an Azerbaijani verb stem."""

    lang: str
    form: str               # as written in the lexicon, without the verb mark
    verb_stem: bool = False


class Translations:
    """Look-up from query words to lexicon entries."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by_id = {e.id: e for e in entries}
        words = [Entry(e.id, e.kind, {lang: tuple(f for f in forms if not is_verb_stem(f))
                                      for lang, forms in e.forms.items()}) for e in entries]
        self._words = Glossary(words)
        self._stems = [(turkic_lower(f[:-1]), fold(turkic_lower(f[:-1])), e)
                       for e in entries for f in e.forms.get("az", ()) if is_verb_stem(f)]

    def __len__(self) -> int:
        return len(self.entries)

    def entries_for(self, word: str) -> list[Entry]:
        """Every entry *word* belongs to, in any language, in file order; a Russian word of
        several plausible readings (``знаком``: знак, знакомый) names each reading's entries,
        as the index holds the passage under each."""
        found = {e.id: self._by_id[e.id] for e in self._words.lookup_every(word)}
        readings = lemmas(fold_yo(word.casefold())) if " " not in word else ()
        # A reflexive-passive verb (обсуждаются: обсуждаться) also belongs to its verb's entries.
        others = [*readings[1:], *(r for r in map(reflexive_pair, readings) if r is not None)]
        for reading in others:
            found.update((e.id, self._by_id[e.id]) for e in self._words.lookup_every(reading))
        low = turkic_lower(word)
        folded = fold(low)
        for stem, stem_fold, entry in self._stems:
            for w, s, ending in ((low, stem, _ENDINGS[0]), (folded, stem_fold, _ENDINGS[1])):
                if w.startswith(s) and len(w) - len(s) <= MAX_VERB_ENDING and ending.match(w, len(s)):
                    found.setdefault(entry.id, entry)
        order = {e.id: i for i, e in enumerate(self.entries)}
        return sorted(found.values(), key=lambda e: order.get(e.id, 0))

    def translations(self, word: str) -> list[Translation]:
        """What *word* also searches: its entries' forms, except those analysed as *word* itself."""
        own = {(lang, query_terms(word, lang, "stem")) for lang in LANGS}
        out, seen = [], set()
        for entry in self.entries_for(word):
            for lang, form in with_verbs(entry.all_forms()):
                verb = is_verb_stem(form)
                text = form[:-1] if verb else form
                key = (lang, text.casefold(), verb)
                if key in seen or (not verb and (lang, query_terms(text, lang, "stem")) in own):
                    continue
                seen.add(key)
                out.append(Translation(lang, text, verb))
        return out


def load_translations(path: Path) -> Translations:
    """The lexicon in *path* (empty when there is none); problems name the file and line."""
    return Translations(load_lexicon(path))


__all__ = ["Translation", "Translations", "load_translations", "with_verbs"]
