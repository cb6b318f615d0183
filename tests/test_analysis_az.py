"""Azerbaijani analysis: Turkic lower-casing, folding, and the stemmer (tables of forms)."""

from __future__ import annotations

import itertools
import pickle
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from bench.az_paradigms import DATA, noun_forms, read_lemmas, read_verb_forms, verb_forms
from index.analysis import analyze, analyzer
from index.analysis.azerbaijani import fold, is_attached_suffix, keys, keys_folded, stem, stem_folded, turkic_lower

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "data" / "az_stem_gold.tsv"
TEXTS = sorted((ROOT / "corpus" / "texts").glob("*.txt"))


def fkey(word: str) -> str:
    """The folded field's key, as index and query text get it."""
    return stem_folded(fold(word))


def field_keys(text: str, variant: str = "stem") -> set[str]:
    """Every term the analyzer stores for *text* in one variant (all readings)."""
    return {t["term"] for t in analyze(text, "az", variant)}


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
    "bakı bakıda bakının",
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
    ("emekdasligin", "əməkdaşlıq"), ("teskilatinin", "təşkilat"), ("IET", "İƏT"),
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


@pytest.mark.parametrize("variant", ["stem", "fold"])
def test_gold_groups_merge_and_stay_apart(variant):
    """Through the analyzer, as the index gets them: two forms meet when their terms do."""
    gold = _gold()
    assert len(gold) >= 150 and len({g for _, g in gold}) >= 40
    found = {f: field_keys(f, variant) for f, _ in gold}
    same = merged = 0
    wrong = []
    for (f1, g1), (f2, g2) in itertools.combinations(gold, 2):
        if g1 == g2:
            same += 1
            merged += bool(found[f1] & found[f2])
        elif found[f1] & found[f2]:
            wrong.append((f1, f2))
    assert merged / same >= 0.985
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
    for fn in (turkic_lower, fold, stem, stem_folded, keys, keys_folded):
        assert pickle.loads(pickle.dumps(fn)) is fn


def test_empty_and_odd_input():
    assert stem("") == "" and stem_folded("") == "" and fold("") == "" and turkic_lower("") == ""
    assert stem("2020") == "2020"
    assert stem("организация") == "организация"
    assert keys("-") == ("-",) and keys("İƏT-") == ("iət-",)  # the analyzer splits compounds first
    assert field_keys("İƏT-") == {"iət"} and field_keys("-") == set()


# --- forms the old rules missed: several readings, each indexed -------------------------------

@pytest.mark.parametrize("form, bare", [
    # 1st-person singular possessive, alone and before a case
    ("açarım", "açar"), ("açarımdan", "açar"), ("alətlərimdə", "alət"), ("torpağım", "torpaq"),
    ("dəstəyim", "dəstək"), ("kitabımı", "kitab"),
    # vowel-final nouns whose bare form is shortened
    ("alçanın", "alça"), ("alçaya", "alça"), ("alçası", "alça"), ("alçam", "alça"),
    # short stems
    ("atı", "at"), ("atın", "at"), ("atlarımızdan", "at"), ("ətin", "ət"), ("ərə", "ər"), ("odu", "od"),
    # 2nd-person singular possessive after a vowel
    ("anan", "ana"), ("anandan", "ana"), ("qapın", "qapı"),
    # su takes y before a vowel
    ("suyu", "su"), ("suyunda", "su"),
    # nouns no list holds: a dropped vowel, an s- or n-final stem, a k or d before a dative
    ("fəsli", "fəsil"), ("çiynindən", "çiyin"), ("polisi", "polis"), ("vitaminin", "vitamin"),
    ("köpəyə", "köpək"), ("söyüdə", "söyüd"), ("tramvaya", "tramvay"),
    # 1st/2nd person after a vowel-final noun whose bare form is shortened, or a long loan
    ("kuklam", "kukla"), ("qurbağamdan", "qurbağa"), ("boyam", "boya"), ("mirvarim", "mirvari"),
    # a two-letter stem with the copula
    ("undur", "un"), ("izdir", "iz"),
])
def test_inflected_form_meets_its_bare_noun(form, bare):
    assert set(keys(form)) & set(keys(bare)), (keys(form), keys(bare))
    assert set(keys_folded(fold(form))) & set(keys_folded(fold(bare)))


