"""The same corpus gives the same answers whatever its rebuild history.

A seeded random sequence of edits (add, change, remove and rename documents; add and
remove glossary entries) is applied to a small corpus. After every step the index that
was rebuilt incrementally, step by step, and a full build of the same corpus must give
identical search bodies: hits, order, scores, totals, facets, suggestions, expansions.
Deleted passages must be gone from the incremental build's storage.
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest

import index.builder as builder
from index import build, postings, store
from search import Searcher
from tests.conftest import REAL_CORPUS

LANG_OF = {"az": "mammadzade-2022-oic-44-day-war.az.txt", "ru": "oic-and-azerbaijan-overview.ru.txt",
           "en": "azerbaijan-oic-relations-2015.en.txt"}
GLOSSARY = {
    "oic": ('az = ["İslam Əməkdaşlıq Təşkilatı", "İƏT"]\nru = ["Организация Исламского Сотрудничества", "ОИС"]\n'
            'en = ["Organisation of Islamic Cooperation", "OIC"]'),
    "summit": 'az = ["sammit"]\nru = ["саммит"]\nen = ["summit"]',
    "karabakh": 'az = ["Qarabağ"]\nru = ["Карабах"]\nen = ["Karabakh"]',
}
QUERIES = ["summit", "Azerbaijan", "Qarabağ", "саммит", "OIC", "резолюция", "Islamic cooperation",
           '"Islamic Conference"', "Azerb*", "sammit*", "Karabakh -Armenia", "humanitarian aid", "resoluton",
           "Azerbaycan", "Исламская конференция", "qətnamə"]


def paragraphs() -> dict[str, list[str]]:
    """Real paragraphs per language, to make documents from."""
    out = {}
    for lang, name in LANG_OF.items():
        text = (REAL_CORPUS / "texts" / name).read_text(encoding="utf-8")
        out[lang] = [p.strip() for p in re.split(r"\n\s*\n", text) if 80 < len(p.strip()) < 1500]
    return out


class Corpus:
    """A small corpus on disk, edited one step at a time."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.pool = paragraphs()
        self.docs: dict[str, tuple[str, list[str]]] = {}          # id -> (lang, paragraphs)
        self.glossary: set[str] = set()
        self.serial = 0
        (root / "texts").mkdir(parents=True)
        for _ in range(4):
            self.add()
        self.write()

    def _new_id(self) -> str:
        self.serial += 1
        return f"doc-{self.serial}"

    def add(self) -> str:
        lang = self.rng.choice(sorted(self.pool))
        doc_id = self._new_id()
        self.docs[doc_id] = (lang, self.rng.sample(self.pool[lang], self.rng.randint(2, 6)))
        return f"add {doc_id}"

    def change(self) -> str:
        doc_id = self.rng.choice(sorted(self.docs))
        lang, paras = self.docs[doc_id]
        paras = paras[:-1] if len(paras) > 1 and self.rng.random() < 0.5 else [*paras, self.rng.choice(self.pool[lang])]
        self.docs[doc_id] = (lang, paras)
        return f"change {doc_id}"

    def remove(self) -> str:
        doc_id = self.rng.choice(sorted(self.docs))
        del self.docs[doc_id]
        return f"remove {doc_id}"

    def rename(self) -> str:
        doc_id = self.rng.choice(sorted(self.docs))
        new = self._new_id()
        self.docs[new] = self.docs.pop(doc_id)
        return f"rename {doc_id} {new}"

    def toggle_glossary(self) -> str:
        entry = self.rng.choice(sorted(GLOSSARY))
        self.glossary ^= {entry}
        return f"glossary {entry} {'added' if entry in self.glossary else 'removed'}"

    def step(self) -> str:
        moves = [self.add, self.change, self.change, self.rename, self.toggle_glossary]
        if len(self.docs) > 2:
            moves.append(self.remove)
        what = self.rng.choice(moves)()
        self.write()
        return what

    def write(self) -> None:
        for f in (self.root / "texts").iterdir():
            f.unlink()
        catalog = []
        for doc_id, (lang, paras) in self.docs.items():
            (self.root / "texts" / f"{doc_id}.{lang}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
            catalog.append(f'[[document]]\nid = "{doc_id}"\nfile = "texts/{doc_id}.{lang}.txt"\n'
                           f'language = "{lang}"\ntitle = "Document {doc_id}"\n')
        (self.root / "catalog.toml").write_text("\n".join(catalog), encoding="utf-8")
        terms = [f'[[term]]\nid = "{e}"\nkind = "concept"\n{GLOSSARY[e]}\n' for e in sorted(self.glossary)]
        (self.root / store.GLOSSARY).write_text("\n".join(terms), encoding="utf-8")


def comparable(body: dict) -> dict:
    """A search body without its timing."""
    return {k: v for k, v in body.items() if k != "took_ms"}


def assert_same(a: dict, b: dict, where: str) -> None:
    ra, rb = a.pop("results"), b.pop("results")
    assert a == b, where
    assert [r["id"] for r in ra] == [r["id"] for r in rb], where
    for x, y in zip(ra, rb, strict=True):
        assert math.isclose(x.pop("score"), y.pop("score"), rel_tol=1e-9, abs_tol=1e-9), where
        assert x == y, where


@pytest.mark.parametrize("purge", [True, False], ids=["purged", "deletions-kept"])
@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_and_full_builds_answer_alike(tmp_path, seed, purge, monkeypatch):
    """With deletions purged (the small segments here always are), and with them kept in
    the segments as a large segment keeps them: statistics count live passages only."""
    if not purge:
        monkeypatch.setattr(builder, "PURGE_ALWAYS_BELOW", 0)
        monkeypatch.setattr(builder, "PURGE_SHARE", 2.0)
        monkeypatch.setattr(builder, "MERGE_SMALL", lambda writer, segments: segments)
    compare_after_every_step(tmp_path, seed, purge)


def test_builds_in_worker_processes_answer_alike(tmp_path, monkeypatch):
    """Every build, full and incremental, analysed in two worker processes (as a large one is)."""
    monkeypatch.setattr(builder, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(builder, "PROCS", 2)
    compare_after_every_step(tmp_path, 3, purge=True)


def compare_after_every_step(tmp_path: Path, seed: int, purge: bool) -> None:
    """Seeded random edits; after each, the incremental build answers as a full build does."""
    corpus = Corpus(tmp_path / "corpus", random.Random(seed))
    incremental = tmp_path / "incremental"
    build(corpus.root, incremental)
    for step in range(14):
        what = corpus.step()
        build(corpus.root, incremental)
        full = tmp_path / f"full-{step}"
        build(corpus.root, full, full=True)
        inc_s, full_s = Searcher(incremental), Searcher(full)
        for q in QUERIES:
            for options in ({}, {"lang": "en"}, {"limit": 3, "offset": 2}, {"sort": "date"}):
                where = f"step {step} ({what}), query {q!r} {options}"
                assert_same(comparable(inc_s.search(q, **options)), comparable(full_s.search(q, **options)), where)
        live = store.live_build(incremental)
        assert live is not None
        ix = store.open_build(live)
        arrays = postings.Postings(live, postings.segments_of(ix))
        if purge:
            assert arrays.doc_count_all == arrays.doc_count == ix.doc_count_all(), f"step {step}: deletions left"
        assert all(s.doc_count_all for s in postings.segments_of(ix)), f"step {step}: an empty segment"
        assert arrays.passages_by_doc() == {d: i["passages"] for d, i in store.read_manifest(live)["documents"].items()}
        inc_s.close()
        full_s.close()
