"""Failure classes found by the independent and blind judged sets (bench/data/independent.jsonl,
bench/data/blind.jsonl), each as a rule over the real corpus: which query words are concepts, and
how names and document names match.
"""

from __future__ import annotations

import pytest

from search import Searcher
from search.expansion import expand
from search.syntax import WordsItem, parse


def _words_items(real: Searcher, query: str) -> list[WordsItem]:
    build = real._current()
    out = expand(parse(query), build.lexicon, build.glossary)
    return [item for alts in out.alternatives.values() for item, _, _ in alts if isinstance(item, WordsItem)]


def test_a_document_name_matches_word_by_word_but_only_whole(real):
    # "Security Council resolutions": the article writes "Təhlükəsizlik Şurası tərəfindən qəbul
    # edilmiş müvafiq qətnamə" (resolutions adopted by the Security Council), not the name.
    body = real.search("Security Council resolutions settlement of the conflict", limit=3)
    top = body["results"][0]
    assert "münaqişənin həllini davamlı olaraq dəstəkləmişdir" in top["text"]
    assert not top["weak"] and top["missing"] == []
    (words,) = _words_items(real, "Security Council resolutions")
    assert not words.partial           # a passage with "resolutions" alone is no partial match of it
    (event,) = _words_items(real, "Casablanca summit")
    assert event.partial


def test_an_azerbaijani_manner_word_is_no_concept(real):
    # "birmənalı şəkildə" is "unambiguously": the English text has no word for "şəkildə".
    body = real.search("münaqişə birmənalı şəkildə Ermənistanın təcavüzü kimi müəyyən edilir", limit=3)
    assert any("is defined unambiguously as aggression of Armenia" in r["text"] and not r["weak"]
               for r in body["results"])
    assert "şəkildə" not in {m for r in body["results"] for m in r["missing"]}
    typed = real.search("birtərəfli qaydada həll", limit=3)      # unilaterally resolved
    assert "birtərəfli qaydada həll olunub" in typed["results"][0]["text"]
    alone = real.search("şəkildə", limit=1)["results"]           # alone it is what the user wants
    assert alone and "<mark>" in alone[0]["highlight"]


def test_the_noun_of_an_english_compound_preposition_is_no_concept(real):
    body = real.search("conflict settlement in line with Security Council resolutions", limit=3)
    assert "line" not in {m for r in body["results"] for m in r["missing"]}
    assert not body["results"][0]["weak"]
    line = real.search("line", limit=1)                          # elsewhere "line" is a word
    assert line["total"] == 0 or not line["results"][0]["missing"]


def test_ordinary_words_without_equivalents_before_now_cross(real):
    # Words of the texts that crossed no language before the independent check.
    cases = {
        "more diverse and mutually beneficial cooperation": "многопланового и взаимовыгодного сотрудничества",
        "Rəhbər Komitənin ilk iclası texniki": "Steering Committee",
        "fövqəladə konfrans İstanbulda": "V fövqəladə konfransı",
    }
    for query, needle in cases.items():
        body = real.search(query, limit=3)
        assert needle in body["results"][0]["text"], (query, [r["text"][:60] for r in body["results"]])
    added = {e["term"]: e["added"] for e in real.search("diverse beneficial", limit=1)["expansions"]}
    assert "многоплановый" in added["diverse"] and "взаимовыгодный" in added["beneficial"]


def test_an_irregular_english_past_meets_its_verbs_entries(real):
    from search.glossary import en_regular
    assert en_regular("troops withdrew") == "troops withdraw"
    assert en_regular("Withdrawn") == "withdraw" and en_regular("signed") == "signed"
    added: dict[str, list[str]] = {}
    for e in real.search("withdrew met", limit=1)["expansions"]:    # a word may have a glossary and a lexicon line
        added.setdefault(e["term"], []).extend(e["added"])
    assert "вывод" in added["withdrew"] and "çıxar-" in added["withdrew"]
    assert "встреча" in added["met"] and "созываться" in added["met"]
    body = real.search("OIC demanded that Armenian forces withdrew", limit=3)
    assert not body["results"][0]["weak"]


def test_a_russian_verb_of_an_entrys_noun_names_the_entry(real):
    # The lexicon lists "решение"; the text and the user may use the verb ("конфликт решён").
    added = {e["term"]: e["added"] for e in real.search("решён", limit=1)["expansions"]}
    assert "həll" in added["решён"] and "settlement" in added["решён"]
    body = real.search("президент сказал что конфликт решён в одностороннем порядке", limit=3)
    top = body["results"][0]
    assert "münaqişə Azərbaycan tərəfindən birtərəfli qaydada həll olunub" in top["text"]
    assert not top["weak"]          # "сказал", like "said", is no concept


