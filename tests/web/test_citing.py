"""Citations on the pages and in the API: the chosen style (page, cookie, ``style=``), the words
of the interface language, exports parsed back by real parsers, Zotero's meta tags checked
against the catalogue, and COinS on the results page."""

from __future__ import annotations

import json
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import bibtexparser
import jsonschema
import pytest
import rispy

from index import build
from index.catalog import load_catalog
from search import Searcher
from web import create_app
from web.citing import coins_span, zotero_tags

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "data" / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))
CATALOG = {d.id: d for d in load_catalog(ROOT / "corpus")}
ARTICLE = "mammadzade-2022"
APA_REFERENCE = ("Məmmədzadə, A. (2022). İslam Əməkdaşlıq Təşkilatının 44 günlük müharibə və post-müharibə "
                 "dövründəki proseslərə münasibəti. Tarix və onun problemləri, (3), 216–221.")


class Tags(HTMLParser):
    """The start tags of a page, with their attributes, and the text of elements by id."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str]] = []      # (tag, id) of the elements with an id still open
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attrs))
        if attrs.get("id") and tag not in ("input", "meta", "link", "img", "br"):
            self._open.append((tag, attrs["id"]))
            self.text_by_id[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _, ident in self._open:
            self.text_by_id[ident] += data

    def meta(self) -> list[tuple[str, str]]:
        return [(a["name"], a["content"]) for t, a in self.tags if t == "meta" and a.get("name", "").startswith(
            "citation_")]


def tags(response) -> Tags:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return Tags(response.get_data(as_text=True))


def test_the_reader_offers_every_style_and_the_exports(real_client):
    page = tags(real_client.get(f"/doc/{ARTICLE}"))
    options = [a["value"] for t, a in page.tags if t == "option"]
    assert options == ["gost", "gost-numeric", "chicago-notes", "chicago-author-date", "apa", "mla"]
    assert next(a for t, a in page.tags if t == "option" and "selected" in a)["value"] == "gost"
    exports = {a["data-export"]: a["href"] for t, a in page.tags
               if t == "a" and "data-export" in a and "passage=" not in a["href"]}
    assert set(exports) == {"bibtex", "ris", "csl-json"}
    assert exports["ris"] == f"/api/docs/{ARTICLE}/cite?format=ris&style=gost&ui=en"
    # a passage's exports are in its citation box (?cite=N without script; the script builds the
    # same links from the page's data-export-href)
    boxed = tags(real_client.get(f"/doc/{ARTICLE}?cite=14"))
    assert f"/api/docs/{ARTICLE}/cite?format=bibtex&passage=14&style=gost&ui=en" in [
        a["href"] for t, a in boxed.tags if t == "a"]
    passages = next(a for t, a in page.tags if t == "div" and a.get("class") == "passages")
    assert passages["data-export-href"] == f"/api/docs/{ARTICLE}/cite?style=gost&ui=en"
    assert passages["data-cite-query"] == "?style=gost&ui=en"


def test_the_chosen_style_is_remembered_and_cites_the_document(real_client):
    r = real_client.get(f"/style?style=apa&next=/doc/{ARTICLE}")
    assert r.status_code == 303 and r.headers["Location"] == f"/doc/{ARTICLE}"
    assert "sanad_style=apa" in r.headers["Set-Cookie"]
    page = tags(real_client.get(f"/doc/{ARTICLE}?cite=14"))
    assert page.text_by_id["doc-cite"] == APA_REFERENCE
    assert page.text_by_id["c14"] == f"(Məmmədzadə, 2022, para. 14)\n{APA_REFERENCE}"
    # ?style= on the address wins over the cookie for that page; the picker there sends the
    # reader back without it, or it would override the next choice
    page = tags(real_client.get(f"/doc/{ARTICLE}?q=Xocalı&style=mla&cite=14"))
    assert page.text_by_id["c14"].startswith("(Məmmədzadə, par. 14)")
    assert next(a for t, a in page.tags if t == "input" and a.get("name") == "next")["value"] == (
        f"/doc/{ARTICLE}?q=Xocal%C4%B1&cite=14")


def test_an_unknown_style_is_refused_naming_the_choices(client):
    r = client.get("/style?style=vancouver&next=/")
    assert r.status_code == 400
    assert ("Unknown citation style 'vancouver' in 'style': use one of gost, gost-numeric, chicago-notes, "
            "chicago-author-date, apa, mla.") in unescape(r.get_data(as_text=True))
    assert client.get("/api/docs/test-en/cite?style=vancouver").get_json()["error"]["param"] == "style"


@pytest.mark.parametrize(("ui", "words"), [("en", "n.d., para. 3"), ("ru", "б. г., абз. 3"), ("az", "t.y., abz. 3")])
def test_the_interface_language_changes_the_citations_words(real_client, ui, words):
    real_client.set_cookie("sanad_ui", ui)
    page = tags(real_client.get("/doc/oic-azerbaijan-ru?style=apa&cite=3"))
    assert page.text_by_id["c3"].startswith(f"([Организация Исламского Сотрудничества и членство Азербайджана], "
                                            f"{words})")


def test_the_cite_api_answers_json_in_the_chosen_style(real_client):
    body = real_client.get(f"/api/docs/{ARTICLE}/cite?style=apa&passage=14&ui=ru").get_json()
    assert body["citation"] == "(Məmmədzadə, 2022, абз. 14)" and body["reference"] == APA_REFERENCE
    assert body["pinpoint"] == "¶ 14" and body["style"] == "apa" and set(body["styles"]) >= {"gost", "mla"}
    jsonschema.validate([body["csl"]], SCHEMA)
    r = real_client.get(f"/api/docs/{ARTICLE}/cite?passage=999")
    assert r.status_code == 404
    assert r.get_json()["error"]["message"] == (f"No passage 999 in '{ARTICLE}': see /api/docs/{ARTICLE} for its "
                                                "passages.")


def test_the_cite_api_exports_each_format_as_a_download(real_client):
    r = real_client.get(f"/api/docs/{ARTICLE}/cite?format=bibtex&passage=14")
    assert r.mimetype == "application/x-bibtex"
    assert r.headers["Content-Disposition"] == f'attachment; filename="{ARTICLE}-14.bib"'
    entry = bibtexparser.parse_string(r.get_data(as_text=True)).entries[0]
    assert entry["note"] == "UDC 32:93/94; ¶ 14" and entry["author"] == "Məmmədzadə, Aqşin"
    r = real_client.get(f"/api/docs/{ARTICLE}/cite?format=ris")
    assert r.mimetype == "application/x-research-info-systems"
    assert rispy.loads(r.get_data(as_text=True))[0]["authors"] == ["Məmmədzadə, Aqşin"]
    r = real_client.get("/api/docs/oic-azerbaijan-ru/cite?format=csl-json")
    assert r.mimetype == "application/vnd.citationstyles.csl+json"
    data = json.loads(r.get_data(as_text=True))
    jsonschema.validate(data, SCHEMA)
    assert data[0]["title"] == "[Организация Исламского Сотрудничества и членство Азербайджана]"


def test_the_results_page_exports_the_documents_on_it(real_client):
    page = tags(real_client.get("/?q=İƏT OR ОИС OR OIC"))
    links = {a["data-export-results"]: a["href"] for t, a in page.tags if t == "a" and "data-export-results" in a}
    assert set(links) == {"bibtex", "ris", "csl-json"}
    ids = parse_qs(urlsplit(links["ris"]).query)["docs"][0].split(",")
    assert len(ids) == len(set(ids)) >= 2 and set(ids) <= set(CATALOG)
    records = rispy.loads(real_client.get(links["ris"]).get_data(as_text=True))
    assert [r["id"] for r in records] == ids
    r = real_client.get("/api/export?docs=mammadzade-2022,nope&format=ris")
    assert r.status_code == 400 and r.get_json()["error"] == {
        "status": 400, "code": "bad_param", "param": "docs", "request_id": r.headers["X-Request-Id"],
        "message": "Unknown document 'nope': see /api/docs for the ids."}


def test_document_pages_carry_zoteros_meta_tags_from_the_catalogue(real_client):
    doc = CATALOG[ARTICLE]
    meta = tags(real_client.get(f"/doc/{ARTICLE}")).meta()
    assert doc.pages is not None
    first, last = doc.pages.split("–")
    assert meta == [("citation_title", doc.title), ("citation_author", "Məmmədzadə, Aqşin"),
                    ("citation_publication_date", str(doc.year)), ("citation_journal_title", doc.container),
                    ("citation_issue", doc.issue), ("citation_firstpage", first), ("citation_lastpage", last),
                    ("citation_language", doc.language)]
    untitled = CATALOG["oic-azerbaijan-ru"]
    assert tags(real_client.get("/doc/oic-azerbaijan-ru")).meta() == [
        ("citation_title", f"[{untitled.title}]"), ("citation_language", "ru")]


def test_a_pdf_original_is_offered_to_zotero_and_a_text_one_is_not(real_app):
    csl = {"id": "d", "type": "document", "title": "T"}
    with real_app.test_request_context("/doc/d", base_url="https://sanad.example"):
        assert 'name="citation_pdf_url" content="https://sanad.example/files/d"' in zotero_tags(
            {"id": "d", "file": "scan.PDF", "csl": csl})
        assert "citation_pdf_url" not in zotero_tags({"id": "d", "file": "d.az.txt", "csl": csl})


def test_each_document_on_a_results_page_is_a_coins_object(real_client):
    page = tags(real_client.get("/?q=Xocalı"))
    spans = [parse_qs(a["title"]) for t, a in page.tags if t == "span" and a.get("class") == "Z3988"]
    article = next(s for s in spans if s.get("rft.atitle"))
    doc = CATALOG[ARTICLE]
    assert article["ctx_ver"] == ["Z39.88-2004"] and article["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:journal"]
    assert (article["rft.atitle"], article["rft.jtitle"], article["rft.date"]) == ([doc.title], [doc.container],
                                                                                  [str(doc.year)])
    assert (article["rft.aulast"], article["rft.aufirst"], article["rft.spage"], article["rft.epage"]) == (
        ["Məmmədzadə"], ["Aqşin"], ["216"], ["221"])
    titles = [(s.get("rft.atitle") or s["rft.title"])[0] for s in spans]
    assert len(titles) == len(set(titles))      # one per document, however many of its passages matched


def test_citation_html_keeps_only_the_styles_formatting():
    from web.citing import rich
    assert rich("A. <i>J &amp; K</i>, <b>3</b>") == "A. <i>J &amp; K</i>, <b>3</b>"
    assert rich("<script>x</script> &lt;i&gt;") == "&lt;script&gt;x&lt;/script&gt; &lt;i&gt;"
    assert rich('<span style="font-variant:small-caps;">Eve</span>') == (
        '<span style="font-variant:small-caps;">Eve</span>')


def test_the_reader_shows_the_journal_in_italics(real_client):
    text = real_client.get(f"/doc/{ARTICLE}?style=chicago-notes").get_data(as_text=True)
    assert "“İslam Əməkdaşlıq" in text and "<i>Tarix və onun problemləri</i>, no. 3 (2022): 216–21." in text


def test_the_passage_api_cites_in_the_style_and_words_asked_for(real_client):
    body = real_client.get(f"/api/passages/{ARTICLE}:14?style=apa&ui=az").get_json()
    assert (body["citation"], body["reference"], body["style"]) == ("(Məmmədzadə, 2022, abz. 14)", APA_REFERENCE, "apa")
    assert real_client.get(f"/api/passages/{ARTICLE}:14?style=x").get_json()["error"]["param"] == "style"


def test_coins_spans_are_remembered_per_record_never_across_records():
    a = {"id": "a", "type": "book", "title": "Qarabağ", "author": [{"family": "Məmmədzadə", "given": "A."}]}
    b = {**a, "id": "b", "title": "Xocalı"}
    first = coins_span(a)
    assert "Qarab" in unquote(str(first)) and coins_span(a) is first
    assert "Xocal" in unquote(str(coins_span(b))) and "Qarab" not in unquote(str(coins_span(b)))
    assert coins_span(dict(a)) == first          # an equal record, another object: the same span


def test_two_works_of_one_author_and_year_are_cited_apart_in_the_library_api_and_pages(corpus_copy, tmp_path):
    (corpus_copy / "texts" / "second.az.txt").write_text(
        "İkinci məqalə\n\nBu məqalədə Bakı sammitinin qərarları və onların nəticələri araşdırılır.\n",
        encoding="utf-8")
    with (corpus_copy / "catalog.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[document]]\nid = "second-article"\nfile = "texts/second.az.txt"\nkind = "article"\n'
                'language = "az"\ntitle = "Bakı sammitinin qərarları"\nauthors = ["Aydın Quliyev"]\n'
                'container = "Tarix jurnalı"\nyear = 2022\n')
    build(corpus_copy, tmp_path / "idx")
    searcher = Searcher(tmp_path / "idx")
    try:
        first, second = (searcher.cite(d, style="apa") for d in ("test-article", "second-article"))
        assert second["reference"].startswith("Quliyev, A. (2022a). Bakı sammitinin qərarları.")
        assert first["reference"].startswith("Quliyev, A. (2022b). Test məqaləsinin başlığı.")
        assert first["csl"]["year-suffix"] == "b" and searcher.cite("test-en")["csl"].get("year-suffix") is None
        jsonschema.validate([first["csl"], second["csl"]], SCHEMA)
    finally:
        searcher.close()
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "idx")}).test_client()
    body = client.get("/api/docs/test-article/cite?style=apa&passage=1").get_json()
    assert body["citation"].startswith("(Quliyev, 2022b, ")
    mla = client.get("/api/docs/second-article/cite?style=mla&passage=1").get_json()["citation"]
    assert mla == "(Quliyev, “Bakı sammitinin qərarları,” par. 1)"     # MLA 9 § 6.23: the title tells them apart
    page = client.get("/doc/test-article?style=gost").get_data(as_text=True)
    assert "Quliyev A. Test məqaləsinin başlığı // Tarix jurnalı. 2022b." in unescape(page)
