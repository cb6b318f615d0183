"""Azerbaijani analysis: Turkic lower-casing, folding, and the stemmer (tables of forms)."""

from __future__ import annotations

import itertools
import pickle
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from index.analysis.azerbaijani import fold, stem, stem_folded, turkic_lower

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "data" / "az_stem_gold.tsv"
TEXTS = sorted((ROOT / "corpus" / "texts").glob("*.txt"))


def fkey(word: str) -> str:
    """The folded field's key, as index and query text get it."""
    return stem_folded(fold(word))


# --- turkic_lower ------------------------------------------------------------------------

@pytest.mark.parametrize("text, lower", [
    ("İ", "i"), ("I", "ı"), ("Ə", "ə"), ("Ş", "ş"), ("Ç", "ç"), ("Ğ", "ğ"), ("Ö", "ö"), ("Ü", "ü"),
    ("İƏT", "iət"), ("ISLAM", "ıslam"), ("İSLAM", "islam"), ("AZƏRBAYCAN", "azərbaycan"),
    ("İslam Əməkdaşlıq Təşkilatı", "islam əməkdaşlıq təşkilatı"), ("QARABAĞ", "qarabağ"),
    ("XOCALI", "xocalı"), ("ŞUŞA", "şuşa"), ("GÜRCÜSTAN", "gürcüstan"), ("İKT-nin", "ikt-nin"),
    ("I\u0307ƏT", "iət"),  # decomposed İ
    ("Организация", "организация"), ("OIC's", "oıc's"),
])
def test_turkic_lower(text, lower):
    got = turkic_lower(text)
    assert got == lower
    assert "\u0307" not in got


@pytest.mark.parametrize("text", [
    "İƏT-in İKT-nin Bakı'da", "I\u0307ƏT", "e\u0301 café", "ΣΟΦΟΣ", "ǅemal", "ﬁ", "",
])
def test_turkic_lower_keeps_length_of_nfc_text(text):
    assert len(turkic_lower(text)) == len(unicodedata.normalize("NFC", text))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_turkic_lower_keeps_offsets_on_corpus_texts(path):
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    low = turkic_lower(text)
    assert len(low) == len(text)
    assert "\u0307" not in low


# --- fold --------------------------------------------------------------------------------

@pytest.mark.parametrize("word, folded", [
    ("azərbaycan", "azerbaycan"), ("xocalı", "xocali"), ("iət", "iet"), ("soyqırımı", "soyqirimi"),
    ("şuşa", "susa"), ("çıxış", "cixis"), ("qarabağ", "qarabag"), ("döyüşləri", "doyusleri"),
    ("mövqeyi", "movqeyi"), ("gürcüstan", "gurcustan"), ("i\u0307ət", "iet"), ("café", "cafe"),
    ("islam", "islam"),
])
def test_fold(word, folded):
    assert fold(word) == folded


# --- stem: word form → key ---------------------------------------------------------------

