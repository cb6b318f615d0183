"""Reading the corpus's TOML files (catalogue, glossary) with errors that name file and line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .errors import CorpusError


def read_toml(path: Path) -> tuple[str, dict]:
    """The file's text and parsed data; bad UTF-8 or TOML raises CorpusError with the place."""
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise CorpusError(path, f"not valid UTF-8 (byte {e.start}); re-save it as UTF-8", offset=e.start) from None
    try:
        return source, tomllib.loads(source)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise CorpusError(path, f"malformed TOML: {e}", line=int(m.group(1)) if m else None) from None


def table_lines(source: str, name: str) -> list[range]:
    """The lines (1-based) of each ``[[name]]`` table of *source*, in the order TOML reads them."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    other = re.compile(r"^\s*\[")
    lines = source.splitlines()
    starts = [n for n, line in enumerate(lines, 1) if header.match(line)]
    out = []
    for start in starts:
        end = next((n for n in range(start + 1, len(lines) + 1) if other.match(lines[n - 1])), len(lines) + 1)
        out.append(range(start, end))
    return out


def key_line(source: str, table: range, key: str) -> int | None:
    """The line within *table* where *key* is set, if it is set on a line of its own."""
    lines = source.splitlines()
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((n for n in table if pattern.match(lines[n - 1])), None)


def line_of(source: str, needle: str) -> int | None:
    """The first line (1-based) of *source* that contains *needle*."""
    for n, line in enumerate(source.splitlines(), 1):
        if needle in line:
            return n
    return None
