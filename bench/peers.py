"""What a user could pick instead of Sanad, over the very same passages: SQLite FTS5 and
Tantivy, each with its stock tokenizer and its own simple query syntax.

Both are built in-process from passage texts taken out of Sanad's index (so the three
engines index identical text) and searched for the top 10 passages with their text.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

FTS5_TOKENIZE = "unicode61 remove_diacritics 2"
_PHRASE = re.compile(r'"([^"]+)"')
_PREFIX = re.compile(r"(\w+)\*")
_WORD = re.compile(r"\w+")


def split_query(query: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(words, phrases as word lists, prefixes) of a query in Sanad's syntax."""
    phrases = [_WORD.findall(p) for p in _PHRASE.findall(query)]
    rest = _PHRASE.sub(" ", query)
    prefixes = _PREFIX.findall(rest)
    rest = _PREFIX.sub(" ", rest)
    return _WORD.findall(rest), [p for p in phrases if p], prefixes


def dir_size(path: Path) -> int:
    """Bytes of every file under *path*."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


class Fts5:
    """SQLite FTS5 in a database file: words OR-ed, phrases quoted, ``"pre"*`` prefixes."""

    name = "FTS5"

    def __init__(self, workdir: Path) -> None:
        self.path = Path(workdir) / "fts5.db"

    def build(self, passages: list[tuple[str, str]]) -> float:
        self.path.unlink(missing_ok=True)
        t0 = time.perf_counter()
        con = sqlite3.connect(self.path, check_same_thread=False)
        con.execute(f"CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, text, tokenize='{FTS5_TOKENIZE}')")
        con.executemany("INSERT INTO p(pid, text) VALUES (?, ?)", passages)
        con.commit()
        seconds = time.perf_counter() - t0
        self.con = con
        return seconds

    def size(self) -> int:
        return self.path.stat().st_size

    @staticmethod
    def to_match(query: str) -> str:
        words, phrases, prefixes = split_query(query)
        parts = ['"' + " ".join(p) + '"' for p in phrases] + [f'"{w}"' for w in words]
        parts += [f'"{p}"*' for p in prefixes]
        return " OR ".join(parts)

    def search(self, query: str, limit: int = 10) -> list[tuple[str, str]]:
        return self.con.execute("SELECT pid, text FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?",
                                (self.to_match(query), limit)).fetchall()

    def close(self) -> None:
        self.con.close()


class Tantivy:
    """Tantivy with its default tokenizer: its query parser for words (OR) and phrases,
    a regex query for each prefix."""

    name = "Tantivy"

    def __init__(self, workdir: Path) -> None:
        self.path = Path(workdir) / "tantivy"
        self.ix: Any = None            # tantivy.Index and its searcher, once built
        self.searcher: Any = None

    def build(self, passages: list[tuple[str, str]]) -> float:
        import tantivy

        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        t0 = time.perf_counter()
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("pid", stored=True, tokenizer_name="raw")
        sb.add_text_field("text", stored=True)
        self.schema = sb.build()
        self.ix = tantivy.Index(self.schema, path=str(self.path))
        writer = self.ix.writer()
        for pid, text in passages:
            writer.add_document(tantivy.Document(pid=pid, text=text))
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - t0
        self.ix.reload()
        self.searcher = self.ix.searcher()
        return seconds

    def size(self) -> int:
        return dir_size(self.path)

    def query(self, query: str):
        import tantivy

        words, phrases, prefixes = split_query(query)
        text = " ".join(['"' + " ".join(p) + '"' for p in phrases] + words)
        subs = [(tantivy.Occur.Should, self.ix.parse_query(text, ["text"]))] if text.strip() else []
        subs += [(tantivy.Occur.Should, tantivy.Query.regex_query(self.schema, "text", re.escape(p.lower()) + ".*"))
                 for p in prefixes]
        return subs[0][1] if len(subs) == 1 else tantivy.Query.boolean_query(subs)

    def search(self, query: str, limit: int = 10) -> list[tuple[str, str]]:
        hits = self.searcher.search(self.query(query), limit).hits
        out = []
        for _, addr in hits:
            doc = self.searcher.doc(addr)
            out.append((doc["pid"][0], doc["text"][0]))
        return out

    def close(self) -> None:
        self.searcher = None
        self.ix = None


PEERS = (Fts5, Tantivy)
