"""BestOf scores a document by the sub-query that matches it (Whoosh's DisMax does not)."""

from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query import DisjunctionMax, Term

from search.bestof import BestOf

SUBQUERIES = [Term("a", "alpha"), Term("b", "beta", boost=10.0)]


def run(query) -> dict[str, float]:
    ix = RamStorage().create_index(Schema(id=ID(stored=True), a=TEXT, b=TEXT))
    with ix.writer() as w:
        w.add_document(id="only-a", a="alpha", b="zzz")
        w.add_document(id="only-b", a="zzz", b="beta beta beta")
        w.add_document(id="both", a="alpha", b="beta")
    with ix.searcher() as s:
        return {h["id"]: h.score for h in s.search(query, limit=None)}


def test_each_document_gets_the_score_of_what_matched_it():
    a, b = run(SUBQUERIES[0]), run(SUBQUERIES[1])
    got = run(BestOf(SUBQUERIES))
    assert got["only-a"] == a["only-a"]          # not the boosted b-score of another document
    assert got["only-b"] == b["only-b"]
    assert got["both"] == max(a["both"], b["both"])


def test_whoosh_dismax_gets_it_wrong():
    assert run(DisjunctionMax(SUBQUERIES)) != run(BestOf(SUBQUERIES))


def test_tiebreak_adds_a_share_of_the_other_match():
    a, b = run(SUBQUERIES[0]), run(SUBQUERIES[1])
    got = run(BestOf(SUBQUERIES, tiebreak=0.5))
    assert got["both"] == b["both"] + 0.5 * a["both"]
    assert got["only-a"] == a["only-a"]
