"""The vectorised engine against Whoosh itself: for every query shape the compiler makes,
the same passages match with the same scores, and the postings arrays hold what Whoosh holds."""

from __future__ import annotations

import math
import shutil
import threading

import numpy as np
import pytest
from whoosh.query import And, AndNot, Or, Phrase, Term

from index import build, postings, store
from index.errors import IndexDamaged
from search import Searcher, ranking
from search import engine as engine_module
from search.bestof import BestOf
from search.compiler import compile_query
from search.docsets import grouped, union
from search.engine import Engine, Memo, top, weighting
from search.expansion import expand
from search.syntax import parse

QUERIES = [
    # words, several words, typed without Azerbaijani letters, Turkic case
    "Xocalı", "qətnamə", "Azerbaycan", "İƏT", "iət", "резолюция", "конференции", "humanitarian",
    "Xocalı soyqırımı ilə bağlı qətnamə", "Исламская конференция Азербайджан", "Armenian aggression",
    # phrases, with and without a stop word inside
    '"İslam Əməkdaşlıq Təşkilatı"', '"Islamic Development Bank"', '"Organisation of Islamic Cooperation"',
    '"Исламского сотрудничества"', '"Secretary General"',
    # prefixes, OR, exclusion
    "Qarab*", "резолюц*", "human*", "OIC OR İƏT", "summit -Dakar", "Azerbaijan -Armenia",
    # glossary and typos
    "Karabakh", "Khojaly genocide", "Карабах", "Nagorno-Karabakh conflict", "resoluton", "Casablanca summit",
    # lexicon translations pooled as one concept, Azerbaijani verb stems among them
    "guarantee of sovereignty", "OIC condemned the ceasefire violation", "pisləyir", "осуждение агрессии",
    # words of section headings (and of the title, the abstract's section), typed without letters too
    "Tovuz doyusleri IET movqeyi", "Azərbaycanla İKT əlaqələri", "Islamic Cooperation Organization war",
]


def compiled_queries(s, glossary, text: str):
    """What the searcher runs for *text*: all words, any word, and each group's query."""
    reader = s.reader()
    ex = expand(parse(text), reader, glossary)
    c = compile_query(ex.parsed, reader, ex.alternatives)
    all_q, any_q = c.all_words, c.any_word
    if c.excluded is not None:
        all_q, any_q = AndNot(all_q, c.excluded), AndNot(any_q, c.excluded)
    return [all_q, any_q] + list(c.group_queries)


@pytest.fixture(scope="module", params=["mini", "real"])
def pair(request):
    """(Whoosh searcher, engine, glossary) over one index."""
    build = request.getfixturevalue(request.param)._current()
    s = build.ix.searcher(weighting=weighting())
    yield s, build.engine, build.glossary
    s.close()


def whoosh_scores(s, q) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in s.search(q, limit=None)}


def engine_scores(engine, q) -> dict[int, float]:
    got = engine.run(q)
    assert np.all(np.diff(got.docs) > 0) and len(got.score) == len(got.docs)   # ascending, each once
    return dict(zip(got.docs.tolist(), got.score.tolist(), strict=True))


@pytest.fixture(params=["as measured", "always sparse", "always dense"])
def combining(request, monkeypatch):
    """How results are combined: each way must give Whoosh's matches and scores (on the small
    test indexes the measured thresholds choose the dense form for most combinations)."""
    share = {"as measured": None, "always sparse": 0, "always dense": 10**9}[request.param]
    if share is not None:
        monkeypatch.setattr(engine_module, "DENSE_SHARE", share)
        monkeypatch.setattr(engine_module, "SEARCH_SHARE", share)
        monkeypatch.setattr(engine_module, "MARK_SHARE", share)
        monkeypatch.setattr(postings, "_SEARCH_SHARE", share)


def test_grouped_is_unique_with_its_inverse():
    """Posting runs one after another, overlapping: the distinct docnums and each one's place."""
    rng = np.random.default_rng(7)
    for runs in ([], [5], [3, 0, 40], [200, 200, 7, 90]):
        docs = np.concatenate([np.sort(rng.choice(300, size, replace=False)) for size in runs]
                              or [np.zeros(0, np.intp)]).astype(np.intp)
        held, place = grouped(docs)
        expected_held, expected_place = np.unique(docs, return_inverse=True)
        assert held.tolist() == expected_held.tolist() and place.tolist() == expected_place.tolist()


