"""``sanad glossary suggest``: entries proposed from parallel text and names, checked against
the glossary, and written back with the file's comments kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from index.glossary import load_entries, load_lexicon
from index.suggest import alike, romanise, suggest
from web.cli import cli

CATALOG = """
[[document]]
id = "art"
file = "texts/art.az.txt"
language = "az"
kind = "article"
summary_languages = ["ru", "en"]
title = "Məqalə"

[[document]]
id = "notes"
file = "texts/notes.ru.txt"
language = "ru"
title = "Заметки"
"""

ARTICLE = """Tarix jurnalı / Исторический журнал / The Journal of History, 2022 №1, 1-2

Xülasə: Bu məqalədə Kasablanka sammiti və Rabat görüşü təhlil edilir.

Açar sözlər: Kasablanka, sammit, Rabat.

Giriş. Təşkilatın Kasablanka şəhərində keçirilən sammiti haqqında məlumat verilir və Rabat şəhəri də xatırlanır.

Ключевые слова: Касабланка, саммит, Рабат.

The summit in Casablanca was held after the Rabat meeting.

Keywords: Casablanca, summit, Rabat.
"""

NOTES = """Конференция прошла в Рабате, работа шла в Касабланке долго.

Участники отметили, что работа продолжится.
"""

GLOSSARY = """# The test glossary. This comment must survive --accept.

[[term]]
id = "casablanca"
kind = "place"
az = ["Kasablanka"]
ru = ["Касабланка"]
en = ["Casablanca"]
"""


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    (root / "texts").mkdir(parents=True)
    (root / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    (root / "texts" / "art.az.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "texts" / "notes.ru.txt").write_text(NOTES, encoding="utf-8")
    (root / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    (root / "lexicon.toml").write_text('words = [\n{ az = ["sammit"], ru = ["саммит"], en = ["summit"] },\n]\n',
                                       encoding="utf-8")
    return root


@pytest.mark.parametrize(("a", "lang_a", "b", "lang_b", "same"), [
    ("Касабланке", "ru", "Casablanca", "en", True),
    ("Kasablanka", "az", "Casablanca", "en", True),
    ("Ciddə", "az", "Джидда", "ru", True),
    ("Xocalı", "az", "Khojaly", "en", True),
    ("Гейдар", "ru", "Heydar", "en", True),
    ("Рабат", "ru", "работа", "ru", False),
    ("Tehran", "en", "Teheran", "en", True),
    ("Baku", "en", "Bank", "en", False),
])
def test_transliteration_rules(a, lang_a, b, lang_b, same):
    assert alike(romanise(a, lang_a), romanise(b, lang_b)) is same


def test_proposals_from_keywords_parallel_lines_and_names(corpus):
    got = {(p.source, tuple(sorted(p.forms.items()))): p for p in suggest(corpus, "art", load_entries(
        corpus / "glossary.toml"), [])}
    keys = {k[1]: p for k, p in got.items()}
    rabat = keys[(("az", "Rabat"), ("en", "Rabat"), ("ru", "Рабат"))]
    assert rabat.source == "keywords" and rabat.known is None and rabat.extends is None
    assert keys[(("az", "Kasablanka"), ("en", "Casablanca"), ("ru", "Касабланка"))].known == "casablanca"
    header = (("az", "Tarix jurnalı"), ("en", "The Journal of History"), ("ru", "Исторический журнал"))
    assert keys[header].source == "parallel line"
    # A lower-case word is never a name: работа pairs with nothing.
    assert not any("работа" in f.casefold() for p in got.values() for f in p.forms.values())
    # Rabat in the text pairs (by transliteration too) only with Рабат in the Russian notes.
    assert {p.forms.get("ru") for p in got.values() if p.forms.get("az") == "Rabat"} == {"Рабат"}
    assert ("names", (("az", "Sammit"), ("ru", "Саммит"))) not in got       # lower case in the texts


def test_lexicon_words_are_not_proposed(corpus):
    lexicon = load_lexicon(corpus / "lexicon.toml")
    proposals = suggest(corpus, "art", [], lexicon)
    assert not any(p.forms.get("en") == "summit" for p in proposals)
    assert any(p.forms.get("en") == "summit" for p in suggest(corpus, "art", [], []))


def test_accept_writes_new_entries_and_keeps_comments(corpus):
    runner = CliRunner()
    out = runner.invoke(cli, ["glossary", "suggest", "art", "--corpus", str(corpus)], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[-1] == ("Nothing written; run again with --accept to add the new ones to "
                                           "glossary.toml.")
    before = (corpus / "glossary.toml").read_text(encoding="utf-8")
    out = runner.invoke(cli, ["glossary", "suggest", "art", "--corpus", str(corpus), "--accept"],
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    after = (corpus / "glossary.toml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))            # comments and entries as they were
    assert "# The test glossary. This comment must survive --accept." in after
    entries = {e.id: e for e in load_entries(corpus / "glossary.toml")}
    assert entries["rabat"].forms == {"az": ("Rabat",), "ru": ("Рабат",), "en": ("Rabat",)}
    assert "written: rabat: Rabat / Рабат / Rabat" in out.output


def test_unknown_document_names_the_catalogue(corpus):
    out = CliRunner().invoke(cli, ["glossary", "suggest", "nope", "--corpus", str(corpus)])
    assert out.exit_code == 2
    assert out.output == (f"Error: No document 'nope' in {corpus / 'catalog.toml'}; give one of its ids, "
                          "or none.\n")