@pytest.mark.parametrize("form, key", [
    # plural, possessive, case, copula, one per slot, from the end
    ("azərbaycanın", "azərbaycan"), ("azərbaycandan", "azərbaycan"), ("azərbaycana", "azərbaycan"),
    ("təşkilatının", "təşkilat"), ("təşkilatlardan", "təşkilat"), ("bəyanatlarla", "bəyanat"),
    ("ərazilərindən", "ərazi"), ("ərazilərindəki", "ərazi"), ("ərazisi", "ərazi"), ("ərazi", "ərazi"),
    ("qətnamələrinə", "qətnamə"), ("qətnaməni", "qətnamə"), ("qətnamə", "qətnamə"),
    ("əlaqələrin", "əlaqə"), ("hücumlarını", "hücum"), ("şəhərlərimiz", "şəhər"),
    ("məsələsidir", "məsələ"), ("təzahürüdür", "təzahür"), ("ibarətdir", "ibarət"),
    ("dövründəki", "dövr"), ("arasındakı", "ara"), ("respublikasının", "respublika"),
    # consonant alternation before a vowel: ğ → q, y → k
    ("əməkdaşlığın", "əməkdaşlıq"), ("narahatlığını", "narahatlıq"), ("torpağı", "torpaq"),
    ("dəstəyi", "dəstək"), ("dəstəyinə", "dəstək"), ("katibliyi", "katiblik"),
    ("müstəqilliyini", "müstəqillik"), ("üzvlüyünə", "üzvlük"), ("çiçəyi", "çiçək"),
    ("olduğunu", "olduq"), ("etdiyi", "etdik"),
    # buffer consonants y, n, s
    ("münaqişəyə", "münaqiş"), ("mövqeyi", "mövqe"), ("mövqeyini", "mövqe"), ("mənşəyini", "mənşə"),
    ("ərazisinə", "ərazi"), ("müharibəsi", "müharib"), ("ölkəsi", "ölk"),
    # n after a vowel: the stem's or a buffer
    ("ermənistanın", "ermənistan"), ("rusiyanın", "rusiya"), ("nigeriyanın", "nigeriya"),
    ("rayonunun", "rayon"), ("qanunun", "qanun"), ("zamanı", "zaman"), ("minanın", "mina"),
    ("günün", "gün"), ("dinin", "din"), ("vətənin", "vətən"),
    # s after a vowel: the stem's or the possessive
    ("əsası", "əsas"), ("əsasında", "əsas"), ("prosesi", "proses"), ("bölgəsi", "bölg"),
    # y-final stems, ğ-final stems, d-final stems
    ("sarayı", "saray"), ("şeyi", "şey"), ("qarabağın", "qarabağ"), ("dağları", "dağ"), ("kəndə", "kənd"),
    # names and words whose final vowel is part of the stem
    ("xocalının", "xocalı"), ("bakıda", "bakı"), ("şuşaya", "şuşa"), ("gəncədə", "gəncə"),
    ("erməni", "erməni"), ("ermənilərin", "erməni"), ("qayda", "qayda"), ("qaydada", "qayda"),
    ("mərhələyə", "mərhələ"), ("tələbələr", "tələbə"),
    # short stems
    ("ildə", "il"), ("adı", "ad"), ("ayında", "ay"), ("işlər", "iş"), ("özünün", "öz"),
    # acronyms, numbers and names with a hyphen or apostrophe
    ("iət-in", "iət"), ("i\u0307ət-in", "iət"), ("ikt-nin", "ikt"), ("ikt-ə", "ikt"), ("bmt-nin", "bmt"),
    ("bakı'da", "bakı"), ("bakı’dan", "bakı"), ("1992-ci", "1992"), ("44-də", "44"),
    ("post-müharibədə", "post-müharib"), ("əl-osayminin", "əl-osaymi"), ("qeyd-şərtsiz", "qeyd-şərtsiz"),
    # verbs: perfect + copula, present + past, infinitive = verbal noun
    ("olmuşdur", "olmuş"), ("olmuşdu", "olmuş"), ("etmişdir", "etmiş"), ("edirdi", "edir"),
    ("olunurdu", "olunur"), ("etmək", "etm"), ("etməsindən", "etm"), ("olmaq", "olm"), ("olması", "olm"),
    # derivation is kept
    ("azərbaycanlı", "azərbaycanl"), ("qanunsuz", "qanunsuz"), ("təhlükəsizlik", "təhlükəsizlik"),
    # function words are left alone
    ("ilə", "ilə"), ("kimi", "kimi"), ("görə", "görə"), ("üçün", "üçün"), ("həmin", "həmin"),
    # upper case input is lower-cased the Turkic way
    ("İSLAM", "islam"), ("AZƏRBAYCANIN", "azərbaycan"),
])
def test_stem(form, key):
    assert stem(form) == key


# --- groups of forms that must share one key (stem, and stem_folded after fold) ------------