def test_an_equivalent_name_matches_with_two_words_inside(real):
    # The texts put adjectives and appositions inside names: "İslam maddi mədəni irsinin"
    # (Islamic material cultural heritage), "Putrajaya (Malaysian city) Conference X".
    body = real.search("саммит в Путраджае 2003", limit=3)
    top = body["results"][0]
    assert "Putrajaya (Malaysian city) Conference X of 2003" in top["text"] and not top["weak"]
    body = real.search("Islamic heritage vandalism", limit=5)
    hit = next(r for r in body["results"] if "İslam maddi mədəni irsinin" in r["text"])
    assert not hit["weak"]
    # Three words apart is no longer the name.
    far = real.search("Heydar Aliyev", limit=20)["results"]
    assert all("Heydar" in r["text"] or "Гейдар" in r["text"] or "Heydər" in r["text"] for r in far if not r["weak"])


def test_an_azerbaijani_word_whose_equivalents_are_stop_words_is_no_concept(real):
    # "yalnız" is "only" / "только", "ola bilər" "can be": both are stop words in English and Russian.
    body = real.search("nizamnaməyə görə yalnız müsəlman ölkələri üzv ola bilər", limit=3)
    top = body["results"][0]
    assert "членами ОИС могут быть только мусульманские страны" in top["text"]
    assert not top["weak"] and top["missing"] == []
    alone = real.search("dəfə", limit=1)["results"]                # alone it is what the user wants
    assert alone and "<mark>" in alone[0]["highlight"]


def test_an_english_ordinal_meets_the_number_of_the_other_languages(real):
    from index.analysis.english import plain_number
    assert plain_number("33rd") == "33" and plain_number("bath") == "bath" and plain_number("4th") == "4"
    # The Russian text: "в связи с 40-летием Организации"; the Azerbaijani: "47-ci sessiyasında".
    body = real.search("40th anniversary of the OIC conference", limit=3)
    assert any("в связи с 40-летием" in r["text"] and not r["weak"] for r in body["results"])
    body = real.search("47th session Niamey Khojaly", limit=1)
    assert "47-ci sessiyasında" in body["results"][0]["text"] and not body["results"][0]["weak"]


# --- found by the blind set (bench/data/blind.jsonl, part k) --------------------------------------

def test_function_words_the_stop_lists_keep_are_no_concepts(real):
    # "within" is a case ending or "daxilində" in the other languages, "нашими" is "our" (a stop
    # word in English): as concepts every passage in the other languages lacked them.
    body = real.search("unanimous position on Armenian aggression formed within the OIC", limit=5)
    missing = {m for r in body["results"] for m in r["missing"]}
    assert "within" not in missing
    assert any("İKT-nin yekdil və birmənalı mövqeyi" in r["text"] and not r["weak"] for r in body["results"][:1])
    body = real.search("исламский мир хорошо знаком с нашими проблемами", limit=3)
    assert "нашими" not in {m for r in body["results"] for m in r["missing"]}
    assert any("closely acquainted with our problems" in r["text"] and not r["weak"] for r in body["results"])
    body = real.search("насильственное перемещение около миллиона человек", limit=1)   # около: "about"
    assert "forceful displacement about one million people" in body["results"][0]["text"]
    assert not body["results"][0]["weak"]
    alone = real.search("within", limit=1)["results"]              # alone it is what the user wants
    assert alone and "<mark>" in alone[0]["highlight"]


def test_an_azerbaijani_stop_word_typed_without_its_letters_is_no_concept(real):
    from search.expansion import is_folded_stop
    lexicon = real._current().lexicon
    assert is_folded_stop(lexicon, "ve") and is_folded_stop(lexicon, "ucun")
    assert not is_folded_stop(lexicon, "yeni")        # "new", a word of the texts, folds like "yəni"
    assert not is_folded_stop(lexicon, "və")          # the stop word itself is dropped as before
    body = real.search("Diplomatiya ve muasir inteqrasiya prosesleri kafedrasinin doktoranti", limit=1)
    top = body["results"][0]
    assert "kafedrasının doktorantı" in top["text"] and not top["weak"] and top["missing"] == []


