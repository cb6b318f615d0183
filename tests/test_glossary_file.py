"""The curated glossary (corpus/glossary.toml): well-formed, unambiguous, and covering the basics."""

from __future__ import annotations

import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

GLOSSARY = Path(__file__).resolve().parent.parent / "corpus" / "glossary.toml"
LANGS = ("az", "ru", "en")
KINDS = {"organisation", "person", "place", "event", "concept", "document"}
KEYS = {"id", "kind", "note", *LANGS}


def _load() -> list[dict]:
    with GLOSSARY.open("rb") as f:
        data = tomllib.load(f)
    assert set(data) == {"term"}, f"unexpected top-level keys: {sorted(set(data) - {'term'})}"
    return data["term"]


TERMS = _load()


def _norm(form: str) -> str:
    return unicodedata.normalize("NFC", form).casefold()


def test_ids_unique_and_lower_case():
    ids = [t.get("id") or "" for t in TERMS]
    assert all(isinstance(i, str) and i for i in ids)
    assert [i for i in ids if i != i.lower() or not i.replace("_", "").isalnum()] == []
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert dupes == []


def test_kinds_and_keys():
    for t in TERMS:
        assert t.get("kind") in KINDS, f"{t.get('id')}: kind {t.get('kind')!r}"
        assert set(t) <= KEYS, f"{t['id']}: unknown keys {sorted(set(t) - KEYS)}"
        if "note" in t:
            assert isinstance(t["note"], str) and t["note"].strip()


def test_forms_are_lists_of_clean_strings():
    for t in TERMS:
        for lang in LANGS:
            forms = t.get(lang, [])
            assert isinstance(forms, list), f"{t['id']}.{lang} is not a list"
            for form in forms:
                assert isinstance(form, str) and form.strip() == form and form, f"{t['id']}.{lang}: {form!r}"
            assert len({_norm(f) for f in forms}) == len(forms), f"{t['id']}.{lang} repeats a form"


def test_every_entry_has_two_languages():
    for t in TERMS:
        langs = [lang for lang in LANGS if t.get(lang)]
        assert len(langs) >= 2, f"{t['id']} has forms only in {langs}"


def test_no_form_in_two_entries_of_one_language():
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t in TERMS:
        for lang in LANGS:
            for form in t.get(lang, []):
                owners[(lang, _norm(form))].append(t["id"])
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert clashes == {}


@pytest.mark.parametrize("term_id", ["oic", "khojaly", "resolution", "summit"])
def test_core_entries_in_all_languages(term_id):
    by_id = {t["id"]: t for t in TERMS}
    assert term_id in by_id
    for lang in LANGS:
        assert by_id[term_id].get(lang), f"{term_id} has no {lang} form"


def test_core_forms():
    by_id = {t["id"]: t for t in TERMS}
    assert {"İƏT", "İKT"} <= set(by_id["oic"]["az"])
    assert {"ОИС", "ОИК"} <= set(by_id["oic"]["ru"])
    assert "OIC" in by_id["oic"]["en"]
    assert "Xocalı" in by_id["khojaly"]["az"]
    assert "qətnamə" in by_id["resolution"]["az"]


def test_size_by_kind():
    kinds = {k: sum(t["kind"] == k for t in TERMS) for k in KINDS}
    assert len(TERMS) >= 120
    assert all(kinds[k] > 0 for k in KINDS), kinds


def test_every_form_analyses_to_keys():
    """A form made only of stop words (or of nothing the tokenizer keeps) could never match."""
    from index.analysis import analyze

    empty = [(t["id"], lang, form) for t in TERMS for lang in LANGS for form in t.get(lang, [])
             if not analyze(form, lang, "stem")]
    assert empty == []
