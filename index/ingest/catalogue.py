"""Appending a ``[[document]]`` entry to ``catalog.toml`` with its comments and layout intact.

The entry is rendered by tomlkit (quoting and escaping as TOML wants) and appended after one
blank line; the file's own bytes are not rewritten, so every comment stays where it was. The
result is parsed and checked as a catalogue before it replaces the file (atomically).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import tomlkit

from ..catalog import parse_catalog
from ..errors import CorpusError


def render(entry: dict) -> str:
    """The entry as a ``[[document]]`` table."""
    table = tomlkit.table()
    for key, value in entry.items():
        table[key] = value
    tables = tomlkit.aot()
    tables.append(table)
    doc = tomlkit.document()
    doc["document"] = tables
    return tomlkit.dumps(doc)


def appended(source: str, entries: list[dict]) -> str:
    """*source* with *entries* added at the end, one blank line before each."""
    out = source.rstrip("\n")
    for entry in entries:
        out += ("\n\n" if out else "") + render(entry).rstrip("\n")
    return out + "\n"


def append_entries(catalog: Path, entries: list[dict]) -> None:
    """Add *entries* to the catalogue file; the file is unchanged if the result would not load."""
    source = catalog.read_text(encoding="utf-8")
    text = appended(source, entries)
    parse_catalog(catalog, text, tomllib.loads(text))      # raises CorpusError, before anything is written
    tmp = catalog.with_name(f".{catalog.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, catalog)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise CorpusError(catalog, f"cannot be written ({e.strerror}); check its permissions") from None