def test_union_is_unique_with_each_parts_places():
    """Parts covering from 1 % to most of the index (the 5-10 % the mark is padded for among them)."""
    rng = np.random.default_rng(3)
    n = 10_000
    for share in (0.01, 0.03, 0.06, 0.08, 0.1, 0.2, 0.6):
        parts = [np.sort(rng.choice(n, int(n * share / 2), replace=False)).astype(np.intp) for _ in range(3)]
        docs, places = union(parts, n)
        assert docs.tolist() == np.unique(np.concatenate(parts)).tolist()
        assert all(docs[at].tolist() == d.tolist() for d, at in zip(parts, places, strict=True))


@pytest.mark.parametrize("text", QUERIES)
def test_same_matches_and_scores_as_whoosh(pair, text, combining):
    """On a fresh engine (every phrase evaluated, bonus phrases only where they can add) and
    again on the same engine (phrases kept from before, restricted where a bonus is)."""
    s, shared, glossary = pair
    engine = Engine(shared.p)
    for again in (False, True):
        for q in compiled_queries(s, glossary, text):
            expected = whoosh_scores(s, q)
            got = engine_scores(engine, q)
            assert set(got) == set(expected), (text, q, again)
            for d, score in expected.items():
                assert math.isclose(got[d], score, rel_tol=1e-9), (text, d, got[d], score, again)


@pytest.mark.parametrize("text", QUERIES[:8])
def test_same_order_as_whoosh(pair, text):
    s, engine, glossary = pair
    q = compiled_queries(s, glossary, text)[1]
    expected = [hit.docnum for hit in s.search(q, limit=10)]
    got = engine.run(q)
    assert top(got.score, got.docs, 10).tolist() == expected


def test_phrase_slop_and_order(pair):
    s, engine, _ = pair
    for fname, words in [("en_exact", ["islamic", "cooperation"]), ("en_exact", ["cooperation", "islamic"]),
                         ("en_stem", ["organis", "islam"]), ("az_exact", ["islam", "əməkdaşlıq", "təşkilatı"])]:
        for slop in (1, 2, 4):
            q = Phrase(fname, words, slop=slop)
            assert set(engine_scores(engine, q)) == set(whoosh_scores(s, q)), (words, slop)


def test_boosts_and_compounds(pair):
    """Boosts on terms and compounds, and Whoosh's rule that a one-member compound drops its boost."""
    s, engine, _ = pair
    t1, t2 = Term("en_stem", "summit", boost=1.5), Term("en_stem", "islam", boost=0.7)
    for q in [Or([t1, t2], boost=0.45), And([t1, t2], boost=2.0), Or([t1], boost=3.0), And([t1]),
              AndNot(Or([t1, t2]), Term("en_stem", "dakar"))]:
        expected = whoosh_scores(s, q)
        got = engine_scores(engine, q)
        assert set(got) == set(expected)
        for d, score in expected.items():
            assert math.isclose(got[d], score, rel_tol=1e-9)


def test_arrays_hold_every_posting(pair):
    s, engine, _ = pair
    reader = s.reader()
    for fname, f in engine.p.fields.items():
        terms = f.with_prefix("")
        assert terms == [t.decode("utf-8") for t in reader.lexicon(fname)] if fname in reader.indexed_field_names() \
            else terms == []
        for term in terms:
            docs, weights = f.postings(term)
            m = reader.postings(fname, term)
            expected = []
            while m.is_active():
                expected.append((m.id(), m.weight()))
                m.next()
            assert docs.tolist() == [d for d, _ in expected]
            assert np.allclose(weights, [w for _, w in expected])
            assert f.doc_frequency(term) == reader.doc_frequency(fname, term)


def test_deleted_passages_are_gone(corpus_copy, tmp_path):
    """An incremental build deletes a changed document's old passages: none are searchable,
    and a small segment holding them is rewritten without them."""
    root = tmp_path / "idx"
    build(corpus_copy, root)
    text = next(corpus_copy.glob("texts/*en*.txt"))
    text.write_text(text.read_text(encoding="utf-8") + "\n\nA new closing paragraph about zebras.\n",
                    encoding="utf-8")
    build(corpus_copy, root)
    live = store.live_build(root)
    assert live is not None
    ix = store.open_build(live)
    p = postings.Postings(live, postings.segments_of(ix))
    assert p.doc_count == p.doc_count_all == ix.doc_count_all() == store.read_manifest(live)["passages"]
    body = Searcher(root).search("zebras")
    assert body["total"] == 1