@pytest.mark.parametrize("form, readings", [
    ("müəllim", ("müəllim", "müəll")),      # a stem in -m, or a 1st-person possessive
    ("müəllimin", ("müəllim", "müəll")),
    ("açarım", ("açarım", "açar")),
    ("alçanın", ("alçan", "alç")),          # alçan + ın, or alça + nın
    ("atı", ("atı", "at")),
])
def test_ambiguous_form_has_every_reading(form, readings):
    assert keys(form)[: len(readings)] == readings


@pytest.mark.parametrize("form", ["elm", "hakim", "vətən", "ərazi", "qətnamə", "üçün"])
def test_stems_that_end_like_a_suffix_keep_one_noun_key(form):
    """Harmony rules out the possessive reading (hakim is not hak + im), or a list does."""
    assert keys(form) == (form,)


@pytest.mark.parametrize("form, other", [("rəqəm", "rəqə"), ("islam", "isla")])
def test_possessive_reading_comes_second(form, other):
    """rəqəm may be rəqə + m: both readings are indexed, the word itself first."""
    assert keys(form)[0] == form and keys(form)[1] == stem(other)


@pytest.mark.parametrize("verb, forms", [
    ("keçirmək", "keçirdi keçirilən keçirilib keçirildi keçiriləcək keçirilmişdir keçirərək"),
    ("etmək", "edilmişdir etdi edir edərək edən etdiyi etməsi etmişdir edilir"),
    ("yazmaq", "yazdı yazdığını yazmasına yazır yazacaq yazıb yazan yazılmış yazmadı yazmır"),
    ("olmaq", "oldu olduğunu olmuşdur olan olub olunur olacaq"),
    ("oxumaq", "oxudu oxuyur oxuyan oxunur oxuyaraq"),
    ("getmək", "getdi gedir gedən"),
])
def test_verb_forms_meet_the_infinitive(verb, forms):
    for form in forms.split():
        assert set(keys(form)) & set(keys(verb)), (form, keys(form), keys(verb))


@pytest.mark.parametrize("noun", ["ərazi", "hüquq", "inam", "tədqiqat", "kitab", "qanun"])
def test_nouns_get_no_verb_key(noun):
    """Verb keys are marked (keçir-), so no noun key ever equals one."""
    assert not any(k.endswith("-") for k in keys(noun))


@pytest.mark.parametrize("verb, forms", [
    # aorist with a person ending, after a vowel-final stem's y, negative aorist
    ("yazmaq", "yazarıq yazarsınız yazmaz yazmazlar yazmaram yazmarıq"),
    ("oxumaq", "oxuyar oxuyarlar oxumaz"),
    # conditional, 3rd-person plural imperative, necessity, -dIqcA
    ("yazmaq", "yazsaq yazsalar yazarsa yazsınlar yazmalıdır yazdıqca"),
    ("etmək", "edərsə etməlidir"),
    # -An with noun inflection (yazana, the converb yazanda); negation before the y buffer
    ("yazmaq", "yazana yazanı yazanda yazanların yazmayan yazmayacaq"),
    # negative present after a vowel-final stem; negation after a two-letter stem
    ("oxumaq", "oxumur oxumuram"), ("başlamaq", "başlamır"), ("atmaq", "atmadıq atmamışdır"),
    # a polysyllabic -t stem softens before a vowel: yaradılmışdır, işlədilir
    ("yaratmaq", "yaradılmışdır yaradılıb yaradıb yaradaraq yaradıram"),
    ("işlətmək", "işlədilir işlədilən"),
    # a y before the passive is the stem's (qoyul-, yayıl-) or a buffer (deyil-): both stems
    ("qoymaq", "qoyulmuşdur qoyuldu"), ("yaymaq", "yayılmışdır yayılan"), ("demək", "deyilir deyilmişdir"),
])
def test_more_verb_forms_meet_the_infinitive(verb, forms):
    for form in forms.split():
        assert set(keys(form)) & set(keys(verb)), (form, keys(form), keys(verb))


