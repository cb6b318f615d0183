"""The cross-language glossary file (``corpus/glossary.toml``): names of one thing in az, ru, en.

This module reads and checks the file; ``search.glossary`` matches queries against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analysis import LANGS
from .errors import CorpusError
from .tomlfile import key_line, line_of, read_toml, table_lines

KINDS = ("organisation", "person", "place", "event", "concept", "document")


@dataclass(frozen=True)
class Entry:
    """One entity or concept and its forms per language."""

    id: str
    kind: str
    forms: dict[str, tuple[str, ...]]

    def all_forms(self) -> list[tuple[str, str]]:
        return [(lang, f) for lang in LANGS for f in self.forms.get(lang, ())]



def load_entries(path: Path) -> list[Entry]:
    """Read and check a glossary file; problems name the file and line."""
    if not path.is_file():
        return []
    source, data = read_toml(path)
    entries, seen = [], set()
    terms = data.get("term", [])
    tables = table_lines(source, "term")
    for i, raw in enumerate(terms):
        eid = raw.get("id")
        # The entry at fault, not the first one with that id (a repeated id is the later one).
        table = tables[i] if len(tables) == len(terms) else None
        line = (key_line(source, table, "id") or table.start) if table else line_of(source, f'"{eid}"')
        if not isinstance(eid, str) or not eid or eid in seen:
            raise CorpusError(path, f"glossary entry id {eid!r} is missing or repeated", line=line)
        seen.add(eid)
        kind = raw.get("kind", "concept")
        if kind not in KINDS:
            raise CorpusError(path, f"entry '{eid}': kind must be one of {', '.join(KINDS)}", line=line)
        forms = {}
        for lang in LANGS:
            value = raw.get(lang, [])
            if isinstance(value, str):
                value = [value]
            if not all(isinstance(v, str) and v.strip() for v in value):
                raise CorpusError(path, f"entry '{eid}': '{lang}' must be a list of names", line=line)
            if value:
                forms[lang] = tuple(v.strip() for v in value)
        if sum(len(v) for v in forms.values()) < 2:
            raise CorpusError(path, f"entry '{eid}' needs at least two names to be useful", line=line)
        entries.append(Entry(eid, kind, forms))
    return entries
