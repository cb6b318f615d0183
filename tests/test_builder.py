"""Rebuilding: atomic swap, checks, failures that leave the live index serving, reuse."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest

from index import build, postings, store
from index.errors import BuildFailed, CorpusError, RebuildInProgress
from search import Searcher


def live_files(root: Path) -> Path:
    live = store.live_build(root)
    assert live is not None
    return live


def test_build_swaps_in_a_checked_index(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    report = build(corpus_copy, root)
    assert report.documents == 3
    assert report.passages == sum(report.by_lang.values())
    assert set(report.by_lang) == {"az", "ru", "en"}
    assert os.path.islink(root / "current")
    manifest = store.read_manifest(live_files(root))
    assert manifest["passages"] == report.passages
    assert "Indexed 3 documents" in report.summary()


def test_rebuild_reuses_unchanged_documents_and_full_forces(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    first = live_files(root)
    text = corpus_copy / "texts" / "relations.en.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA new paragraph about Jeddah.\n", encoding="utf-8")
    report = build(corpus_copy, root)
    assert report.reanalysed == ["test-en"]
    assert sorted(report.reused) == ["test-article", "test-ru"]
    assert live_files(root) != first
    s = Searcher(root)
    assert s.search("Jeddah")["total"] == 1
    assert s.search("Xocalı")["total"] >= 1          # reused document still searchable
    full = build(corpus_copy, root, full=True)
    assert full.reused == [] and len(full.reanalysed) == 3
    assert full.passages == report.passages


def test_old_builds_are_pruned(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    for _ in range(4):
        build(corpus_copy, root, full=True)
    finished = [p for p in (root / "builds").iterdir() if not p.name.endswith(".partial")]
    assert len(finished) == 2


@pytest.mark.parametrize("breakage, message", [
    (lambda c: (c / "texts" / "overview.ru.txt").write_bytes(b"ok\n\xff\xfe broken"), "invalid UTF-8"),
    (lambda c: (c / "texts" / "overview.ru.txt").write_text("", encoding="utf-8"), "file is empty"),
    (lambda c: (c / "texts" / "overview.ru.txt").write_bytes(b"\x89PNG\x00\x00\x01"), "looks binary"),
    (lambda c: (c / "texts" / "overview.ru.txt").unlink(), "does not exist"),
    (lambda c: (c / "catalog.toml").write_text("[[document]\nid = ", encoding="utf-8"), "malformed TOML"),
])
def test_corpus_fault_names_the_file_and_keeps_the_live_index(corpus_copy, tmp_path, breakage, message):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    before = live_files(root)
    breakage(corpus_copy)
    with pytest.raises(CorpusError, match=message) as err:
        build(corpus_copy, root)
    assert err.value.path.name in ("overview.ru.txt", "catalog.toml")
    assert live_files(root) == before
    assert Searcher(root).search("Dakar")["total"] >= 1
    assert not list((root / "builds").glob("*.partial"))


def test_invalid_utf8_error_names_line(corpus_copy, tmp_path):
    (corpus_copy / "texts" / "overview.ru.txt").write_bytes("строка\nвторая\n".encode() + b"\xff")
    with pytest.raises(CorpusError, match=r"overview\.ru\.txt:3: invalid UTF-8 at byte"):
        build(corpus_copy, tmp_path / "idx")


def test_duplicate_ids_named_with_line(corpus_copy, tmp_path):
    cat = corpus_copy / "catalog.toml"
    cat.write_text(cat.read_text(encoding="utf-8").replace('id = "test-ru"', 'id = "test-en"'), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"catalog\.toml:\d+: duplicate document id 'test-en'"):
        build(corpus_copy, tmp_path / "idx")


def test_skip_bad_indexes_the_rest_and_names_the_skipped(corpus_copy, tmp_path):
    (corpus_copy / "texts" / "overview.ru.txt").write_bytes(b"\xff\xfe")
    warnings: list[str] = []
    report = build(corpus_copy, tmp_path / "idx", skip_bad=True, warn=warnings.append)
    assert report.skipped == ["test-ru"]
    assert report.documents == 2
    assert "overview.ru.txt" in warnings[0]
    assert "skipped 1 bad: test-ru" in report.summary()


def test_failed_check_leaves_previous_index(corpus_copy, tmp_path, monkeypatch):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    before = live_files(root)
    import index.builder as builder

    def broken_check(partial, manifest):
        raise BuildFailed("check failed: simulated")
    monkeypatch.setattr(builder, "_check", broken_check)
    with pytest.raises(BuildFailed, match="simulated"):
        build(corpus_copy, root, full=True)
    assert live_files(root) == before
    assert not list((root / "builds").glob("*.partial"))


def test_check_catches_a_missing_passage(corpus_copy, tmp_path, monkeypatch):
    import index.builder as builder
    real_fields = builder.passage_fields

    def drop_one(p):
        fields = real_fields(p)
        if p.id == "test-en:2":
            fields["doc_id"] = "somewhere-else"
        return fields
    monkeypatch.setattr(builder, "passage_fields", drop_one)
    with pytest.raises(BuildFailed, match="test-en has 2 passages in the index, expected 3"):
        build(corpus_copy, tmp_path / "idx")
    assert store.live_build(tmp_path / "idx") is None


def test_second_rebuild_is_refused_while_one_runs(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    with store.rebuild_lock(root):
        assert store.is_rebuilding(root)
        with pytest.raises(RebuildInProgress, match="Another rebuild is running"):
            build(corpus_copy, root)
    assert not store.is_rebuilding(root)
    build(corpus_copy, root)


def test_status_probes_never_make_a_rebuild_refused(corpus_copy, tmp_path):
    """Health checks probe the lock many times a second: a rebuild must not take a probe for
    another rebuild."""
    root = tmp_path / "idx"
    build(corpus_copy, root)
    stop = threading.Event()

    def probe() -> None:
        while not stop.is_set():
            store.is_rebuilding(root)

    probes = [threading.Thread(target=probe) for _ in range(3)]
    for t in probes:
        t.start()
    try:
        for _ in range(5):
            build(corpus_copy, root, full=True)
    finally:
        stop.set()
        for t in probes:
            t.join()


def test_concurrent_probes_do_not_see_each_other_as_a_rebuild(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    with open(root / "rebuild.lock") as other_probe:
        fcntl.flock(other_probe, fcntl.LOCK_SH)
        assert not store.is_rebuilding(root)


def test_abandoned_partial_build_is_cleaned_up(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    stale = store.new_partial(root)
    (stale / "junk").write_text("half-written", encoding="utf-8")
    build(corpus_copy, root)
    assert not stale.exists()


def test_the_check_reads_the_arrays_that_will_be_served(corpus_copy, tmp_path, monkeypatch):
    """Whoosh holds every passage, but the arrays the server maps lose the English postings:
    the build must not go live."""
    import index.postings as arrays

    real = arrays._export_field

    def lose_english(seg, fname, n):
        got = real(seg, fname, n)
        if fname == "en_stem":
            got["post_at"] = got["post_at"] * 0
        return got
    monkeypatch.setattr(arrays, "_export_field", lose_english)
    with pytest.raises(BuildFailed, match=r"check failed: canary '\w+' \(en\) did not find [\w-]+:\d+; "
                                          "the previous index is still live"):
        build(corpus_copy, tmp_path / "idx")
    assert store.live_build(tmp_path / "idx") is None


def _segments(root: Path) -> list:
    live = store.live_build(root)
    assert live is not None
    return postings.segments_of(store.open_build(live))


def test_a_document_added_then_removed_leaves_no_segment_behind(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    before = _segments(root)
    catalog = corpus_copy / "catalog.toml"
    original = catalog.read_text(encoding="utf-8")
    (corpus_copy / "texts" / "extra.en.txt").write_text("A passage about zebras.\n\nAnd another.\n", encoding="utf-8")
    catalog.write_text(original + '\n[[document]]\nid = "extra"\nfile = "texts/extra.en.txt"\nlanguage = "en"\n'
                       'title = "Extra"\n', encoding="utf-8")
    report = build(corpus_copy, root)
    assert report.reanalysed == ["extra"] and len(_segments(root)) == len(before) + 1
    catalog.write_text(original, encoding="utf-8")
    build(corpus_copy, root)
    assert [(s.doc_count_all, s.deleted) for s in _segments(root)] == [(s.doc_count_all, s.deleted) for s in before]

