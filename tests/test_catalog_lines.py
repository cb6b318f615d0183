"""A catalogue (or glossary) error points at the line to fix: the faulty key of the entry at fault."""

from __future__ import annotations

import pytest

from index.catalog import load_catalog
from index.errors import CorpusError
from index.glossary import load_entries

ENTRY = '''[[document]]
id = "{id}"
file = "texts/{id}.txt"
language = "{language}"
title = "A title"
{extra}
'''


def catalogue(tmp_path, *entries: dict[str, str]) -> str:
    text = "# a comment\n\n" + "\n".join(ENTRY.format(**{"language": "en", "extra": "", **e}) for e in entries)
    (tmp_path / "catalog.toml").write_text(text, encoding="utf-8")
    return text


def error_line(tmp_path) -> tuple[int | None, str]:
    with pytest.raises(CorpusError) as e:
        load_catalog(tmp_path)
    return e.value.line, e.value.problem


def line_number(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def test_a_duplicate_id_is_reported_at_the_new_entry(tmp_path):
    text = catalogue(tmp_path, {"id": "one"}, {"id": "two"}, {"id": "one"})
    assert error_line(tmp_path) == (line_number(text, 'id = "one"', 2),
                                    "duplicate document id 'one'; ids must be unique")


@pytest.mark.parametrize("entry, needle, problem", [
    ({"id": "two", "language": "de"}, 'language = "de"', "document 'two': language must be one of az, ru, en"),
    ({"id": "two", "extra": "yeer = 2020"}, "yeer = 2020", "document 'two' has unknown keys: yeer"),
    ({"id": "two", "extra": 'year = "2020"'}, 'year = "2020"', "document 'two': year must be a whole number"),
    ({"id": "Two"}, 'id = "Two"', "document id 'Two' must be lower-case letters, digits and hyphens"),
])
def test_an_error_points_at_the_faulty_key(tmp_path, entry, needle, problem):
    text = catalogue(tmp_path, {"id": "one"}, entry)
    assert error_line(tmp_path) == (line_number(text, needle), problem)


def test_a_missing_key_points_at_its_entry(tmp_path):
    text = catalogue(tmp_path, {"id": "one"}, {"id": "two"})
    (tmp_path / "catalog.toml").write_text(text.replace('title = "A title"\n', "", 2), encoding="utf-8")
    shown = (tmp_path / "catalog.toml").read_text(encoding="utf-8")
    assert error_line(tmp_path) == (line_number(shown, "[[document]]", 1), "document 'one' needs a 'title'")


def test_a_repeated_glossary_id_is_reported_at_the_repeat(tmp_path):
    term = '[[term]]\nid = "{id}"\nen = ["A {id}"]\nru = ["Б {id}"]\n'
    text = "\n".join(term.format(id=i) for i in ("one", "two", "one"))
    (tmp_path / "glossary.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as e:
        load_entries(tmp_path / "glossary.toml")
    assert e.value.line == line_number(text, 'id = "one"', 2)
