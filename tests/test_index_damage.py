"""A damaged live index: the searcher says so, and the next rebuild recovers without
building on the damage. Abandoned partial builds: removed only under the rebuild lock."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from index import build, store
from index.errors import IndexDamaged
from search import Searcher
from tests.conftest import REAL_CORPUS
from web.cli import cli


def _truncate(live: Path) -> None:
    pst = next(live.glob("*.pst"))
    with open(pst, "r+b") as f:
        f.truncate(pst.stat().st_size // 2)


def _delete(live: Path) -> None:
    next(live.glob("*.trm")).unlink()


def _scramble(live: Path) -> None:
    stored = next(live.glob("*_stored.col"))
    data = bytearray(stored.read_bytes())
    for i in range(64, len(data) - 64, 7):
        data[i] ^= 0x5A
    stored.write_bytes(bytes(data))


def _toc(live: Path) -> None:
    toc = next(live.glob("*.toc"))
    with open(toc, "r+b") as f:
        f.truncate(10)


def _arrays(live: Path) -> None:
    arrays = next((live / "postings").glob("*.bin"))
    with open(arrays, "r+b") as f:
        f.truncate(arrays.stat().st_size - 8)


# Whoosh leaves a file open when a damaged segment fails to load; CPython closes it when the
# reader is collected, with a ResourceWarning. Collect inside each test so the warning is not
# blamed on whichever test happens to run next.
pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning",
                                         "ignore::pytest.PytestUnraisableExceptionWarning"),
              pytest.mark.usefixtures("collect_leaked_files")]



DAMAGE: dict[str, Callable[[Path], None]] = {"truncated postings": _truncate, "deleted terms": _delete,
                                              "scrambled stored passages": _scramble, "truncated toc": _toc,
                                              "truncated search arrays": _arrays}


@pytest.fixture
def built(corpus_copy, tmp_path) -> Path:
    root = tmp_path / "idx"
    build(corpus_copy, root)
    return root


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damage_is_reported_and_a_plain_rebuild_recovers(built, corpus_copy, damage):
    live = store.live_build(built)
    assert live is not None
    DAMAGE[damage](live)
    s = Searcher(built)
    health = s.health()
    assert health["status"] == "damaged" and "sanad index" in health["error"]
    with pytest.raises(IndexDamaged, match="is damaged"):
        s.search("summit")
    warnings: list[str] = []
    report = build(corpus_copy, built, warn=warnings.append)      # not --full: must not copy the damage
    assert report.reused == [] and len(report.reanalysed) == 3
    assert warnings and "re-analysing every document" in warnings[0]
    assert s.health()["status"] == "ok"
    assert s.search("summit")["total"] >= 1
    assert not list((built / "builds").glob("*.partial"))


def test_damage_the_quick_check_misses_still_falls_back_to_a_full_build(built, corpus_copy, monkeypatch):
    import index.builder as builder

    live = store.live_build(built)
    assert live is not None
    _truncate(live)
    monkeypatch.setattr(builder, "_readable", lambda live, manifest: True)
    text = next(corpus_copy.glob("texts/*en*.txt"))        # a change: the damaged segment is merged
    text.write_text(text.read_text(encoding="utf-8") + "\n\nOne more paragraph.\n", encoding="utf-8")
    warnings: list[str] = []
    report = build(corpus_copy, built, warn=warnings.append)
    assert any("reusing the live index failed" in w for w in warnings)
    assert report.reused == [] and Searcher(built).search("summit")["total"] >= 1
    assert not list((built / "builds").glob("*.partial"))


def test_the_cli_recovers_a_damaged_index(built, corpus_copy):
    live = store.live_build(built)
    assert live is not None
    _delete(live)
    out = CliRunner().invoke(cli, ["index", "--index-dir", str(built), "--corpus", str(corpus_copy)],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert "Indexed 3 documents" in out.output and "re-analysing every document" in out.output
    assert Searcher(built).health()["status"] == "ok"


def test_tidy_removes_partials_only_when_it_can_take_the_lock(built):
    stale = store.new_partial(built)
    with store.rebuild_lock(built):               # a rebuild "runs": its partial must survive
        assert store.tidy(built) is False
        assert stale.exists()
    assert store.tidy(built) is True
    assert not stale.exists()
    assert Searcher(built).health()["status"] == "ok"


def test_tidy_without_an_index_creates_nothing(tmp_path):
    assert store.tidy(tmp_path / "nothing") is False
    assert not (tmp_path / "nothing").exists()


KINDS: dict[str, Callable[[Path], Path]] = {
    "table of contents": lambda live: next(live.glob("*.toc")),
    "terms": lambda live: next(live.glob("*.trm")),
    "postings": lambda live: next(live.glob("*.pst")),
    "stored passages": lambda live: next(live.glob("*_stored.col")),
    "a column": lambda live: next(live.glob("*.doc_id.col")),
    "field lengths": lambda live: next(live.glob("*_len.col")),
    "search arrays": lambda live: next((live / "postings").glob("*.bin")),
    "search arrays' layout": lambda live: next((live / "postings").glob("*.json")),
    "glossary": lambda live: live / store.GLOSSARY,
}


def _cut(f: Path) -> None:
    with open(f, "r+b") as fh:
        fh.truncate(f.stat().st_size // 2)


def _flip(f: Path) -> None:
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 0x20            # one byte, the size kept
    with open(f, "r+b") as fh:
        fh.write(bytes(data))


@pytest.mark.parametrize("change", [_cut, _flip], ids=["truncated", "one byte changed"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_file_kind_damaged_under_an_open_searcher(corpus_copy, tmp_path, kind, change):
    """Each kind of file of a build, cut short or with one byte changed while a searcher has
    it open: the searcher names the file and never reads it, a new one (a server starting)
    refuses it by its checksum, ``sanad check`` names it, and a plain rebuild repairs it."""
    corpus = corpus_copy
    shutil.copy(REAL_CORPUS / store.GLOSSARY, corpus / store.GLOSSARY)
    root = tmp_path / "idx"
    build(corpus, root)
    live = store.live_build(root)
    assert live is not None
    victim = KINDS[kind](live)
    name = str(victim.relative_to(live))
    assert name in store.read_manifest(live)["files"]
    serving = Searcher(root)
    assert serving.search("summit")["total"] >= 1
    change(victim)
    with pytest.raises(IndexDamaged, match=re.escape(name)) as raised:
        serving.search("Azərbaycan резолюция")
    assert raised.value.file == name
    health = serving.health()
    assert health["status"] == "damaged" and health["file"] == name
    assert Searcher(root).health()["file"] == name                 # a server starting now: its checksum
    out = CliRunner().invoke(cli, ["check", "--index-dir", str(root)])
    assert out.exit_code == 1 and name in out.output
    build(corpus, root)                                            # plain `sanad index` repairs it
    assert serving.health()["status"] == "ok" and serving.search("summit")["total"] >= 1


def test_an_index_from_another_version_is_reported_and_rebuilt(built, corpus_copy):
    """An older build pickles analyzers this version no longer has: opening it must say so
    (not fail inside Whoosh), and a plain ``sanad index`` replaces it."""
    live = store.live_build(built)
    assert live is not None
    manifest = store.read_manifest(live)
    manifest["schema_version"] = 2
    store.write_manifest(live, manifest)
    reason = "it was built by another version of Sanad: index format 2, this version reads"
    with pytest.raises(IndexDamaged, match=reason):
        Searcher(built).search("summit")
    out = CliRunner().invoke(cli, ["check", "--index-dir", str(built)])
    assert out.exit_code == 1 and reason in out.output and f"sanad index --index-dir {built}" in out.output
    out = CliRunner().invoke(cli, ["index", "--index-dir", str(built), "--corpus", str(corpus_copy)],
                             catch_exceptions=False)
    assert out.exit_code == 0 and "Indexed 3 documents" in out.output, out.output
    assert Searcher(built).health()["status"] == "ok"