@pytest.mark.parametrize("stem_, forms", [
    ("yaz", "yazdı yazdığını yazmasına yazmaq"),   # the treebank's lemma: the bare stem
    ("gəl", "gəldi gələn gəlmişdir"), ("et", "edilmişdir etdi edən"), ("qorx", "qorxdu qorxmaq"),
    ("başla", "başladı başlanmışdır"), ("razılaş", "razılaşdı razılaşmaq"), ("işlət", "işlədilir"),
    ("de", "dedi deyir deyilir demək"),
])
def test_bare_verb_stem_meets_its_forms(stem_, forms):
    assert stem_ + "-" in keys(stem_)
    for form in forms.split():
        assert set(keys(form)) & set(keys(stem_)), (form, keys(form), keys(stem_))


@pytest.mark.parametrize("word", [
    "elm", "xalq", "sülh",          # one syllable, but a cluster no verb stem ends in
    "şəhər", "bazar", "yazarlar",   # -Ar alone or with -lAr: a noun's ending as often as the aorist's
    "dərsə", "dərsin",              # -sA / -sIn alone: an s-final noun's dative and genitive
    "ərazidir", "ərazidirlər",      # -dIr after a vowel-final noun is the copula, not aldadır's -Ir
    "bacılar",                      # -IlAr: a plural, not a passive aorist
])
def test_noun_forms_that_look_like_verb_endings_get_no_verb_key(word):
    """No verb reading is made by stripping a look-alike ending (the aorist's -Ar from şəhər);
    a bare word of a verb stem's shape keeps only its own key as a verb (şəhər-, which no verb
    form has)."""
    assert not [k for k in keys(word) if k.endswith("-") and k != word + "-"], keys(word)


@pytest.mark.parametrize("stem, forms", [
    ("göstər", "göstərdi göstərilən göstərmişdir"), ("danış", "danışır danışdığı danışaraq"),
    ("sağal", "sağaldı sağalmasını"), ("yaxınlaş", "yaxınlaşır"),
])
def test_a_bare_verb_stem_of_a_noun_like_shape_meets_its_forms(stem, forms):
    """A treebank's lemma is the bare stem: -Ar, -Iş, -Al stems meet their verb forms' key."""
    for form in forms.split():
        assert stem + "-" in keys(stem) and stem + "-" in keys(form), (form, keys(form))


@pytest.mark.parametrize("word", ["bazarlar", "şəhərdə", "baxışları", "maralın"])
def test_an_inflected_noun_of_a_verb_stems_shape_gets_no_bare_verb_key(word):
    assert not [k for k in keys(word) if k.endswith("-")], keys(word)


@pytest.mark.parametrize("a, b", [
    ("oğlanın", "oğul"), ("oğlanı", "oğlu"),    # oğla + nın would be oğul's dative + n
    ("alım", "alma"), ("alımın", "almanın"),    # no dropped-vowel key alm after a 1st-person -ım
    ("dərsə", "dərə"), ("damarlar", "dam"), ("bacılar", "bacarıq"),
])
def test_different_nouns_share_no_key(a, b):
    assert not set(keys(a)) & set(keys(b)), (keys(a), keys(b))


def test_qebul_edilmisdir_meets_qebul_etmek():
    assert field_keys("qəbul edilmişdir") & field_keys("qəbul etmək") == {"qəbul", "et-"}


# --- generated paradigms: the bench's figures hold --------------------------------------------

def _meets(keyfn, a: str, b: str) -> bool:
    return bool(set(keyfn(a)) & set(keyfn(b)))


def test_generated_noun_paradigms_conflate_and_stay_apart():
    nouns = read_lemmas(DATA / "az_nouns.tsv")
    assert len(nouns) >= 300
    forms = [(n.word, f) for n in nouns for f in noun_forms(n)]
    met = sum(_meets(keys, bare, f) for bare, f in forms)
    assert met / len(forms) >= 0.95
    owners: dict[str, set[str]] = defaultdict(set)
    for bare, f in [(n.word, n.word) for n in nouns] + forms:
        for k in keys(f):
            owners[k].add(bare)
    pairs = {tuple(sorted(p)) for o in owners.values() for p in itertools.combinations(o, 2)}
    assert len(pairs) <= 0.01 * len(nouns) * (len(nouns) - 1) / 2
    # The homographs the grammar makes (at+a is ata, ad+a is ada) and few others.
    assert len({w for p in pairs for w in p}) <= 0.06 * len(nouns), sorted(pairs)


