"""Highlighting in three steps: spans found once, one excerpt cutter, one formatter per output."""

from __future__ import annotations

import re

import pytest

from search.compiler import Source
from search.formatters import html, json_marks, terminal
from search.fragments import Fragment, excerpt, whole
from search.highlight import Wanted, matched_spans, spans

TEXT = "Xocalı & <b> 'quoted' Xocalı"


@pytest.mark.parametrize("formatter, expected", [
    (html, "<mark>Xocalı</mark> &amp; &lt;b&gt; &#39;quoted&#39; <mark>Xocalı</mark>"),
    (lambda f: terminal(f, tty=False), "**Xocalı** & <b> 'quoted' **Xocalı**"),
    (lambda f: terminal(f, tty=True), "\x1b[1;33mXocalı\x1b[0m & <b> 'quoted' \x1b[1;33mXocalı\x1b[0m"),
    (json_marks, [[0, 6], [22, 28]]),
])
def test_one_fragment_each_output_its_own_formatter(formatter, expected):
    assert formatter(whole(TEXT, [[0, 6], [22, 28]])) == expected


def test_pieces_cover_the_text_in_order():
    f = Fragment("abcdef", ((1, 2), (4, 6)))
    assert list(f.pieces()) == [("a", False), ("b", True), ("cd", False), ("ef", True)]
    assert "".join(p for p, _ in f.pieces()) == f.text


def test_the_cutter_keeps_marks_that_cross_the_cut_closed():
    text = " ".join(f"w{i:03}" for i in range(200))           # 999 characters, words of 4
    at = text.index("w100")
    f = excerpt(text, [[at - 10, at + 4]], width=80)          # a mark beginning before the window
    assert f.clipped_before and f.clipped_after and len(f.text) <= 80
    assert f.text.split()[0] in text.split()                  # cut between words
    shown = terminal(f, tty=False)
    assert shown.startswith("… ") and shown.endswith(" …") and shown.count("**") % 2 == 0
    assert all(0 <= s < e <= len(f.text) for s, e in f.marks)


def test_a_short_text_is_kept_whole_and_a_text_without_marks_is_cut_from_its_start():
    assert excerpt("short", [[0, 5]], width=10) == Fragment("short", ((0, 5),))
    f = excerpt("one two three four five six", [], width=12)
    assert not f.clipped_before and f.clipped_after and f.text == "one two"


def test_the_cli_and_the_api_show_the_same_matches(mini):
    r = mini.search("summit")["results"][0]
    marked_html = re.findall(r"<mark>(.*?)</mark>", r["highlight"])
    assert [r["text"][s:e] for s, e in r["marks"]] == marked_html
    assert re.findall(r"\*\*(.*?)\*\*", terminal(excerpt(r["text"], r["marks"], 360), tty=False)) == marked_html


def test_html_escapes_the_text_around_and_inside_the_marks():
    frag = Fragment("<a> & 'b' \"c\" d", ((0, 3), (11, 12)))
    assert html(frag) == "<mark>&lt;a&gt;</mark> &amp; &#39;b&#39; &#34;<mark>c</mark>&#34; d"


def test_html_of_text_holding_the_formatters_stand_ins_is_still_exact():
    frag = Fragment("x\x01<y>\x02z", ((1, 5),))
    assert html(frag) == "x<mark>\x01&lt;y&gt;</mark>\x02z"



NAME = Source("Development Bank", "exact", "glossary", 1, phrase=("development", "bank"), slop=1)
ACCOUNT = Source("bank account", "exact", "lexicon", 2, phrase=("bank", "account"), slop=1)
TERMS = {("en_exact", "bank"): [Source("bank", "exact", "user", 0), NAME, ACCOUNT],
         ("en_exact", "development"): [NAME], ("en_exact", "account"): [ACCOUNT]}


def test_a_word_a_phrase_limits_is_marked_for_the_phrase_only_where_the_phrase_stands():
    text = "The bank of the Islamic Development Bank"
    got = [(text[s.start:s.end], s.groups, {src.origin for src in s.sources}) for s in matched_spans(text, "en", TERMS)]
    assert got == [("bank", {0}, {"user"}), ("Development", {1}, {"glossary"}), ("Bank", {0, 1}, {"user"})]


def test_the_routes_a_page_remembers_do_not_carry_from_one_passage_to_the_next():
    wanted = Wanted(TERMS, "en")             # one for a page of passages, as a search makes it
    texts = ["the Development Bank", "a bank account", "a bank, then development", "Development Bank account"]
    assert [spans(t, wanted) for t in [*texts, *texts]] == [matched_spans(t, "en", TERMS) for t in [*texts, *texts]]
    assert [s.groups for s in spans(texts[1], wanted)] == [{0, 2}, {2}]
    assert [s.groups for s in spans(texts[2], wanted)] == [{0}]
