"""Result records: the passages a search shows are remembered, never at the cost of a stale
or shared record."""

from __future__ import annotations

from index import build
from search import Searcher


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