def test_a_name_in_another_transliteration_names_its_glossary_entry(real):
    # "Geidar Aliev" is Гейдар Алиев written from Russian; the glossary has Heydar, Heydər, Гейдар.
    glossary = real._current().glossary
    assert glossary.sounding("Geidar") == {"az": "Heydər", "ru": "Гейдар", "en": "Heydar"}
    assert glossary.sounding("Khodjaly")["az"] == "Xocalı"
    assert glossary.sounding("London") == {}
    body = real.search("Geidar Aliev speeches at the Casablanca and Teheran conferences", limit=3)
    top = body["results"][0]
    assert "Participation of President Heydar Aliyev at the OIC VII Casablanca" in top["text"]
    assert not top["weak"]
    (name,) = [e for e in body["expansions"] if e["term"] == "Geidar Aliev"]
    assert "Гейдар Алиев" in name["added"] and "Heydar Aliyev" in name["added"]
    # A typo of an ordinary word is corrected as a typo, not read as a name.
    typo = real.search("Summmit Dakar", limit=1)["expansions"]
    assert all(e["term"] != "Summmit" or e["type"] == "typo" for e in typo)


def test_a_russian_word_of_two_readings_names_the_entries_of_both(real):
    # "знаком" is "знак" (sign) or the short "знакомый" (acquainted); the index holds both readings.
    added = {e["term"]: e["added"] for e in real.search("знаком", limit=1)["expansions"]}
    assert "acquainted" in added["знаком"] and "tanış" in added["знаком"]


def test_a_number_word_meets_the_digits_and_a_roman_numeral_its_number(real):
    # The texts write "15 nəfər ermənini", "30 illik işğal"; the English one numbers its
    # conferences in Roman numerals ("XXIV Jakarta conference"), the Russian one in digits.
    body = real.search("fifteen detained Armenians", limit=1)
    assert "15 nəfər ermənini" in body["results"][0]["text"] and not body["results"][0]["weak"]
    body = real.search("24th Foreign Ministers conference Jakarta", limit=2)
    assert any("XXIV Jakarta conference" in r["text"] and not r["weak"] for r in body["results"])
    added = {e["term"]: e["added"] for e in real.search("VIII summit", limit=1)["expansions"]}
    assert added["VIII"] == ["8"]
    # "три" is a Russian stop word: "three" is no concept a Russian passage must have.
    body = real.search("three standing committees", limit=1)
    assert "Существуют три постоянных комитета" in body["results"][0]["text"]
    assert "three" not in body["results"][0]["missing"]


def test_an_azerbaijani_auxiliary_typed_without_its_letters_is_no_concept(real):
    # "qebul edilen" is "qəbul edilən" (adopted): the English and Russian texts have no "edilən".
    body = real.search("Niamey sessiyasinda qebul edilen qetname", limit=3)
    assert "edilen" not in {m for r in body["results"] for m in r["missing"]}
    assert "51/47-Pol nömrəli qətnamə" in body["results"][0]["text"]


def test_an_english_verb_meets_the_entries_of_its_noun_in_ion(real):
    from search.glossary import english_inflection
    assert english_inflection("mediated", "mediation") and english_inflection("adopted", "adoption")
    assert english_inflection("condemned", "condemnation") and english_inflection("corrected", "correction")
    # Not every pair of one stem is one word ("related" is not "relations", "resolute" not "resolution").
    assert not english_inflection("related", "relations") and not english_inflection("resolute", "resolution")
    added = {e["term"]: e["added"] for e in real.search("mediated", limit=1)["expansions"]}
    assert "vasitəçilik" in added["mediated"] and "посредничество" in added["mediated"]


def test_a_russian_or_english_adjective_of_a_place_names_the_place(real):
    glossary = real._current().glossary
    for adjective, place in [("Гаагская", "hague"), ("Тегеранский", "tehran"), ("бакинской", "baku"),
                             ("стамбульской", "istanbul"), ("ходжалинской", "khojaly"), ("Товузском", "tovuz")]:
        assert [e.id for e in glossary.lookup(adjective)[0]] == [place], adjective
    assert glossary.lookup("международный")[0] == []
    for adjective, place in [("Georgian", "georgia"), ("Turkish", "turkey"), ("Palestinian", "palestine"),
                             ("Senegalese", "senegal"), ("Swedish", "sweden")]:
        assert [e.id for e in glossary.lookup(adjective)[0]] == [place], adjective
    assert glossary.lookup("historian")[0] == [] and glossary.lookup("publish")[0] == []
    top = real.search("Turkish and Russian representatives consultations", limit=1)["results"][0]
    assert "представителями ООН, Армении, Турции и России" in top["text"] and not top["weak"]
    # Niamey and Qubadlı are named in the Azerbaijani article only.
    for query, needle in [("Ниамейская сессия", "Niamey şəhərində"), ("Губадлинская мечеть", "Mamar kəndinin")]:
        top = real.search(query, limit=1)["results"][0]
        assert needle in top["text"] and not top["weak"], query