GROUPS = [
    # from the brief
    "azərbaycan azərbaycanın azərbaycana azərbaycanda azərbaycandan azərbaycanı",
    "təşkilat təşkilatı təşkilatın təşkilatının təşkilatlar təşkilatlardan",
    "soyqırımı soyqırımının soyqırım",
    "xocalı xocalının",
    "qarabağ qarabağın",
    "münaqişə münaqişəyə münaqişənin münaqişəni",
    "bəyanat bəyanatı bəyanatda bəyanatla bəyanatlarla",
    "hücum hücumu hücumunu hücumları",
    "mövqe mövqeyi mövqeyini",
    "səfər səfəri",
    "tovuz tovuzda",
    "müharibə müharibəsi müharibədə müharibənin",
    "qətnamələr qətnaməni qətnamə",
    "ərazilərindən ərazisi ərazi",
    "əməkdaşlıq əməkdaşlığın",
    "dəstək dəstəyi dəstəyə dəstəyinə",
    "katiblik katibliyi katibliyinin",
    "iət iət-in i\u0307ət-in",
    "ikt ikt-nin ikt-ə",
    "bakı bakı'da bakıda bakının",
    # not in the corpus: a held-out check of the rules
    "kitab kitabı kitabın kitaba kitabda kitabdan kitablar kitabları kitablarımız kitabla",
    "şəhər şəhəri şəhərin şəhərə şəhərdə şəhərdən şəhərlər şəhərlərin şəhərimiz",
    "ölkə ölkəni ölkənin ölkəyə ölkədə ölkədən ölkələr ölkəsi ölkəmiz ölkəmizin",
    "qapı qapını qapının qapıda qapılar qapısı",
    "ordu ordunun orduya orduda ordusu ordular",
    "torpaq torpağı torpağın torpağa torpaqda torpaqlar",
    "çiçək çiçəyi çiçəyin çiçəyə çiçəklər",
    "kömək köməyi köməyə köməkdən",
    "saray sarayı saraya sarayda saraylar",
    "dağ dağı dağın dağa dağda dağlar",
    "rəng rəngi rəngin rənglər",
    "sənaye sənayesi sənayenin sənayedə",
    "qanun qanunu qanunun qanuna qanunda qanunlar",
    "din dinin dinə dində dinlər",
    "gün günü günün günə gündə günlər",
    "insan insanı insanın insana insanlar",
    "region regionu regionun regiona regionda regionlar",
    "problem problemi problemin problemə problemlər",
    "iran iranın irana iranda",
    "türkiyə türkiyənin türkiyəyə türkiyədə",
    "fələstin fələstinin fələstinə",
    "vətən vətənin vətənə vətəni",
    "kənd kəndi kəndin kəndə kəndlər",
    "rəhbərlik rəhbərliyi",
    "layihə layihəsi layihənin layihələr",
    "plan planı planın plana",
    "etmək etməsi etməsindən etməsini etməyə",
    "olmuş olmuşdu olmuşdur",
    "edir edirdi edirlər",
]


@pytest.mark.parametrize("group", GROUPS)
def test_forms_share_a_key(group):
    forms = group.split()
    assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}
    assert len({fkey(f) for f in forms}) == 1, {f: fkey(f) for f in forms}


@pytest.mark.parametrize("typed, native", [
    ("soyqirimi", "soyqırımının"), ("soyqirimi", "soyqırım"), ("azerbaycana", "azərbaycan"),
    ("movqeyi", "mövqeyi"), ("movqeyi", "mövqe"), ("doyusleri", "döyüşləri"), ("doyusleri", "döyüş"),
    ("beyanati", "bəyanatı"), ("beyanati", "bəyanat"), ("seferi", "səfəri"), ("seferi", "səfər"),
    ("xocali", "xocalının"), ("ermenistanin", "Ermənistan"), ("qarabagin", "Qarabağ"),
    ("emekdasligin", "əməkdaşlıq"), ("teskilatinin", "təşkilat"), ("IET", "İƏT"), ("iet-in", "İƏT"),
    ("munaqiseye", "münaqişə"), ("erazilerinden", "ərazi"), ("qetnameler", "qətnamə"),
])
def test_folded_query_meets_native_text(typed, native):
    assert stem_folded(typed) == fkey(turkic_lower(native))


