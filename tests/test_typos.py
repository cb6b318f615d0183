"""Typo tolerance counts edits one way everywhere: optimal string alignment, where swapping
two neighbouring letters is one edit, in the lexicon and in the glossary alike."""

from __future__ import annotations

import pytest

from search.glossary import Glossary
from search.lexicon import DISTANCE


def test_a_transposition_is_one_edit():
    assert DISTANCE.distance("khojlay", "khojaly") == 1
    assert DISTANCE.distance("khojalu", "khojaly") == 1


@pytest.mark.parametrize("typed, form", [("Khojlay", "Khojaly"), ("Mekka", "Məkkə"), ("Khojalu", "Khojaly")])
def test_the_glossary_finds_a_name_within_one_edit(real, typed, form):
    glossary: Glossary = real._current().glossary
    assert form in [f for _, f in glossary.near(typed, 1)]


@pytest.mark.parametrize("typed, corrected", [("Khojlay", "Khojaly"), ("Mekka", "Məkkə")])
def test_misspelt_names_find_passages_and_a_suggestion(real, typed, corrected):
    body = real.search(typed)
    assert body["total"] > 0
    assert any(e["type"] == "typo" and e["term"] == typed for e in body["expansions"])
    assert body["suggestion"] is not None and body["suggestion"]["query"] == corrected