def test_a_build_from_before_the_arrays_gets_them_on_first_open(corpus_copy, tmp_path):
    """Upgrading keeps an existing index usable: its arrays are written when it is opened."""
    root = tmp_path / "idx"
    build(corpus_copy, root)
    live = store.live_build(root)
    assert live is not None
    expected = Searcher(root).search("summit")
    shutil.rmtree(live / postings.DIRNAME)
    manifest = store.read_manifest(live)
    del manifest["files"]                                   # as a version-1 build's manifest
    store.write_manifest(live, manifest)
    body = Searcher(root).search("summit")
    assert postings.Postings.exists(live, postings.segments_of(store.open_build(live)))
    assert [r["id"] for r in body["results"]] == [r["id"] for r in expected["results"]]


def test_a_new_build_missing_its_arrays_is_reported_damaged(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    live = store.live_build(root)
    assert live is not None
    shutil.rmtree(live / postings.DIRNAME)
    with pytest.raises(IndexDamaged, match=r"postings/.* is missing"):
        Searcher(root).search("summit")


def test_two_threads_missing_the_same_term_count_its_bytes_once(mini):
    """Both threads score the term (neither finds it cached), but it is stored and counted once."""
    engine = Engine(mini._current().engine.p)
    field = engine.p.fields["en_exact"]
    both_missed = threading.Barrier(2, timeout=10)
    real = field.postings

    def postings(i):
        both_missed.wait()                  # each thread is past the cache look-up
        return real(i)

    field.postings = postings  # type: ignore[method-assign]
    try:
        threads = [threading.Thread(target=engine.term, args=("en_exact", "summit")) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    finally:
        del field.postings
    got = engine.term("en_exact", "summit")
    assert got is not None
    docs, scores = got
    assert list(engine._terms._kept) == [("en_exact", "summit")]
    assert engine._terms._bytes == docs.nbytes + scores.nbytes


def test_a_kept_phrase_met_as_a_bonus_matches_only_where_it_can_add(real):
    """A phrase evaluated over the whole index is kept; met again as a bonus (only within the
    required part's passages) it gives what a fresh engine computes there, scores to the bit."""
    shared = real._current().engine
    q = Phrase("en_stem", ["islam", "cooper"], boost=1.5)
    kept, fresh = Engine(shared.p), Engine(shared.p)
    whole = kept.run(q)
    assert len(whole.docs) >= 2 and list(kept._phrases._kept) == [("en_stem", ("islam", "cooper"), 1)]
    within = whole.docs[::2]
    got, expected = kept._bonus(q, within, Memo()), fresh._bonus(q, within, Memo())
    assert got.docs.tolist() == expected.docs.tolist() == within.tolist()
    assert got.score.tobytes() == expected.score.tobytes()
    assert not fresh._phrases._kept         # a bonus within a small part of the index is not kept


def test_nested_best_ofs_score_as_whoosh(real, combining):
    """Random trees of best-ofs (nested, boosted, tiebreak 0 or not, one-member ones, terms that
    match nothing) over terms of the index: one tree over their leaves gives Whoosh's scores."""
    s = real._current().ix.searcher(weighting=weighting())
    engine = Engine(real._current().engine.p)
    f = engine.p.fields["en_stem"]
    words = [t for t in f.with_prefix("") if f.doc_frequency(t) >= 2][:60] + ["nosuchword"]
    rng = np.random.default_rng(11)

    def tree(depth: int):
        if depth == 0 or rng.random() < 0.3:
            return Term("en_stem", str(rng.choice(words)), boost=float(rng.choice([1.0, 1.5, 0.45])))
        subs = [tree(depth - 1) for _ in range(int(rng.integers(1, 5)))]
        return BestOf(subs, tiebreak=float(rng.choice([0.0, 0.1])), boost=float(rng.choice([1.0, 0.7])))

    try:
        for _ in range(40):
            q = tree(3)
            expected = whoosh_scores(s, q)
            got = engine_scores(engine, q)
            assert set(got) == set(expected), q
            for d, score in expected.items():
                assert math.isclose(got[d], score, rel_tol=1e-9), (q, d, got[d], score)
    finally:
        s.close()


def test_top_k_by_tiers_keys_only_what_can_rank(real):
    """The top k by tiers key, keying only passages whose score can reach it, is the top k of
    every passage keyed: seeded random scores (with ties), concepts and own-word matches,
    including pages where most keys are well below their scores."""
    engine = real._current().engine
    n = engine.n
    f = engine.p.fields["en_stem"]
    by_df = sorted(f.with_prefix(""), key=f.doc_frequency)
    rare, common = by_df[: len(by_df) // 2], by_df[-40:]        # own words few or most passages hold
    rng = np.random.default_rng(5)
    for _ in range(200):
        docs = np.sort(rng.choice(n, int(rng.integers(1, n)), replace=False)).astype(np.intp)
        score = rng.choice(rng.random(int(rng.integers(1, 50))) + 0.01, len(docs))
        concepts = int(rng.integers(1, 4))
        hits = [docs] + [np.sort(rng.choice(n, n // 2, replace=False)).astype(np.intp) for _ in range(concepts - 1)]
        words = rare if rng.random() < 0.5 else common
        own = [None if rng.random() < 0.2 else Or([Term("en_stem", str(w)) for w in rng.choice(words, 3)])
               for _ in hits]
        groups = ranking._Groups(engine, Memo(), hits, own, ["word"] * len(hits))
        k = int(rng.integers(1, 30))
        every = groups.tiers(docs, score).key
        expected = top(every, docs, k, engine.p.rank)
        got, keys = ranking._top_tiered(groups, docs, score, k, engine.p.rank)
        assert got.tolist() == expected.tolist()
        assert keys.tobytes() == every[np.searchsorted(docs, got)].tobytes()


@pytest.mark.parametrize("text", QUERIES)
def test_holds_says_what_the_result_holds(pair, text):
    """Asked of a few passages (from the query's leaves) or of many (from its result), whether
    each compiled query and each concept's own words match is what its result says."""
    s, shared, glossary = pair
    reader = s.reader()
    ex = expand(parse(text), reader, glossary)
    c = compile_query(ex.parsed, reader, ex.alternatives)
    rng = np.random.default_rng(len(text))
    some = Engine(shared.p).run(c.any_word).docs        # passages matching some part, or all
    for q in [c.all_words, c.any_word, *c.group_queries, *(o for o in c.own_queries if o is not None)]:
        engine = Engine(shared.p)
        held = set(engine.run(q).docs.tolist())
        few = max(1, min(len(some), (engine.n - 1) // engine_module.SEARCH_SHARE))
        for docs in (rng.choice(some, few, replace=False) if len(some) else some,
                     rng.choice(engine.n, engine.n // 4, replace=False), np.arange(engine.n)):
            docs = np.sort(docs).astype(np.intp)
            got = Engine(shared.p).holds(q, docs, Memo())
            assert got.tolist() == [d in held for d in docs.tolist()], (text, q, len(docs))


def test_a_word_met_twice_is_kept_by_value_with_its_tiebreak(pair):
    """A word's best-of in several places of a query is evaluated once; two that Whoosh calls
    equal but whose tiebreaks differ are not taken for each other."""
    s, shared, _ = pair
    t1, t2 = Term("en_stem", "summit", boost=1.5), Term("en_exact", "summit")
    for q in [Or([BestOf([t1, t2], tiebreak=0.0), BestOf([t1, t2], tiebreak=0.5)]),
              And([BestOf([t1, t2], tiebreak=0.1), Or([BestOf([t1, t2], tiebreak=0.1), Term("en_stem", "islam")])])]:
        expected = whoosh_scores(s, q)
        got = engine_scores(Engine(shared.p), q)
        assert set(got) == set(expected) and expected
        for d, score in expected.items():
            assert math.isclose(got[d], score, rel_tol=1e-9), (q, d)


def test_a_bonus_best_of_within_some_passages_scores_as_over_the_whole_index(real):
    """The headings' bonus (best-ofs of the concepts' names) combined only over the passages
    it can add to gives, there, the scores of the whole index to the bit; met again within
    fewer passages it is reused, within others it is evaluated again."""
    s = real._current().ix.searcher(weighting=weighting())
    shared = real._current().engine
    reader = s.reader()
    ex = expand(parse("Tovuz doyusleri IET movqeyi"), reader, real._current().glossary)
    bonus = compile_query(ex.parsed, reader, ex.alternatives).all_words.b
    s.close()
    whole = Engine(shared.p).run(bonus)
    assert len(whole.docs) >= 4
    engine, memo = Engine(shared.p), Memo()
    halves, quarters, others = whole.docs[::2], whole.docs[::4], whole.docs[1::2]
    for within, evaluated_within in ((halves, halves), (quarters, halves), (others, others)):
        got = engine._bonus(bonus, within, memo)
        held = np.isin(whole.docs, within)
        at = np.isin(got.docs, within)
        assert got.docs[at].tolist() == whole.docs[held].tolist()
        assert got.score[at].tobytes() == whole.score[held].tobytes()
        assert memo.bonus and all(w is evaluated_within for w, _ in memo.bonus.values())
