"""Language identification: short strings by table, and every line of the seed corpus."""

from pathlib import Path

import pytest

from index.catalog import load_catalog
from index.langid import detect, script

CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.mark.parametrize("text, lang", [
    ("İƏT", "az"),
    ("ОИС", "ru"),
    ("OIC summit", "en"),
    ("Xocalı", "az"),
    ("Xocali", "az"),
    ("qətnamə", "az"),
    ("Qarabag munaqisesi", "az"),
    ("резолюция", "ru"),
    ("Ходжалы", "ru"),
    ("Khojaly genocide", "en"),
    ("tax exemption", "en"),
    ("Baku", "en"),
    ("resolution on Xocalı", "en"),
    ("The OIC condemned the occupation of Azerbaijani territories.", "en"),
    ("İslam Əməkdaşlıq Təşkilatı Azərbaycanı dəstəklədi.", "az"),
    ("Bu bir qətnamə idi və OIC bunu qəbul etdi.", "az"),
    ("ОИС (OIC) была создана в 1969 году.", "ru"),
    ("İSLAM ƏMƏKDAŞLIQ TƏŞKİLATININ 44 GÜNLÜK MÜHARİBƏ", "az"),
    ("ATTITUDE OF THE ISLAMIC COOPERATION ORGANIZATION", "en"),
])
def test_detect_table(text: str, lang: str) -> None:
    assert detect(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "216", "[9].", "TarixVeOnunProblemlery@gmail.com"])
def test_no_letters_gives_default(text: str) -> None:
    assert detect(text, default="az") == "az"
    assert detect(text) == "en"


def test_script() -> None:
    assert script("Azərbaycan") == "latin"
    assert script("Азербайджан (Azerbaijan)") == "cyrillic"
    assert script("44 - 216") == ""


def _expected_lines() -> list[tuple[str, str, str]]:
    """(document language, line, expected language) for every seed line in one script.

    In the article the Russian summary runs from its title (``ОТНОШЕНИЕ ...``) to the
    English one (``ATTITUDE ...``), which runs to its ``Keywords:`` line.
    """
    out = []
    for doc in load_catalog(CORPUS):
        lang = doc.language
        for line in doc.read_text().split("\n"):
            stripped = line.strip()
            if stripped.startswith("ОТНОШЕНИЕ"):
                lang = "ru"
            elif stripped.startswith("ATTITUDE"):
                lang = "en"
            latin = any(c.isalpha() and c.isascii() for c in line)
            cyrillic = any("\u0400" <= c <= "\u04ff" for c in line)
            if stripped and not (latin and cyrillic):
                out.append((doc.language, line, lang))
            if stripped.startswith("Keywords:"):
                lang = doc.language
    return out


def test_every_seed_line() -> None:
    expected = _expected_lines()
    assert len(expected) >= 260  # all but the trilingual running header
    wrong = [(lang, line) for doc_lang, line, lang in expected if detect(line, default=doc_lang) != lang]
    assert wrong == []
