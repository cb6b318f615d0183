"""The cross-language glossary (``corpus/glossary.toml``: names of one thing in az, ru, en) and
lexicon (``corpus/lexicon.toml``: the domain's ordinary words in the three languages).

This module reads and checks the files; ``search.glossary`` matches queries against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analysis import LANGS
from .errors import CorpusError
from .tomlfile import key_line, line_of, read_toml, table_lines

KINDS = ("organisation", "person", "place", "event", "concept", "document")
WORD = "word"           # the kind of every lexicon entry


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
        forms = _forms(path, raw, f"entry '{eid}'", line)
        if sum(len(v) for v in forms.values()) < 2:
            raise CorpusError(path, f"entry '{eid}' needs at least two names to be useful", line=line)
        entries.append(Entry(eid, kind, forms))
    return entries


def load_lexicon(path: Path) -> list[Entry]:
    """Read and check a lexicon file (``words = [{az, ru, en}, ...]``); problems name the file and line.

    Entries are named ``word:<n>:<first English form>``, *n* counting from 1 in file order.
    """
    if not path.is_file():
        return []
    source, data = read_toml(path)
    words = data.get("words", [])
    if not isinstance(words, list):
        raise CorpusError(path, "'words' must be a list of { az = [...], ru = [...], en = [...] } entries")
    entries = []
    for n, raw in enumerate(words, 1):
        if not isinstance(raw, dict):
            raise CorpusError(path, f"word {n} must be a table {{ az = [...], ru = [...], en = [...] }}")
        first = raw.get("en", [""])[0] if isinstance(raw.get("en"), list) and raw.get("en") else ""
        line = line_of(source, f'"{first}"') if first else None
        forms = _forms(path, raw, f"word {n}", line)
        missing = [lang for lang in LANGS if lang not in forms]
        if missing:
            raise CorpusError(path, f"word {n} ({first or '?'}) has no '{missing[0]}' forms; every lexicon "
                              "entry needs all three languages", line=line)
        entries.append(Entry(f"{WORD}:{n}:{first}", WORD, forms))
    return entries


def _forms(path: Path, raw: dict, what: str, line: int | None) -> dict[str, tuple[str, ...]]:
    forms = {}
    for lang in LANGS:
        value = raw.get(lang, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise CorpusError(path, f"{what}: '{lang}' must be a list of names", line=line)
        if value:
            forms[lang] = tuple(v.strip() for v in value)
    return forms
