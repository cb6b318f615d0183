"""The rebuild's writers: Whoosh's files exactly, and a build in worker processes that is
the same index as a build in one process."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from whoosh.index import create_in

import index.builder as builder
from index import build, postings, store, writers
from index.schema import build_schema
from search import Searcher
from tests.conftest import REAL_CORPUS
from tests.test_history import assert_same, comparable

QUERIES = ["Xocalı", "резолюция", "Casablanca summit", '"Islamic Conference"', "Azerb*", "resoluton",
           "Qarabağ", "humanitarian aid"]


def seed_passages() -> list:
    docs, _ = builder.load_documents(REAL_CORPUS)
    return [p for doc, src in docs for p in builder.source_passages(doc, src)]


def segment_bytes(folder: Path) -> dict[str, bytes]:
    """The files of the one segment in *folder* (``MAIN_<segment id>.<kind>``), by kind."""
    files = [f for f in folder.iterdir() if re.fullmatch(r"MAIN_[a-z0-9]+\..+", f.name)]
    assert len({f.name.split(".")[0] for f in files}) == 1
    return {f.name.split(".", 1)[1]: f.read_bytes() for f in files}


def test_the_writer_writes_the_files_whoosh_writes(tmp_path, monkeypatch):
    """Lengths read once per field and runs pickled in batches change nothing on disk: a
    tiny memory limit makes both writers sort through dozens of runs."""
    monkeypatch.setattr(writers, "_RUN_BATCH", 50)
    passages = seed_passages()
    folders = {}
    for name, make in (("whoosh", lambda ix: ix.writer(limitmb=0.05, compound=False)),
                       ("ours", lambda ix: writers.Writer(ix, limitmb=0.05, compound=False))):
        folder = folders[name] = tmp_path / name
        folder.mkdir()
        ix = create_in(str(folder), build_schema())
        writer = make(ix)
        for p in passages:
            writer.add_document(**builder.passage_fields(p))
        assert len(writer.pool.runs) > 20
        writer.commit()
    ours, theirs = segment_bytes(folders["ours"]), segment_bytes(folders["whoosh"])
    assert sorted(ours) == sorted(theirs) and len(ours) >= 10
    for name in theirs:
        assert ours[name] == theirs[name], name


@pytest.fixture
def in_workers(monkeypatch):
    """Every rebuild in two worker processes, however little it analyses."""
    monkeypatch.setattr(builder, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(builder, "PROCS", 2)


def test_a_build_in_workers_is_the_build_in_one_process(tmp_path, monkeypatch):
    one = tmp_path / "one"
    build(REAL_CORPUS, one)
    monkeypatch.setattr(builder, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(builder, "PROCS", 2)
    seen: list[tuple[int, int]] = []
    two = tmp_path / "two"
    report = build(REAL_CORPUS, two, progress=lambda done, total, doc: seen.append((done, total)))
    live, other = store.live_build(two), store.live_build(one)
    assert live is not None and other is not None
    segments = postings.segments_of(store.open_build(live))
    assert len(segments) == 2 and all(s.doc_count_all for s in segments)      # one per worker
    assert postings.Postings.exists(live, segments)                          # each wrote its arrays
    manifest, expected = store.read_manifest(live), store.read_manifest(other)
    assert manifest["documents"] == expected["documents"]
    assert seen[-1] == (report.passages, report.passages)
    a, b = Searcher(one), Searcher(two)
    for q in QUERIES:
        assert_same(comparable(a.search(q)), comparable(b.search(q)), q)
    a.close()
    b.close()


def test_incremental_builds_in_workers_keep_the_live_segments(tmp_path, in_workers):
    corpus = tmp_path / "corpus"
    shutil.copytree(REAL_CORPUS, corpus)
    root = tmp_path / "idx"
    build(corpus, root)
    text = next((corpus / "texts").glob("*.en.txt"))
    text.write_text(text.read_text(encoding="utf-8") + "\n\nA new paragraph about Timbuktu.\n", encoding="utf-8")
    report = build(corpus, root)
    assert len(report.reanalysed) == 1 and len(report.reused) == 2
    live = store.live_build(root)
    assert live is not None
    ix = store.open_build(live)
    arrays = postings.Postings(live, postings.segments_of(ix))
    assert arrays.doc_count_all == arrays.doc_count == report.passages       # the old passages purged
    assert Searcher(root).search("Timbuktu")["total"] == 1


def test_a_failing_worker_fails_the_build_and_the_live_index_stays(tmp_path, monkeypatch, in_workers):
    root = tmp_path / "idx"
    build(REAL_CORPUS, root)
    before = store.live_build(root)
    real = builder.source_passages

    def broken(doc, src):
        if doc.language == "ru":
            raise ValueError(f"simulated failure in {doc.id}")
        return real(doc, src)
    monkeypatch.setattr(builder, "source_passages", broken)
    with pytest.raises(ValueError, match="simulated failure"):
        build(REAL_CORPUS, root, full=True)
    assert store.live_build(root) == before
    assert not list((root / "builds").glob("*.partial"))
