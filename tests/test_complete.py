"""Completions while typing: glossary names in three scripts, then indexed words by frequency."""

from __future__ import annotations

import pytest


def texts(got: list[dict]) -> list[str]:
    return [c["text"] for c in got]


@pytest.mark.parametrize("typed, expected, kind, lang", [
    ("Xoc", "Xocalı", "name", "az"),
    ("xoc", "Xocalı", "name", "az"),                 # case does not matter
    ("ОИ", "ОИС", "name", "ru"),                      # Cyrillic glossary forms
    ("Organisation of Isl", "Organisation of Islamic Cooperation", "name", "en"),
    ("isl", "İslam", "name", "az"),                   # Turkic İ / i
    ("qətnamə", "qətnamələri", "word", "az"),         # a word form some passage holds
    ("резол", "резолюции", "word", "ru"),
])
def test_completions(real, typed, expected, kind, lang):
    got = real.complete(typed, limit=10)
    assert {"text": expected, "kind": kind, "lang": lang} in got, texts(got)
    assert all(c["text"].lower() != typed.lower() for c in got)
    assert len({c["text"].replace("İ", "i").lower() for c in got}) == len(got)       # no twice in two cases


def test_the_last_word_is_completed_after_the_others(real):
    got = real.complete("OIC summ")
    assert "OIC summit" in texts(got)
    assert all(c["text"].startswith("OIC ") for c in got if c["kind"] == "word")


def test_words_come_most_frequent_first(real):
    words = [c["text"] for c in real.complete("qətnam", limit=10) if c["kind"] == "word"]
    build = real._current()
    df = [build.lexicon.doc_frequency("az_exact", w) for w in words]
    assert len(words) >= 2 and df == sorted(df, reverse=True)


@pytest.mark.parametrize("typed", ["", "x", "OIC -sum", 'OIC "sum', "qət*"])
def test_nothing_to_complete(real, typed):
    assert real.complete(typed) == []


def test_limit(real):
    assert len(real.complete("is", limit=3)) == 3
