"""Corpus faults through the CLI, under both policies: by default the rebuild stops, names the
file (and line or byte), and the live index stays; ``--skip-bad`` indexes the rest and names
what it skipped. A broken catalogue stops the rebuild under either policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from index import store
from search import Searcher
from web.cli import cli

RU = Path("texts") / "overview.ru.txt"


def _write(rel: Path | str, data: bytes):
    return lambda c: (c / rel).write_bytes(data)


def _catalog(old: str, new: str):
    def edit(c: Path) -> None:
        cat = c / "catalog.toml"
        cat.write_text(cat.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edit


# (breakage, the message it must print) for faults in one document's text
TEXT_FAULTS = {
    "invalid UTF-8": (_write(RU, "строка\n".encode() + b"\xff broken"),
                      r"overview\.ru\.txt:2: invalid UTF-8 at byte 13"),
    "empty file": (_write(RU, b"  \n\n"), r"overview\.ru\.txt: file is empty"),
    "binary file": (_write(RU, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                    r"overview\.ru\.txt \(byte 8\): file looks binary"),
    "missing file": (lambda c: (c / RU).unlink(),
                     r"overview\.ru\.txt: file listed for document 'test-ru' does not exist"),
    "entry points nowhere": (_catalog('file = "texts/overview.ru.txt"', 'file = "texts/nowhere.ru.txt"'),
                             r"nowhere\.ru\.txt: file listed for document 'test-ru' does not exist"),
}
# faults in the catalogue itself: nothing can be trusted, so nothing is skipped
CATALOG_FAULTS = {
    "duplicate id": (_catalog('id = "test-ru"', 'id = "test-en"'),
                     r"catalog\.toml:\d+: duplicate document id 'test-en'"),
    "malformed TOML": (_catalog('[[document]]\nid = "test-ru"', '[[document]\nid = "test-ru"'),
                       r"catalog\.toml:\d+: malformed TOML"),
    "bad language": (_catalog('language = "ru"', 'language = "de"'),
                     r"catalog\.toml:\d+: document 'test-ru': language"),
    "missing title": (_catalog('title = "Обзор организации"', 'kind = "text"'),
                      r"catalog\.toml:\d+: document 'test-ru' needs a 'title'"),
    "path outside": (_catalog('file = "texts/overview.ru.txt"', 'file = "../../etc/passwd"'),
                     r"catalog\.toml:\d+: document 'test-ru': 'file' must be a path inside the corpus folder"),
    "no catalogue": (lambda c: (c / "catalog.toml").unlink(), r"catalog\.toml: catalogue not found"),
}


def sanad(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def indexed(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    assert sanad("index", "--index-dir", str(root), "--corpus", str(corpus_copy)).exit_code == 0
    return corpus_copy, root


@pytest.mark.parametrize("fault", list(TEXT_FAULTS) + list(CATALOG_FAULTS))
def test_by_default_a_fault_stops_the_rebuild_naming_the_file(indexed, fault):
    corpus, root = indexed
    breakage, message = {**TEXT_FAULTS, **CATALOG_FAULTS}[fault]
    before = store.live_build(root)
    breakage(corpus)
    out = sanad("index", "--index-dir", str(root), "--corpus", str(corpus), "--full")
    assert out.exit_code == 2
    assert re.search(message, out.output), out.output
    assert "The previous index (if any) is still live." in out.output and "Traceback" not in out.output
    assert store.live_build(root) == before
    assert not list((root / "builds").glob("*.partial"))
    assert Searcher(root).search("резолюция")["total"] >= 1       # the skipped document still serves


@pytest.mark.parametrize("fault", list(TEXT_FAULTS))
def test_skip_bad_indexes_the_rest_and_names_what_it_skipped(indexed, fault):
    corpus, root = indexed
    breakage, message = TEXT_FAULTS[fault]
    breakage(corpus)
    out = sanad("index", "--index-dir", str(root), "--corpus", str(corpus), "--skip-bad")
    assert out.exit_code == 0, out.output
    assert re.search(r"Warning: skipping test-ru: .*" + message, out.output), out.output
    assert "Indexed 2 documents" in out.output and "skipped 1 bad: test-ru" in out.output
    s = Searcher(root)
    assert [d["id"] for d in s.documents()] == ["test-article", "test-en"]
    assert s.search("summit")["total"] >= 1


@pytest.mark.parametrize("fault", list(CATALOG_FAULTS))
def test_skip_bad_cannot_skip_a_broken_catalogue(indexed, fault):
    corpus, root = indexed
    breakage, message = CATALOG_FAULTS[fault]
    before = store.live_build(root)
    breakage(corpus)
    out = sanad("index", "--index-dir", str(root), "--corpus", str(corpus), "--skip-bad")
    assert out.exit_code == 2 and re.search(message, out.output), out.output
    assert store.live_build(root) == before


def test_every_document_bad_is_not_an_empty_index(indexed):
    corpus, root = indexed
    before = store.live_build(root)
    for name in ("article.az.txt", "overview.ru.txt", "relations.en.txt"):
        (corpus / "texts" / name).write_bytes(b"")
    out = sanad("index", "--index-dir", str(root), "--corpus", str(corpus), "--skip-bad")
    assert out.exit_code == 2 and "No document could be read from the corpus" in out.output
    assert store.live_build(root) == before
