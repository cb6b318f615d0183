"""Result records: the passages a search shows are remembered, never at the cost of a stale
or shared record."""

from __future__ import annotations

from index import build
from search import Searcher, rendering
from search.syntax import parse


def test_a_changed_record_does_not_change_the_next_answer(mini):
    first = mini.search("summit")["results"][0]
    first["text"], first["citation"] = "changed", "changed"
    again = mini.search("summit")["results"][0]
    assert again["id"] == first["id"] and again["text"] != "changed" and again["citation"] != "changed"


def test_records_are_cited_as_each_search_asks(mini):
    apa = mini.search("summit", style="apa")["results"][0]
    chicago = mini.search("summit", style="chicago-notes")["results"][0]
    assert apa["id"] == chicago["id"] and apa["style"] == "apa" and chicago["style"] == "chicago-notes"
    assert apa["citation"] != chicago["citation"]


def test_a_rebuilt_passage_is_shown_as_it_now_reads(corpus_copy, tmp_path):
    root = tmp_path / "index"
    build(corpus_copy, root)
    searcher = Searcher(root)
    before = searcher.search("Casablanca")["results"][0]
    text = next(p for p in (corpus_copy / "texts").iterdir() if "Casablanca summit" in p.read_text(encoding="utf-8"))
    text.write_text(text.read_text(encoding="utf-8").replace("Casablanca summit", "Casablanca summit in spring"),
                    encoding="utf-8")
    build(corpus_copy, root)
    after = searcher.search("Casablanca")["results"][0]
    assert after["id"] == before["id"] and "in spring" in after["text"] and "in spring" not in before["text"]


def test_each_prepared_query_keeps_its_own_terms_and_the_oldest_are_forgotten(mini, mini_index):
    queries = mini._current().queries
    summit, other = queries.prepare(parse("summit"), True), queries.prepare(parse("Casablanca"), True)
    again = Searcher(mini_index)._current().queries.prepare(parse("summit"), True)   # another opened build
    kept = rendering.terms_by_lang(summit)
    assert rendering.terms_by_lang(summit) is kept
    assert rendering.terms_by_lang(other) is not kept and rendering.terms_by_lang(again) is not kept
    for n in range(rendering.QUERIES_KEPT):
        rendering.terms_by_lang(queries.prepare(parse(f"word{n}"), True))
    assert rendering.terms_by_lang(summit) is not kept


def test_alternated_queries_are_each_marked_with_their_own_words(mini):
    def marked(q: str) -> list[str]:
        r = mini.search(q)["results"][0]
        return [r["text"][s:e].casefold() for s, e in r["marks"]]
    first, second = marked("summit"), marked("Casablanca")
    assert set(first) == {"summit"} and set(second) == {"casablanca"}
    assert [marked("summit"), marked("Casablanca")] == [first, second]