def test_unseen_noun_paradigms_conflate_and_stay_apart():
    """The second noun list, written after the stemmer, none of it in its tuning."""
    nouns = read_lemmas(DATA / "az_nouns_unseen.tsv")
    assert len(nouns) >= 300
    forms = [(n.word, f) for n in nouns for f in noun_forms(n)]
    assert sum(_meets(keys, bare, f) for bare, f in forms) / len(forms) >= 0.95
    owners: dict[str, set[str]] = defaultdict(set)
    for bare, f in [(n.word, n.word) for n in nouns] + forms:
        for k in keys(f):
            owners[k].add(bare)
    pairs = {tuple(sorted(p)) for o in owners.values() for p in itertools.combinations(o, 2)}
    assert len(pairs) <= 0.01 * len(nouns) * (len(nouns) - 1) / 2, sorted(pairs)


def _added_merges(lists: list[tuple[str, list[str]]], keyfn) -> set[tuple[str, str]]:
    """Pairs of lemmas sharing a key under *keyfn* but sharing no surface form."""
    def pairs(fn) -> set[tuple[str, str]]:
        owners: dict[str, set[str]] = defaultdict(set)
        for lemma, forms in lists:
            for f in forms:
                for k in fn(f):
                    owners[k].add(lemma)
        return {(a, b) for o in owners.values() for a, b in itertools.combinations(sorted(o), 2)}
    return pairs(keyfn) - pairs(lambda f: (f,))


@pytest.mark.parametrize("name, most", [("az_nouns.tsv", 4), ("az_nouns_unseen.tsv", 2)])
def test_noun_merges_beyond_surface_homographs_stay_few(name, most):
    """The pairs the stemmer merges that no stemming does not: homographs through a word not
    in the list (ağa, ağla: ağ), or through a verb (alma: al-); no more than today's."""
    nouns = read_lemmas(DATA / name)
    added = _added_merges([(n.word, [n.word, *noun_forms(n)]) for n in nouns], keys)
    assert len(added) <= most, sorted(added)


def test_unseen_verbs_meet_their_infinitive_and_their_stem():
    """The held-out verbs (written before the verb rules changed): forms meeting the key of the
    infinitive, and of the bare stem (a treebank's lemma), compounds word by word."""
    def meets(a: str, b: str) -> bool:
        wa, wb = a.split(" "), b.split(" ")
        return len(wa) == len(wb) and all(set(keys(x)) & set(keys(y)) for x, y in zip(wa, wb, strict=True))

    verbs = read_verb_forms(DATA / "az_verbs_unseen.tsv")
    assert len(verbs) >= 40
    forms = [(v, f) for v in verbs for f, _ in v.forms]
    assert sum(meets(v.infinitive, f) for v, f in forms) / len(forms) >= 0.92
    assert sum(meets(v.stem, f) for v, f in forms) / len(forms) >= 0.56


def test_generated_verb_paradigms_conflate():
    verbs = read_lemmas(DATA / "az_verbs.tsv")
    assert len(verbs) >= 60
    met = total = 0
    for v in verbs:
        forms = verb_forms(v)
        infinitive = next(f for f in forms if f in (v.word + "maq", v.word + "mək"))
        met += sum(_meets(keys, infinitive, f) for f in forms)
        total += len(forms)
    assert met / total >= 0.9


# --- one rule for suffixes after a hyphen or apostrophe, through the analyzer ----------------------

@pytest.mark.parametrize("part, attached", [
    ("in", True), ("nin", True), ("lərin", True), ("ləri", True), ("da", True), ("dan", True),
    ("ci", True), ("də", True), ("ə", True), ("dakı", True), ("lerin", True), ("yə", True), ("yi", True),
    ("şərtsiz", False), ("müharibədə", False), ("osayminin", False), ("Zəngəzur", False), ("bala", False),
])
def test_attached_suffix_rule(part, attached):
    assert is_attached_suffix(part) is attached