def test_report_words_a_reader_types_cross_where_the_texts_have_them(real):
    # Found by a scan of 370 English report words: "listed" (ru:3 "перечислены"), "hosted"
    # (held), "informed" (ru проинформировать), "bəyənildi" (ru:10 "одобрены"), "capabilities".
    cases = {
        "principles listed in the charter": "В Уставе ОИС перечислены следующие принципы",
        "ОИС проинформировать ООН и ОБСЕ": "requested the OIC Secretary General to inform the UN, OSCE",
        "hər iki qətnamə yekdilliklə bəyənildi": "обе резолюции были единогласно одобрены",
    }
    for query, needle in cases.items():
        top = real.search(query, limit=1)["results"][0]
        assert needle in top["text"] and not top["weak"], (query, top["text"][:80])
    added = {e["term"]: e["added"] for e in real.search("capabilities hosted", limit=1)["expansions"]}
    assert "возможность" in added["capabilities"] and "keçir-" in added["hosted"]


def test_acronyms_of_the_three_languages_name_their_entries(real):
    glossary = real._current().glossary
    for acronym, entry in [("UNGA", "un_general_assembly"), ("ГА ООН", "un_general_assembly"),
                           ("XİNŞ", "oic_council_of_foreign_ministers"), ("NKR", "separatist_regime"),
                           ("НКР", "separatist_regime"), ("KSA", "saudi_arabia"), ("BMT TŞ", "un_security_council")]:
        assert entry in [e.id for e in glossary.lookup(acronym)[0]], acronym
    top = real.search("XİNŞ Küveyt sessiyası", limit=1)["results"][0]
    assert "Council of Foreign Ministers held in Kuwait" in top["text"] and not top["weak"]


def test_a_place_meets_the_russian_adjective_the_text_writes(real):
    # The Russian text has "в арабо-израильском конфликте и палестинской проблеме", no "Палестина".
    body = real.search("Azerbaijan supported Palestine", limit=1)
    assert "палестинской проблеме" in body["results"][0]["text"]
    assert "Palestine" not in body["results"][0]["missing"]


def test_question_words_and_the_copula_typed_any_way_are_no_concepts(real):
    # "hansı" typed "hansi", "nə vaxt" typed "ne vaxt"; "malikdir" (has) and "является" (is)
    # are English stop words.
    body = real.search("hansi olkeler musahideci statusuna malikdir", limit=3)
    assert not {"hansi", "malikdir"} & {m for r in body["results"] for m in r["missing"]}
    body = real.search("Azerbaycan IKT-ye ne vaxt uzv olub", limit=1)
    assert not body["results"][0]["weak"]
    body = real.search("ОИС является второй по величине организацией", limit=3)
    assert "является" not in {m for r in body["results"] for m in r["missing"]}


def test_russian_g_writes_h_in_names_the_glossary_lacks(real):
    # "Heydar" alone is no glossary entry; the Russian text writes "Гейдара" (г for h), the
    # Azerbaijani "Haaqa" where the Russian would write "Гаага". A common word is no such spelling.
    from search.spellings import spellings
    lexicon = real._current().lexicon
    assert ("ru", "гейдара") in spellings(lexicon, "Heydar", True)
    assert ("az", "haaqa") in spellings(lexicon, "Гаага", False)
    assert ("az", "qeyd") not in spellings(lexicon, "Гейдар", True)      # qeyd (note) is no name
    body = real.search("Heydar", limit=5)
    assert any("Гейдара Алиева" in r["text"] for r in body["results"])


@pytest.mark.parametrize("query", ["исламский мир", "Islamic world", "İslam dünyası"])
def test_the_words_of_a_name_apart_and_translated_are_no_match_of_the_name(real, query):
    """`исламских государств ... мирового сообщества ... мирного урегулирования` has the words
    of "исламский мир" (мир also means peace) only apart: a partial match, not the name."""
    results = real.search(query, limit=30)["results"]
    loose = next(r for r in results if r["id"] == "oic-azerbaijan-ru:7")
    assert loose["weak"]
    assert any(not r["weak"] and r["id"] == "azerbaijan-oic-en:7" for r in results)   # "the Islamic world"


def test_a_superscript_digit_is_no_number_for_the_roman_numerals(real):
    """`²` is a digit to str.isdigit but no number to int: the search answers, it does not fail."""
    assert real.search("²", limit=1)["total"] == 0
    assert real.search("XXIV", limit=1)["total"] > 0
