"""The query cache: a query analysed, expanded and compiled once per build, then reused.

Searching the same words again (the next page, a facet link, a suggestion's count) skips
analysis, glossary and typo look-ups and compilation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from whoosh.query import AndNot, Query

from .compiler import Compiled, compile_query
from .expansion import Expanded
from .expansion import expand as expand_query
from .glossary import Glossary
from .lexicon import Lexicon
from .syntax import ParsedQuery, QueryError

PREPARED_QUERIES = 2048      # compiled queries remembered per build


@dataclass(frozen=True)
class Prepared:
    """A query analysed, expanded and compiled against one build."""

    expanded: Expanded
    compiled: Compiled
    all_q: Query             # passages with every word (the first results)
    any_q: Query             # passages with some of them (the partial matches, and the total)


class QueryCache:
    """Prepared queries of one build, the least recently used forgotten first."""

    def __init__(self, lexicon: Lexicon, glossary: Glossary) -> None:
        self.lexicon, self.glossary = lexicon, glossary
        self._got: OrderedDict[tuple[str, bool], Prepared] = OrderedDict()
        self._lock = threading.Lock()

    def prepare(self, parsed: ParsedQuery, expand: bool) -> Prepared:
        """Expand and compile *parsed*, or reuse what an earlier search of it made."""
        key = (parsed.display(), expand)
        with self._lock:
            got = self._got.get(key)
            if got is not None:
                self._got.move_to_end(key)
                return got
        got = self._make(parsed, expand)
        with self._lock:
            self._got[key] = got
            while len(self._got) > PREPARED_QUERIES:
                self._got.popitem(last=False)
        return got

    def _make(self, parsed: ParsedQuery, expand: bool) -> Prepared:
        expanded = expand_query(parsed, self.lexicon, self.glossary, use_glossary=expand, use_typos=expand)
        compiled = compile_query(expanded.parsed, self.lexicon, expanded.alternatives, frozenset(expanded.optional))
        if not compiled.live_groups:
            raise QueryError(f"Nothing searchable is left in '{expanded.parsed.display()}': single letters, "
                             "symbols and very common words (such as 'the', 'və', 'и') are not indexed; "
                             "add a word that carries meaning.", key="nothing_searchable",
                             query=expanded.parsed.display())
        all_q, any_q = compiled.all_words, compiled.any_word
        if compiled.excluded is not None:
            all_q, any_q = AndNot(all_q, compiled.excluded), AndNot(any_q, compiled.excluded)
        return Prepared(expanded, compiled, all_q, any_q)