# --- pairs that must not share a key ---------------------------------------------------------

PAIRS_APART = [
    ("ermənistan", "erməni"), ("ermənistanın", "ermənilərin"), ("qətnamə", "qət"), ("ərazi", "ər"),
    ("ərazilər", "ər"), ("təşkilat", "təşkil"), ("islam", "isla"), ("səfər", "səfir"),
    ("səfəri", "səfirinə"), ("azərbaycan", "azərbaycanlı"), ("siyasət", "siyasi"), ("dövlət", "dövr"),
    ("katib", "katiblik"), ("tələb", "tələbə"), ("gənc", "gəncə"), ("hiss", "hissə"), ("məsəl", "məsələ"),
    ("qar", "qara"), ("qal", "qala"), ("abid", "abidə"), ("hadis", "hadisə"), ("bin", "bina"),
    ("mədən", "mədəni"), ("alt", "altı"), ("il", "ilə"), ("kim", "kimi"), ("gör", "görə"),
    ("həm", "həmin"), ("millət", "milli"), ("islam", "islamofobiya"), ("dəstək", "dəstəkləyən"),
    ("yenə", "yeni"), ("ad", "ada"), ("qaz", "qazi"), ("rəsm", "rəsmi"), ("uzun", "üz"),
    ("ilk", "il"), ("illik", "il"), ("bayraq", "bayram"),
]


@pytest.mark.parametrize("a, b", PAIRS_APART)
def test_different_words_keep_different_keys(a, b):
    assert stem(a) != stem(b)
    assert fkey(a) != fkey(b)


# --- the gold file of the bench: recall and wrong merges -------------------------------------

def _gold() -> list[tuple[str, str]]:
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, group = line.split("\t")
            rows.append((form, group))
    return rows


@pytest.mark.parametrize("keyfn", [stem, fkey], ids=["stem", "fold"])
def test_gold_groups_merge_and_stay_apart(keyfn):
    gold = _gold()
    assert len(gold) >= 150 and len({g for _, g in gold}) >= 40
    keys = {f: keyfn(f) for f, _ in gold}
    same = merged = 0
    wrong = []
    for (f1, g1), (f2, g2) in itertools.combinations(gold, 2):
        if g1 == g2:
            same += 1
            merged += keys[f1] == keys[f2]
        elif keys[f1] == keys[f2]:
            wrong.append((f1, f2))
    assert merged / same >= 0.95
    assert wrong == []


def test_one_key_per_form_and_no_empty_keys_on_the_article():
    import re

    text = (ROOT / "corpus" / "texts" / "mammadzade-2022-oic-44-day-war.az.txt").read_text(encoding="utf-8")
    words = {turkic_lower(w) for w in re.findall(r"\w+(?:[-'’]\w+)*", text.split("ОТНОШЕНИЕ")[0])}
    by_key: dict[str, set[str]] = defaultdict(set)
    for w in words:
        k = stem(w)
        assert k and fkey(w)
        by_key[k].add(w)
    # Stemming shrinks the vocabulary a good deal.
    assert len(by_key) < 0.8 * len(words)


def test_functions_pickle_by_reference():
    for fn in (turkic_lower, fold, stem, stem_folded):
        assert pickle.loads(pickle.dumps(fn)) is fn


def test_empty_and_odd_input():
    assert stem("") == "" and stem_folded("") == "" and fold("") == "" and turkic_lower("") == ""
    assert stem("2020") == "2020"
    assert stem("организация") == "организация"
    assert stem("-") == "" and stem("İƏT-") == "iət"