@pytest.mark.parametrize("text, variant, terms", [
    ("İƏT-lərin", "stem", ["iət"]),
    ("İƏT-lərin", "exact", ["iət"]),
    ("İƏT-in İKT-nin BMT-nin", "stem", ["iət", "ikt", "bmt"]),
    ("Bakı'da Bakı’dan", "stem", ["bakı", "bakı"]),
    ("1992-ci 44-də", "exact", ["1992", "44"]),
    ("iet-lerin", "fold", ["iet"]),
    ("post-müharibədə", "stem", ["post", "müharib"]),
    ("qeyd-şərtsiz", "exact", ["qeyd", "şərtsiz"]),
])
def test_attached_suffixes_through_the_analyzer(text, variant, terms):
    got = [t["term"] for t in analyze(text, "az", variant) if not t["term"].endswith("-")]
    assert got == terms


def test_attached_suffixes_on_the_corpus_text():
    """Every İƏT-… in the Azerbaijani article is indexed as iət, and no suffix as a word."""
    text = (ROOT / "corpus" / "texts" / "mammadzade-2022-oic-44-day-war.az.txt").read_text(encoding="utf-8")
    import re

    text = re.sub(r"(?<=[A-ZƏİ])-\n", "-", text)  # İKT-⏎nin: a line break after the hyphen
    written = re.findall(r"İƏT[-'’]\w+", text)
    assert len(written) >= 5
    for w in written:
        assert [t["term"] for t in analyze(w, "az", "stem")] == ["iət"], w
    stored = {t["term"] for t in analyze(text.split("ОТНОШЕНИЕ")[0], "az", "exact")}
    assert not {"in", "nin", "lər", "lərin"} & stored


def test_query_word_searches_every_reading():
    """A query word keeps all its keys at one position, as the index stores them."""
    for variant in ("stem", "fold"):
        ana = analyzer("az", variant)
        q = [(t.text, t.pos) for t in ana("müəllimin", mode="query", positions=True)]
        d = [(t.text, t.pos) for t in ana("müəllimin", mode="index", positions=True)]
        assert q == d and len(q) == 2 and q[0][1] == q[1][1]


# --- the readings reach search: index and query both use every key ----------------------------

@pytest.mark.parametrize("query, word", [
    ("qəbul etmək", "edilmişdir"),     # verb key et-: infinitive meets the passive evidential
    ("qəbul edildi", "edilmişdir"),
    ("pisləmək", "pislədi"),
    ("təşkilatım", "Təşkilatlarından"),  # 1st-person possessive of the query word
    ("mövqeyim", "mövqeyi"),
])
def test_search_meets_other_forms(mini, query, word):
    results = mini.search(query, explain=True)["results"]
    assert results and f"<mark>{word}</mark>" in results[0]["highlight"]
    assert {"word": word, "via": "stem"}.items() <= results[0]["explain"][-1].items()


def test_search_drops_a_suffix_after_a_hyphen(mini):
    """İKT-lərin is searched as İKT: the suffix is not a word of its own."""
    r = mini.search("İKT-lərin", explain=True)["results"][0]
    assert [(e["query"], e["word"]) for e in r["explain"]] == [("İKT-lərin", "İKT")]


def test_readme_analyze_example_is_real():
    import re
    import subprocess
    import sys

    cmd = '.venv/bin/sanad analyze --lang az --field stem "müəllimin açarımdan qəbul edilmişdir"'
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"\$ " + re.escape(cmd) + r"\n(.*?)```", readme, re.S)
    assert m, "README shows no example of ambiguous Azerbaijani forms"
    shown = [line.strip() for line in m.group(1).strip().splitlines()]
    out = subprocess.run([sys.executable, "-m", "web.cli", "analyze", "--lang", "az", "--field", "stem",
                          "müəllimin açarımdan qəbul edilmişdir"], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert [line.strip() for line in out.stdout.strip().splitlines()] == shown


def test_query_terms_keep_one_key_a_word_for_glossary_matching():
    """Glossary look-ups compare key sequences: they use each word's first key."""
    from search.compiler import query_terms, query_tokens

    assert [t for t, _ in query_tokens("müəllimin kitabı", "az", "stem")] == ["müəllim", "müəll", "kitab"]
    assert query_terms("müəllimin kitabı", "az", "stem") == ("müəllim", "kitab")
