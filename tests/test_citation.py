"""Citations of the three seed documents in every offered style, pinned against strings written
from the style guides (GOST R 7.0.5–2008, CMOS 17/18, APA 7, MLA 9), not from the output.

How each expectation was reasoned:
* GOST R 7.0.5: heading "Family I."; title; "//" before the journal; ". " between areas;
  "2022. № 3. С. 216–221."; in-text "[Family, year, с. n]" (§ 7.6, "[Черняк, 2002, с. 38]").
  A work without an author is entered under its title; a supplied title is in square brackets.
* Chicago (CMOS 14.171, 15.9): bibliography "Family, Given. “Title.” Journal, no. 3 (2022):
  216–21." with the period inside the quotes (American usage) and ranges abbreviated
  (CMOS 9.64: 216–21); a note inverts nothing and ends with the pinpoint; author–date puts the
  year after the name and cites "(Family 2022, 219)"; a paragraph is "par. 14" (CMOS 14.157).
  A private document has a note but no bibliography entry (CMOS 18 14.118), so its note
  without pinpoint cites the whole document. Given names are spelled out (the guides never initialise them).
* APA 7 (§ 9.8, 10.1, 8.28): "Family, I. (2022). Title. Journal, (3), 216–221."; in-text
  "(Family, 2022, p. 219)"; no author: title in the author position, "(n.d.)"; "para. 14".
* MLA 9 (§ 5.x, 6.x): "Family, Given. “Title.” Journal, no. 3, 2022, pp. 216–21."; in-text
  "(Family 219)" with no title unless two works by one author need telling apart; "par. 14".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.catalog import load_catalog
from search.citation import Pinpoint, cite, passage_citation, pinpoint, render
from search.csl import to_csl, told_apart
from search.styles import STYLES, UnknownStyle, check_style

ROOT = Path(__file__).resolve().parent.parent
DOCS = {d.id: d.to_dict() for d in load_catalog(ROOT / "corpus")}
M = "İslam Əməkdaşlıq Təşkilatının 44 günlük müharibə və post-müharibə dövründəki proseslərə münasibəti"
J = "Tarix və onun problemləri"
RU = "[Организация Исламского Сотрудничества и членство Азербайджана]"
EN = "[Azerbaijan and the Organisation of Islamic Cooperation: resolutions and assistance]"
ARTICLE, RU_DOC, EN_DOC = "mammadzade-2022", "oic-azerbaijan-ru", "azerbaijan-oic-en"

# (style, document, interface language) → (reference entry, citation with pinpoint)
# The article's pinpoint is page 219; the other two are not paged: paragraph 14.
EXPECTED = {
    ("gost", ARTICLE, "ru"): (f"Məmmədzadə A. {M} // {J}. 2022. № 3. С. 216–221.", "[Məmmədzadə, 2022, с. 219]"),
    ("gost", RU_DOC, "ru"): (f"{RU}.", f"[{RU}, б. г., абз. 14]"),
    ("gost", EN_DOC, "ru"): (f"{EN}.", f"[{EN}, б. г., абз. 14]"),
    ("gost-numeric", ARTICLE, "ru"): (f"Məmmədzadə A. {M} // {J}. 2022. № 3. С. 216–221.", "[1, с. 219]"),
    ("gost-numeric", RU_DOC, "ru"): (f"{RU}.", "[1, абз. 14]"),
    ("gost-numeric", EN_DOC, "ru"): (f"{EN}.", "[1, абз. 14]"),
    ("chicago-notes", ARTICLE, "en"): (f"Məmmədzadə, Aqşin. “{M}.” {J}, no. 3 (2022): 216–21.",
                                       f"Aqşin Məmmədzadə, “{M},” {J}, no. 3 (2022): 219."),
    ("chicago-notes", RU_DOC, "en"): (f"{RU}, n.d.", f"{RU}, n.d., par. 14."),
    ("chicago-notes", EN_DOC, "en"): (f"{EN}, n.d.", f"{EN}, n.d., par. 14."),
    ("chicago-author-date", ARTICLE, "en"): (f"Məmmədzadə, Aqşin. 2022. “{M}.” {J}, no. 3: 216–21.",
                                             "(Məmmədzadə 2022, 219)"),
    ("chicago-author-date", RU_DOC, "en"): (f"{RU}. n.d.", f"({RU}, n.d., par. 14)"),
    ("chicago-author-date", EN_DOC, "en"): (f"{EN}. n.d.", f"({EN}, n.d., par. 14)"),
    ("apa", ARTICLE, "en"): (f"Məmmədzadə, A. (2022). {M}. {J}, (3), 216–221.", "(Məmmədzadə, 2022, p. 219)"),
    ("apa", RU_DOC, "en"): (f"{RU}. (n.d.).", f"({RU}, n.d., para. 14)"),
    ("apa", EN_DOC, "en"): (f"{EN}. (n.d.).", f"({EN}, n.d., para. 14)"),
    ("mla", ARTICLE, "en"): (f"Məmmədzadə, Aqşin. “{M}.” {J}, no. 3, 2022, pp. 216–21.", "(Məmmədzadə 219)"),
    ("mla", RU_DOC, "en"): (f"{RU}.", f"({RU}, par. 14)"),
    ("mla", EN_DOC, "en"): (f"{EN}.", f"({EN}, par. 14)"),
}


def _pin(doc_id: str) -> Pinpoint:
    return Pinpoint("page", "219") if doc_id == ARTICLE else Pinpoint("paragraph", "14")


@pytest.mark.parametrize(("style", "doc_id", "lang"), sorted(EXPECTED))
def test_each_style_cites_each_seed_document_as_its_guide_says(style, doc_id, lang):
    got = render(to_csl(DOCS[doc_id]), style, lang, _pin(doc_id))
    assert (got.reference, got.citation) == EXPECTED[(style, doc_id, lang)]


def test_every_offered_style_is_pinned():
    assert {style for style, _, _ in EXPECTED} == set(STYLES)


@pytest.mark.parametrize(("lang", "no_date", "page", "paragraph"), [
    ("en", "n.d.", "p. 219", "para. 14"), ("ru", "б. г.", "с. 219", "абз. 14"), ("az", "t.y.", "s. 219", "abz. 14")])
def test_the_interface_language_gives_the_citation_its_words(lang, no_date, page, paragraph):
    article = render(to_csl(DOCS[ARTICLE]), "apa", lang, Pinpoint("page", "219"))
    assert article.citation == f"(Məmmədzadə, 2022, {page})"
    untitled = render(to_csl(DOCS[RU_DOC]), "apa", lang, Pinpoint("paragraph", "14"))
    assert untitled.citation == f"({RU}, {no_date}, {paragraph})"
    assert render(to_csl(DOCS[RU_DOC]), "gost", lang).citation == f"[{RU}, {no_date}]"


def test_the_azerbaijani_locale_is_sanads_own_not_english():
    # citeproc-py has no az-AZ and would fall back to en-US: "no." / "n.d." / "pp.".
    got = render(to_csl(DOCS[ARTICLE]), "mla", "az")
    assert got.reference == f"Məmmədzadə, Aqşin. «{M}». {J}, № 3, 2022, s. 216–21."
    assert render(to_csl(DOCS[ARTICLE]), "gost", "az").reference.endswith("2022. № 3. S. 216–221.")


def test_chicago_and_mla_spell_given_names_out():
    # Trap: citeproc-py ignores initialize="false" and printed "Məmmədzadə, A.".
    for style in ("chicago-notes", "chicago-author-date", "mla"):
        assert "Məmmədzadə, Aqşin." in render(to_csl(DOCS[ARTICLE]), style, "en").reference
    assert "Məmmədzadə, A. (2022)" in render(to_csl(DOCS[ARTICLE]), "apa", "en").reference


def test_mla_in_text_citation_has_no_title_when_nothing_is_ambiguous():
    # Trap: citeproc-py takes every disambiguate="true" branch, adding the title.
    assert render(to_csl(DOCS[ARTICLE]), "mla", "en", Pinpoint("page", "219")).citation == "(Məmmədzadə 219)"


def test_gost_without_a_date_says_so_instead_of_leaving_a_comma():
    # Trap: GOST's layout printed "[Title, ]" for a work without a year.
    got = render(to_csl(DOCS[EN_DOC]), "gost", "en").citation
    assert got == f"[{EN}, n.d.]" and ", ]" not in got
    undated = {"id": "u", "type": "article-journal", "title": "Başlıq", "container-title": "Jurnal",
               "author": [{"family": "Məmmədzadə", "given": "Aqşin"}]}
    assert render(undated, "gost", "ru").citation == "[Məmmədzadə, б. г.]"
    assert render(undated, "gost", "az", Pinpoint("page", "5")).citation == "[Məmmədzadə, t.y., s. 5]"


def test_a_title_supplied_by_the_cataloguer_is_bracketed_and_unquoted_in_every_style():
    for style in STYLES:
        for lang in ("az", "ru", "en"):
            got = render(to_csl(DOCS[EN_DOC]), style, lang, Pinpoint("paragraph", "3"))
            # A numeric style's citation is only "[1, …]"; its reference carries the title.
            for text in (got.reference,) if style == "gost-numeric" else (got.reference, got.citation):
                assert EN in text and f"“{EN}" not in text and f"«{EN}" not in text, (style, lang, text)
                assert text.count("Azerbaijan and") == 1, (style, text)


def test_a_passage_is_pinpointed_by_page_when_it_has_one_else_by_paragraph():
    meta = DOCS[ARTICLE]
    paged = {"number": 14, "page_first": "219", "page_last": "219"}
    spread = {"number": 15, "page_first": "219", "page_last": "220"}
    unpaged = {"number": 14, "page_first": "", "page_last": ""}
    assert pinpoint(paged) == Pinpoint("page", "219")
    assert pinpoint(spread) == Pinpoint("page", "219-220")
    assert pinpoint(unpaged) == pinpoint({"number": 14}) == Pinpoint("paragraph", "14")
    assert passage_citation(paged, meta, "chicago-author-date").citation == "(Məmmədzadə 2022, 219)"
    assert passage_citation(spread, meta, "apa").citation == "(Məmmədzadə, 2022, pp. 219–220)"
    assert passage_citation(unpaged, meta, "apa").citation == "(Məmmədzadə, 2022, para. 14)"
    assert passage_citation(paged, meta, "gost", "ru").citation == "[Məmmədzadə, 2022, с. 219]"


def test_cite_gives_the_reference_for_a_document_and_the_citation_for_a_passage():
    meta = DOCS[ARTICLE]
    assert cite(meta, style="apa") == EXPECTED[("apa", ARTICLE, "en")][0]
    assert cite(meta, 14, style="apa") == "(Məmmədzadə, 2022, para. 14)"
    assert cite(meta, 14, style="apa", page_first="219", page_last="219") == "(Məmmədzadə, 2022, p. 219)"
    assert cite(meta, 14, page_first="219") == "[Məmmədzadə, 2022, p. 219]"   # the default style: GOST


def test_an_unknown_style_names_the_choices():
    with pytest.raises(UnknownStyle) as e:
        check_style("harvard")
    assert str(e.value) == ("Unknown citation style 'harvard' in 'style': use one of gost, gost-numeric, "
                            "chicago-notes, chicago-author-date, apa, mla.")


def test_csl_json_maps_what_the_catalogue_knows_and_nothing_else():
    assert to_csl(DOCS[ARTICLE]) == {
        "id": ARTICLE, "type": "article-journal", "title": M,
        "author": [{"family": "Məmmədzadə", "given": "Aqşin"}], "container-title": J, "issue": "3",
        "page": "216-221", "issued": {"date-parts": [[2022]]}, "language": "az", "note": "UDC 32:93/94",
        "translated-title": "Attitude of the Islamic Cooperation Organization towards 44 days of war and "
                            "post-war period"}
    assert to_csl(DOCS[RU_DOC]) == {
        "id": RU_DOC, "type": "document", "title": RU, "language": "ru",
        "translated-title": "The Organisation of Islamic Cooperation and Azerbaijan's membership",
        "custom": {"title-supplied": True}}


@pytest.mark.parametrize(("pin", "lang", "text"), [
    (Pinpoint("page", "219"), "en", "p. 219"), (Pinpoint("page", "219-220"), "en", "pp. 219–220"),
    (Pinpoint("page", "219"), "ru", "с. 219"), (Pinpoint("page", "219"), "az", "s. 219"),
    (Pinpoint("paragraph", "14"), "ru", "¶ 14")])
def test_a_pinpoint_reads_as_a_note_in_each_language(pin, lang, text):
    assert pin.text(lang) == text


def test_the_html_form_italicises_what_the_style_italicises_and_escapes_the_rest():
    got = render(to_csl(DOCS[ARTICLE]), "apa", "en", Pinpoint("page", "219"))
    assert got.reference_html == f"Məmmədzadə, A. (2022). {M}. <i>{J}</i>, (3), 216–221."
    assert got.citation_html == got.citation
    untitled = render(to_csl(DOCS[EN_DOC]), "apa", "en")    # a bracketed description is never italic
    assert untitled.reference_html == f"{EN}. (n.d.)."
    hostile = render({"id": "h", "type": "article-journal", "title": "<script>x</script> & co",
                      "author": [{"family": "Eve", "given": "A"}], "container-title": "J <b>", "issued":
                      {"date-parts": [[2020]]}}, "apa", "en")
    assert hostile.reference_html == "Eve, A. (2020). &lt;script&gt;x&lt;/script&gt; &amp; co. <i>J &lt;b&gt;</i>."


# --- works told apart (APA 7 § 8.19, CMOS 15.19, MLA 9 § 6.23, GOST: letters after the year)

def _work(doc_id: str, title: str, year: int | None = 2022, authors: tuple[str, ...] = ("Aqşin Məmmədzadə",)) -> dict:
    meta = {"id": doc_id, "kind": "article", "language": "az", "title": title, "authors": list(authors), "container": J,
            "pages": "216–221"}
    return meta if year is None else {**meta, "year": year}


def test_works_of_one_author_and_year_get_year_letters_in_title_order():
    apart = told_apart({"z": _work("z", "Zəfər"), "b": _work("b", "Birlik"), "old": _work("old", "Əvvəl", 2019),
                        "other": _work("other", "Zəfər", authors=("Rauf Hüseynov",)),
                        "undated": _work("undated", "Tarixsiz", None)})
    assert {d: m.get("year_suffix") for d, m in apart.items()} == {
        "z": "b", "b": "a", "old": None, "other": None, "undated": None}
    assert {d for d, m in apart.items() if m.get("shares_authors")} == {"z", "b", "old", "undated"}
    assert to_csl(apart["b"])["year-suffix"] == "a" and "year-suffix" not in to_csl(apart["old"])


def test_the_author_date_styles_print_the_letter_and_mla_adds_the_title():
    apart = told_apart({"z": _work("z", "Zəfər"), "b": _work("b", "Birlik"), "old": _work("old", "Əvvəl", 2019)})
    got = {(d, s): render(to_csl(apart[d]), s, "ru" if s.startswith("gost") else "en", Pinpoint("page", "219"))
           for d in apart for s in ("gost", "apa", "chicago-author-date", "mla")}
    assert got["z", "gost"].citation == "[Məmmədzadə, 2022b, с. 219]"
    assert got["z", "gost"].reference == f"Məmmədzadə A. Zəfər // {J}. 2022b. С. 216–221."
    assert got["b", "apa"].citation == "(Məmmədzadə, 2022a, p. 219)"
    assert got["b", "apa"].reference == f"Məmmədzadə, A. (2022a). Birlik. {J}, 216–221."
    assert got["z", "chicago-author-date"].citation == "(Məmmədzadə 2022b, 219)"
    assert got["old", "apa"].citation == "(Məmmədzadə, 2019, p. 219)"
    # MLA cites no year: every work of an author that has others carries its short title.
    assert got["old", "mla"].citation == "(Məmmədzadə, “Əvvəl” 219)"
    assert got["b", "mla"].citation_html == "(Məmmədzadə, “Birlik” 219)"
    assert got["b", "mla"].reference == f"Məmmədzadə, Aqşin. “Birlik.” {J}, 2022, pp. 216–21."

