"""Golden queries on the real corpus: what a user tries first must work."""

from __future__ import annotations

import pytest


def top_texts(body: dict, n: int = 5) -> list[str]:
    return [r["text"] for r in body["results"][:n]]


@pytest.mark.parametrize("query, lang, expected_in_top3", [
    ("Xocali", "az", "Xocalı soyqırımı"),
    ("Xocalı soyqırımı", "az", "47-ci sessiyasında isə Xocalı soyqırımı"),
    ("резолюция", "ru", "резолюци"),
    ("Azerbaycan", "az", "Azərbaycan"),
    ("Kasablanka sammiti", "az", "Kasablanka sammitində"),
    ("Islamic Development Bank", "en", "Since 1994, Islamic Development Bank"),
    ("штаб-квартира ОИС в Джидде", "ru", "Джидда"),
    ('"вторая по величине международная организация"', "ru", "вторая по величине международная организация"),
    ("Framework Document", "en", "Framework Document"),
])
def test_golden(real, query, lang, expected_in_top3):
    body = real.search(query)
    top = body["results"][:3]
    assert any(expected_in_top3.casefold() in r["text"].casefold() and r["lang"] == lang for r in top), \
        [r["id"] for r in top]
    assert all(r["citation"] and r["url"].startswith("/doc/") for r in body["results"])


def test_oic_summit_is_highlighted_and_cited(real):
    body = real.search("OIC summit")
    assert body["total"] > 0
    assert "<mark>" in body["results"][0]["highlight"]


def test_iet_casings_agree(real):
    a, b = real.search("İƏT", limit=50), real.search("iət", limit=50)
    assert a["total"] == b["total"] > 5
    assert [r["id"] for r in a["results"]] == [r["id"] for r in b["results"]]


def test_real_document_passage_counts(real):
    counts = {d["id"]: d["passages"] for d in real.documents()}
    assert counts["oic-azerbaijan-ru"] == 21
    assert counts["azerbaijan-oic-en"] == 15
