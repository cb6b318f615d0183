"""The benchmark's corpus generator: deterministic, and its output indexes like a real corpus."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from index import build, load_catalog
from search import Searcher

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus_gen():
    spec = importlib.util.spec_from_file_location("corpus_gen", ROOT / "bench" / "corpus_gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpus_gen", module)
    spec.loader.exec_module(module)
    return module


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_text(corpus_gen, tmp_path):
    a = corpus_gen.generate(tmp_path / "a", 300)
    b = corpus_gen.generate(tmp_path / "b", 300)
    corpus_gen.generate(tmp_path / "c", 300, seed=1)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")
    assert (a.documents, a.passages) == (b.documents, b.passages) == (3, 300)


def test_vocabulary_keeps_growing(corpus_gen, tmp_path):
    g = corpus_gen.generate(tmp_path / "g", 1000)
    seed_types = {w.lower() for paras in corpus_gen.seed_paragraphs().values()
                  for sentences in paras for s in sentences for w in s.split()}
    assert g.types > 2 * len(seed_types)
    assert 0.3 < g.heaps_beta < 0.8


def test_generated_corpus_indexes_and_searches(corpus_gen, tmp_path):
    g = corpus_gen.generate(tmp_path / "corpus", 300)
    docs = load_catalog(g.path)
    assert len(docs) == g.documents and all(d.path.is_file() for d in docs)
    report = build(g.path, tmp_path / "index")
    assert (report.documents, report.passages) == (g.documents, g.passages)
    searcher = Searcher(tmp_path / "index")
    assert sorted(d["language"] for d in searcher.documents()) == ["az", "en", "ru"]
    for word, lang in (("Azərbaycan", "az"), ("Азербайджан", "ru"), ("Azerbaijan", "en")):
        assert searcher.search(word, lang=lang)["total"] > 0, word
