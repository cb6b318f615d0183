"""The section heading as a low-weight field: it orders passages of equal coverage, never
makes a passage a full match, highlights nothing in the text, and ``explain`` names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import build
from index.schema import HEADED_KINDS
from search import Searcher

# Two passages with the same words at the same places, under different headings; the one
# under the heading that names the query comes second in the document, so only the heading
# can put it first (equal scores are ordered by passage number).
TEXT = """Cultural exchange

The council discussed the treaty on trade in the spring session.

Trade agreements

The council discussed the treaty on trade in the autumn session.
"""

CATALOG = """[[document]]
id = "minutes"
file = "texts/minutes.en.txt"
language = "en"
title = "Council minutes"
title_supplied = true
"""


@pytest.fixture(scope="module")
def minutes(tmp_path_factory) -> Searcher:
    corpus = tmp_path_factory.mktemp("headed")
    (corpus / "texts").mkdir()
    (corpus / "texts" / "minutes.en.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    root = corpus.parent / f"{corpus.name}-index"
    build(corpus, Path(root))
    return Searcher(root)


def by_passage(body: dict) -> dict[int, dict]:
    return {r["passage"]: r for r in body["results"]}


def test_the_passage_under_the_matching_heading_ranks_first(minutes):
    results = minutes.search("treaty trade", explain=True)["results"]
    assert [(r["passage"], r["section"], r["kind"]) for r in results[:2]] == [
        (4, "Trade agreements", "body"), (2, "Cultural exchange", "body")]
    assert results[0]["score"] > results[1]["score"]
    assert not results[0]["weak"] and not results[1]["weak"]
    assert {"query": "trade", "word": "Trade", "via": "section heading", "field": "stem", "in": "section",
            "start": 0, "end": 5} in results[0]["explain"]
    assert not [e for e in results[1]["explain"] if e["via"] == "section heading"]


def test_equal_passages_are_ordered_by_number_without_a_heading_match(minutes):
    """The same two passages, asked for words no heading has: their scores tie."""
    results = by_passage(minutes.search("council session"))
    assert results[2]["score"] == results[4]["score"]


def test_a_word_only_the_heading_has_is_still_missing(minutes):
    """`agreements` stands only in the heading of passage 4: it adds to the score, but the
    passage lacks it (weak, missing), and only the text's own word is marked."""
    body = minutes.search("treaty agreements", explain=True)
    results = by_passage(body)
    under, other = results[4], results[2]
    assert under["weak"] and under["missing"] == ["agreements"] and under["coverage"] == 0.5
    assert other["weak"] and other["missing"] == ["agreements"]
    assert under["score"] > other["score"]
    order = [r["passage"] for r in body["results"]]
    assert order.index(4) < order.index(2)
    assert [under["text"][m[0]:m[1]] for m in under["marks"]] == ["treaty"]
    assert [(e["query"], e["word"], e["via"]) for e in under["explain"]] == [
        ("treaty", "treaty", "exact"), ("agreements", "agreements", "section heading")]


def test_a_heading_passage_is_not_scored_by_its_own_text_twice(minutes):
    """A heading passage's section is its own text: it gets no heading field."""
    assert "heading" not in HEADED_KINDS
    results = by_passage(minutes.search("agreements", explain=True))
    assert results[3]["kind"] == "heading"
    assert [e["via"] for e in results[3]["explain"]] == ["exact"]


def test_the_section_on_the_tovuz_clashes_comes_before_the_conclusion(real):
    """The dev set's q016, typed without Azerbaijani letters: ¶ 13 opens the section headed
    "Tovuz döyüşləri ... İslam Əməkdaşlıq Təşkilatının mövqeyi"; the conclusion ¶ 28 repeats
    "Tovuz döyüşləri" in its text. The heading explains itself through the user's words and the
    concepts' glossary names, each name matched whole."""
    r = real.search("Tovuz doyusleri IET movqeyi", limit=2, explain=True)["results"]
    assert [x["id"] for x in r] == ["mammadzade-2022:13", "mammadzade-2022:28"]
    heading = {(e["query"], e["word"], e["via"]) for e in r[0]["explain"] if e.get("in") == "section"}
    assert {("Tovuz doyusleri", "Tovuz", "section heading"), ("movqeyi", "mövqeyi", "section heading"),
            ("İslam Əməkdaşlıq Təşkilatı", "Təşkilatının", "glossary, section heading")} <= heading
    assert not [e for e in r[1]["explain"] if e.get("in") == "section"]      # "Nəticə"


def test_one_word_of_a_glossary_name_is_no_heading_match(real):
    """`Islamic world` names "İslam dünyası": the headings that say "İslam Əməkdaşlıq
    Təşkilatının" have one of its words, which is no match of the name."""
    for r in real.search("Islamic world", limit=40, explain=True)["results"]:
        assert not [e for e in r.get("explain", []) if e.get("in") == "section" and e["query"] == "İslam dünyası"]


def test_the_command_line_explains_a_heading_match(minutes, tmp_path):
    from click.testing import CliRunner

    from web.cli import cli
    out = CliRunner().invoke(cli, ["search", "treaty trade", "--explain", "--index-dir", str(minutes.root)],
                             catch_exceptions=False)
    assert "trade → Trade (section heading)" in out.output
