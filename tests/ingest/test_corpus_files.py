"""The corpus folder never publishes anything outside itself: a symlink, FIFO, device or
directory where a text should be stops the rebuild by name (and fast: a FIFO is never read),
and the live index stays as it was."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from index import build
from index.errors import CorpusError
from tests.ingest.helpers import snapshot

FIX = "corpus files must be regular files inside the corpus folder; put the file itself there"
TEXT = Path("texts/relations.en.txt")


def replace_with(corpus: Path, make) -> Path:
    target = corpus / TEXT
    target.unlink()
    make(target)
    return target


@pytest.mark.parametrize(("make", "kind"), [
    (lambda p: p.symlink_to("/etc/passwd"), "is a symbolic link"),
    (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a file"),
    (lambda p: p.mkdir(), "is a directory, not a file"),
    (lambda p: p.symlink_to("/dev/zero"), "is a symbolic link"),
])
def test_rebuild_refuses_what_is_not_a_file(corpus_copy, tmp_path, make, kind):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    path = replace_with(corpus_copy, make)
    before = snapshot(root)
    t0 = time.monotonic()
    with pytest.raises(CorpusError) as e:
        build(corpus_copy, root)
    assert time.monotonic() - t0 < 5
    assert str(e.value) == f"{path}: file listed for document 'test-en' {kind}; {FIX}"
    assert snapshot(root) == before


def test_a_symlinked_folder_leading_outside_is_refused(corpus_copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "relations.en.txt").write_bytes((corpus_copy / TEXT).read_bytes())
    (corpus_copy / "texts" / "relations.en.txt").unlink()
    (corpus_copy / "elsewhere").symlink_to(outside)
    catalog = corpus_copy / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("texts/relations.en.txt",
                                                                   "elsewhere/relations.en.txt"), encoding="utf-8")
    with pytest.raises(CorpusError) as e:
        build(corpus_copy, tmp_path / "idx")
    assert str(e.value) == (f"{corpus_copy / 'elsewhere' / 'relations.en.txt'}: file listed for document 'test-en' "
                            f"lies outside the corpus folder (through a symbolic link); {FIX}")


def test_skip_bad_names_the_fifo_and_indexes_the_rest(corpus_copy, tmp_path):
    replace_with(corpus_copy, os.mkfifo)
    warnings: list[str] = []
    report = build(corpus_copy, tmp_path / "idx", skip_bad=True, warn=warnings.append)
    assert report.skipped == ["test-en"] and report.documents == 2
    assert "is a FIFO (named pipe), not a file" in warnings[0]
