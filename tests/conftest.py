"""Shared fixtures: the tiny fixture corpus and the real corpus, each built into an index once."""

from __future__ import annotations

import gc
import shutil
import warnings
from pathlib import Path

import pytest

from index import build
from search import Searcher

ROOT = Path(__file__).resolve().parent.parent
MINI_CORPUS = Path(__file__).resolve().parent / "data" / "mini_corpus"
REAL_CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def mini_index(tmp_path_factory) -> Path:
    """An index root built from the tiny fixture corpus (read-only for tests)."""
    root = tmp_path_factory.mktemp("mini-index")
    build(MINI_CORPUS, root)
    return root


@pytest.fixture(scope="session")
def real_index(tmp_path_factory) -> Path:
    """An index root built from the real corpus in corpus/ (read-only for tests)."""
    root = tmp_path_factory.mktemp("real-index")
    build(REAL_CORPUS, root)
    return root


@pytest.fixture(scope="session")
def mini(mini_index) -> Searcher:
    return Searcher(mini_index)


@pytest.fixture(scope="session")
def real(real_index) -> Searcher:
    return Searcher(real_index)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the fixture corpus, for tests that edit or break files."""
    dst = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, dst)
    return dst


@pytest.fixture
def collect_leaked_files():
    """Collect after the test, so a file Whoosh leaves open on a damaged index is closed here
    (with its ResourceWarning silenced) instead of being blamed on a later test."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
