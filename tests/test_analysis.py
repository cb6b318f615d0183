"""The analyzer registry and the Russian and English analyzers: tables of forms → terms."""

from __future__ import annotations

import pytest

from index.analysis import analyze, analyzer, fields_for


def terms(text: str, lang: str, variant: str = "stem") -> list[str]:
    return [t["term"] for t in analyze(text, lang, variant)]


def test_unknown_language_fails_loudly():
    with pytest.raises(ValueError, match="unknown language 'tr'"):
        analyzer("tr", "stem")
    with pytest.raises(ValueError, match="no 'fold' analysis for language 'en'"):
        analyzer("en", "fold")


def test_fields_per_language():
    assert fields_for("az") == ("exact", "stem", "fold")
    assert fields_for("ru") == ("exact", "stem")
    assert fields_for("en") == ("exact", "stem")


@pytest.mark.parametrize("form, lemma", [
    ("резолюция", "резолюция"), ("резолюции", "резолюция"), ("резолюций", "резолюция"),
    ("резолюциями", "резолюция"), ("организации", "организация"), ("Организацией", "организация"),
    ("саммитах", "саммит"), ("Джидде", "джидда"), ("стран-членов", None),
    ("Алиева", "алиев"), ("ещё", None), ("объединённых", "объединить"),
    ("научную", "научный"), ("конференцию", "конференция"), ("цивилизациями", "цивилизация"),
])
def test_russian_lemmas(form, lemma):
    got = terms(form, "ru")
    if lemma is None:
        assert "ё" not in "".join(got)
    else:
        assert got[0] == lemma


def test_russian_yo_folded_and_exact_keeps_form():
    assert terms("Объединённых", "ru", "exact") == ["объединенных"]


def test_russian_ambiguous_form_indexes_each_reading_but_queries_one():
    assert terms("белка", "ru") == ["белок", "белка"]
    assert terms("душ", "ru") == ["душа", "душ"]
    assert terms("стали", "ru") == ["стать"]          # "steel" is a 2 % reading: dropped
    query = [t.text for t in analyzer("ru", "stem")("белка", mode="query")]
    assert query == ["белок"]


def test_russian_compound_split_with_consecutive_positions():
    got = analyze("Штаб-квартира ОИС", "ru", "stem")
    assert [(t["term"], t["pos"]) for t in got] == [("штаб", 0), ("квартира", 1), ("оис", 2)]
    assert [(t["start"], t["end"]) for t in got] == [(0, 4), (5, 13), (14, 17)]


@pytest.mark.parametrize("form, stem", [
    ("resolutions", "resolut"), ("resolution", "resolut"), ("organizations", "organiz"),
    ("Azerbaijan's", "azerbaijan"), ("OIC’s", "oic"), ("supplies", "suppli"), ("providing", "provid"),
    ("Urges", "urg"), ("summits", "summit"),
])
def test_english_snowball_with_possessives(form, stem):
    assert terms(form, "en") == [stem]


def test_english_stop_words_removed_positions_kept():
    got = analyze("the Islamic Development Bank", "en", "stem")
    assert [(t["term"], t["pos"]) for t in got] == [("islam", 1), ("develop", 2), ("bank", 3)]


def test_english_nagorno_karabakh_is_two_words():
    assert terms("Nagorno-Karabakh", "en", "exact") == ["nagorno", "karabakh"]


def test_azerbaijani_attached_suffixes_dropped():
    assert terms("İƏT-in İKT-nin 1992-ci", "az", "exact") == ["iət", "ikt", "1992"]


def test_azerbaijani_real_hyphen_compound_split():
    assert terms("qeyd-şərtsiz", "az", "exact") == ["qeyd", "şərtsiz"]


def test_offsets_point_at_the_source_text():
    text = "Azərbaycanın təşkilatlarından İƏT-in"
    for t in analyze(text, "az", "stem"):
        assert text[t["start"]:t["end"]].lower() != ""
    spans = [text[t["start"]:t["end"]] for t in analyze(text, "az", "exact")]
    assert spans == ["Azərbaycanın", "təşkilatlarından", "İƏT"]


@pytest.mark.parametrize("upper, lower", [("İƏT", "iət"), ("IET", "ıet"), ("ISLAM", "ıslam")])
def test_turkic_casing_only_in_azerbaijani(upper, lower):
    assert terms(upper, "az", "exact") == [lower]
    assert "\u0307" not in "".join(terms(upper, "az", "exact"))


def test_english_casing_is_not_turkic():
    assert terms("ISLAMIC", "en", "exact") == ["islamic"]


def test_diacritic_free_field_matches_native_spelling():
    for ascii_form, native in [("Azerbaycan", "Azərbaycan"), ("Xocali", "Xocalı"), ("IET", "İƏT"),
                               ("soyqirimi", "soyqırımı")]:
        assert terms(ascii_form, "az", "fold") == terms(native, "az", "fold"), (ascii_form, native)


def test_stop_words_per_language():
    assert terms("və ilə", "az") == []
    assert terms("и в на", "ru") == []
    assert terms("of the and", "en") == []


@pytest.mark.parametrize("noun, verbs", [
    ("переименование", ("переименовать",)),
    ("осуждение", ("осудить", "осуждать")),
    ("урегулирование", ("урегулировать",)),
    ("поддержка", ()),              # not a verbal noun in -ние
    ("сотрудничество", ()),
])
def test_russian_verbs_of_a_verbal_noun(noun, verbs):
    from index.analysis.russian import verbs_of_noun

    assert verbs_of_noun(noun) == verbs
