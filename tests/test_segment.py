"""Segmentation: synthetic cases for each rule, then the real corpus."""

import itertools
import json
import re
import unicodedata
from pathlib import Path

import pytest

from index.catalog import Document, load_catalog
from index.passage import KINDS
from index.segment import segment

CORPUS = Path(__file__).parent.parent / "corpus"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
HEADER = "Tarix və onun problemləri / История и её проблемы / History and its problems, 2022 №3, 216-221 "


def _doc(**kw) -> Document:
    return Document(id="t", path=Path("t.txt"), language=kw.pop("language", "az"), title="T", **kw)


def _texts(src: str, **kw) -> list[str]:
    return [p.text for p in segment(_doc(**kw), src)]


def _squash(s: str) -> str:
    """Without spaces and hyphens, to compare a passage with its source span."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFC", s))


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip().casefold()


@pytest.mark.parametrize("src, expected", [
    ("xarici siyasətin əsas isti-\nqamətlərindən biri.", "xarici siyasətin əsas istiqamətlərindən biri."),
    ("joined after decla-\nring its independence.", "joined after declaring its independence."),
    ("одним из ос-\nновных направлений.", "одним из основных направлений."),
    ("on the Nagorno-Kara-\nbakh conflict.", "on the Nagorno-Karabakh conflict."),
    ("Bunlardan birincisi, İKT-\nnin zirvə görüşləri.", "Bunlardan birincisi, İKT-nin zirvə görüşləri."),
    ("Ermənilərin 1992-\nci ildə törətdikləri.", "Ermənilərin 1992-ci ildə törətdikləri."),
    ("в годы 44-\nдневной войны.", "в годы 44-дневной войны."),
    ("Yusif bin Əhməd əl-\nOsaymi.", "Yusif bin Əhməd əl-Osaymi."),
    ("talan edilmə-\n si, tarixin.", "talan edilməsi, tarixin."),
    ("davam etdirdiyi dövrdə -\n1991-ci ilin mayında.", "davam etdirdiyi dövrdə - 1991-ci ilin mayında."),
    ("tam və qeyd-\nşərtsiz çıxarılması.", "tam və qeydşərtsiz çıxarılması."),
    ("Wrapped   line\n  continues   here.", "Wrapped line continues here."),
])
def test_hyphenation_and_joining(src: str, expected: str) -> None:
    assert _texts(src) == [expected]


@pytest.mark.parametrize("word", ["qeyd-şərtsiz", "sui-istifadə"])
def test_hyphen_kept_when_the_document_spells_the_word_with_one(word: str) -> None:
    first, second = word.split("-")
    texts = _texts(f"tam və {word} çıxarılması.\n\nqalan və {first}-\n{second} çıxmağını.")
    assert texts == [f"tam və {word} çıxarılması.", f"qalan və {word} çıxmağını."]


def test_hyphen_removed_when_the_joined_form_also_occurs() -> None:
    texts = _texts("tam qeyd-şərtsiz və qeydşərtsiz.\n\nqalan qeyd-\nşərtsiz çıxmağını.")
    assert texts[1] == "qalan qeydşərtsiz çıxmağını."


def test_language_switch_starts_a_passage() -> None:
    src = ("müsəlman ölkələrinin diqqətini məhz bu mühüm\nməqama cəlb etmişdir.\n"
           " ОТНОШЕНИЕ ОРГАНИЗАЦИИ ИСЛАМСКОГО СОТРУДНИЧЕСТВА К\nПРОЦЕССАМ В ГОДЫ 44-ДНЕВНОЙ ВОЙНЫ\n\n"
           "В период после обретения независимости.\n\nКлючевые слова: ОИК, Азербайджан.\n"
           " ATTITUDE OF THE ISLAMIC COOPERATION ORGANIZATION TOWARDS\n44 DAYS OF WAR\n")
    passages = segment(_doc(), src)
    assert [(p.lang, p.text[:12]) for p in passages] == [
        ("az", "müsəlman ölk"), ("ru", "ОТНОШЕНИЕ ОР"), ("ru", "В период пос"), ("ru", "Ключевые сло"),
        ("en", "ATTITUDE OF "),
    ]


@pytest.mark.parametrize("src, langs", [
    ("uğurlu siyasət olmuşdur.\nВ период после обретения.\nThe main conclusion is that.", ["az", "ru", "en"]),
    ("cəlb etmişdir\nОТНОШЕНИЕ ОРГАНИЗАЦИИ К ПРОЦЕССАМ", ["az", "ru"]),
    ("Açıqlamada İKT və BMT\nAzərbaycan Respublikasının", ["az"]),
])
def test_script_change_without_blank_line(src: str, langs: list[str]) -> None:
    assert [p.lang for p in segment(_doc(), src)] == langs


def test_two_line_caps_title_is_one_passage() -> None:
    src = ("UOT 32:93/94 AQŞİN MƏMMƏDZADƏ\nBakı Dövlət Universitetinin\n\n \n"
           "İSLAM ƏMƏKDAŞLIQ TƏŞKİLATININ 44 GÜNLÜK MÜHARİBƏ \n\n"
           "VƏ POST-MÜHARİBƏ DÖVRÜNDƏKİ PROSESLƏRƏ MÜNASİBƏTİ \n \n\n"
           "Azərbaycan Respublikası müstəqilliyini əldə etdi.\n\n"
           "Açar sözlər: İƏT, Azərbaycan.\n \nGiriş. 1991-ci ildə bərpa etdi.\n")
    passages = segment(_doc(headings=("Giriş",)), src)
    assert [p.kind for p in passages] == ["front", "title", "abstract", "keywords", "body"]
    title = passages[1]
    assert title.text == ("İSLAM ƏMƏKDAŞLIQ TƏŞKİLATININ 44 GÜNLÜK MÜHARİBƏ "
                          "VƏ POST-MÜHARİBƏ DÖVRÜNDƏKİ PROSESLƏRƏ MÜNASİBƏTİ")
    assert [p.section for p in passages] == ["", title.text, title.text, title.text, "Giriş"]


def test_short_caps_lines_merge_into_a_title_but_an_author_does_not() -> None:
    src = ("AQŞİN MƏMMƏDZADƏ\n\nTEST MƏQALƏSİNİN\n\nBAŞLIĞI\n\nXülasə: mühüm yer tu-\ntur.\n\n"
           "Açar sözlər: İƏT.\n\nGiriş. Mətn.\n")
    passages = segment(_doc(authors=("Aqşin Məmmədzadə",)), src)
    assert [(p.kind, p.text) for p in passages] == [
        ("front", "AQŞİN MƏMMƏDZADƏ"), ("title", "TEST MƏQALƏSİNİN BAŞLIĞI"),
        ("abstract", "Xülasə: mühüm yer tutur."), ("keywords", "Açar sözlər: İƏT."), ("body", "Giriş. Mətn.")]


def test_furniture_is_dropped() -> None:
    src = (f"\n{HEADER}\n\nXüsusi buraxılış: ŞUŞA - 270 \n\n216\u00a0\n\n"
           "Təşkilat Ermənistanın hücumunu bir-\n\n217\n\n_________\n\nmənalı şəkildə pisləyirdi.\n\n"
           "_________________________________ \n")
    doc = _doc(container="Tarix və onun problemləri", container_en="History and its problems",
               special_issue="Şuşa – 270", year=2022)
    assert [p.text for p in segment(doc, src)] == ["Təşkilat Ermənistanın hücumunu birmənalı şəkildə pisləyirdi."]


def test_repeated_short_line_is_a_running_header() -> None:
    page = "Journal of Things\nText of a page that goes on.\n\n"
    assert _texts(page * 3, language="en") == ["Text of a page that goes on."] * 3


@pytest.mark.parametrize("src, count", [
    ("siyasət idi” [12].\n Baş katib Yusif təbriklərini çatdırdı.", 2),
    ("siyasət idi” [12].\nBaş katib Yusif təbriklərini çatdırdı.", 1),
    ("işğalı pisləyən\n bəyanatlarla çıxış etmişdi.", 1),
    ("Ermənistan silahlı\n Azərbaycan ərazilərini işğal etdi.", 1),
    ("sonra xarici\n\nsiyasətində prioritet idi.", 1),
    ("sonra xarici siyasət idi.\n\nsiyasətində prioritet idi.", 2),
])
def test_paragraph_breaks(src: str, count: int) -> None:
    assert len(_texts(src)) == count


def test_headings_give_sections() -> None:
    src = ("Giriş. Birinci abzas.\n\nİkinci abzas.\n\nTovuz döyüşləri və\nfəaliyyəti. Üçüncü abzas.\n\n"
           "Nəticə\n\nSonuncu abzas.\n\nQısa başlıq\n\nDaha bir abzas.\n")
    doc = _doc(headings=("Giriş", "Tovuz döyüşləri və fəaliyyəti", "Nəticə"))
    got = [(p.kind, p.section) for p in segment(doc, src)]
    assert got == [("body", "Giriş"), ("body", "Giriş"), ("body", "Tovuz döyüşləri və fəaliyyəti"),
                   ("heading", "Nəticə"), ("body", "Nəticə"), ("heading", "Qısa başlıq"),
                   ("body", "Qısa başlıq")]


def test_catalogue_heading_matches_capitals_and_dotless_i() -> None:
    passages = segment(_doc(headings=("Giriş", "Nəticə")), "GİRİŞ. Mətn.\n\nNƏTİCƏ\n\nSon mətn.\n")
    assert [(p.kind, p.section) for p in passages] == [
        ("body", "Giriş"), ("heading", "Nəticə"), ("body", "Nəticə")]


def test_reference_markers_stay() -> None:
    assert _texts("bəyanatla çıxış etmişdi [3, s.327].") == ["bəyanatla çıxış etmişdi [3, s.327]."]


@pytest.mark.parametrize("src", [
    "", "\n", "\n\n\n", "   \n \n\t\n", "216", "_____", "single line", "no trailing newline.\nsecond",
    "a-", "-\n-\n", "İKT-", "x-\n\n", "ƏƏƏ ƏƏƏ ƏƏƏ ƏƏƏ", "Keywords:", "Açar sözlər:\n\nKeywords:",
])
def test_odd_input_does_not_crash(src: str) -> None:
    passages = segment(_doc(), src)
    assert all(p.text and p.kind in KINDS and 0 <= p.start < p.end <= len(src) for p in passages)


def test_offsets_cover_the_source_lines() -> None:
    src = "  İlk abzas isti-\nqamətlərindən.\n\n Ikinci abzas\n\nsonra davam.\n"
    passages = segment(_doc(), src)
    assert [src[p.start:p.end] for p in passages] == [
        "İlk abzas isti-\nqamətlərindən.", "Ikinci abzas\n\nsonra davam."]


# --- the real corpus ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[str, list]]:
    return {d.id: (t, segment(d, t)) for d in load_catalog(CORPUS) for t in [d.read_text()]}


def test_passage_counts(corpus) -> None:
    assert {doc_id: len(ps) for doc_id, (_, ps) in corpus.items()} == {
        "mammadzade-2022": 39, "oic-azerbaijan-ru": 21, "azerbaijan-oic-en": 15}


def test_numbering_and_offsets(corpus) -> None:
    for doc_id, (text, passages) in corpus.items():
        assert [p.number for p in passages] == list(range(1, len(passages) + 1))
        assert all(p.doc_id == doc_id for p in passages)
        assert all(a.end < b.start for a, b in itertools.pairwise(passages))
        for p in passages:
            assert _squash(text[p.start:p.end]) == _squash(p.text), p.id


def test_article_kinds(corpus) -> None:
    summary = ["title"] + ["abstract"] * 3 + ["keywords"]
    expected = ["front"] * 2 + summary + ["body"] * 21 + summary + summary + ["back"]
    assert [p.kind for p in corpus["mammadzade-2022"][1]] == expected


def test_article_languages_and_sections(corpus) -> None:
    passages = corpus["mammadzade-2022"][1]
    titles = [i for i, p in enumerate(passages) if p.kind == "title"]
    assert len(titles) == 3
    _, ru, en = titles
    assert {p.lang for p in passages[:ru]} == {"az"}
    assert {p.lang for p in passages[ru:en]} == {"ru"}
    assert {p.lang for p in passages[en:-1]} == {"en"}
    assert passages[-1].lang == "az"
    assert all(p.section == passages[ru].text for p in passages[ru:en])
    assert passages[en].text == ("ATTITUDE OF THE ISLAMIC COOPERATION ORGANIZATION TOWARDS "
                                 "44 DAYS OF WAR AND POST-WAR PERIOD")
    body = [p.section for p in passages if p.kind == "body"]
    heads = load_catalog(CORPUS)[0].headings
    assert body == [heads[0]] * 2 + [heads[1]] * 3 + [heads[2]] * 15 + [heads[3]]


@pytest.mark.parametrize("doc_id, lang", [("oic-azerbaijan-ru", "ru"), ("azerbaijan-oic-en", "en")])
def test_plain_documents(corpus, doc_id: str, lang: str) -> None:
    text, passages = corpus[doc_id]
    assert {(p.lang, p.kind, p.section) for p in passages} == {(lang, "body", "")}
    assert len(passages) == len([line for line in text.split("\n") if line.strip()])


def test_no_furniture_in_passages(corpus) -> None:
    for _, passages in corpus.values():
        for p in passages:
            assert "History and its problems" not in p.text and "Xüsusi buraxılış" not in p.text
            assert "___" not in p.text and not p.text.strip().isdigit()


def test_dehyphenated_words_in_corpus(corpus) -> None:
    text = " ".join(p.text for _, ps in corpus.values() for p in ps)
    for word in ["istiqamətlərindən", "declaring", "основных", "Nagorno-Karabakh", "İKT-nin", "1992-ci",
                 "əl-Osaymi", "qeyd-şərtsiz", "sui-istifadə", "44-дневной", "edilməsi, tarixin"]:
        assert word in text


@pytest.mark.skipif(not DEV.exists(), reason=f"relevance judgements not found at {DEV} (CI has them)")
def test_every_dev_anchor_is_in_exactly_one_passage(corpus) -> None:
    texts = [_norm(p.text) for _, ps in corpus.values() for p in ps]
    anchors = {r["anchor"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()
               for r in json.loads(line)["relevant"]}
    assert anchors
    assert {a: sum(_norm(a) in t for t in texts) for a in anchors} == dict.fromkeys(anchors, 1)
