"""Extraction from real files made here: PDFs in three languages (page labels, printed page
numbers, running headers, two columns, hyphenation, ligatures), DOCX with a footnote, a saved
web page with navigation and a footer, and a scanned PDF read by Tesseract."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.catalog import Document
from index.ingest import IngestError, extract, sniff
from index.ingest.pages import decide_labels, strip_furniture
from index.ingest.source import to_source
from index.segment import segment
from tests.docmaker import (
    EN,
    FONT,
    HEADERS,
    TEXTS,
    Layout,
    article_pages,
    make_docx,
    make_html,
    make_pdf,
    make_scanned_pdf,
)


def pdf(tmp_path: Path, lang: str, **layout) -> Path:
    path = tmp_path / f"{lang}.pdf"
    make_pdf(path, article_pages(lang), Layout(header=HEADERS[lang], **layout))
    return path


def passages(path: Path, lang: str, first_page: int | None = None):
    doc = Document(id="t", path=path, language=lang, title="T", first_page=first_page)
    src = to_source(extract(path.read_bytes(), path, lang), first_page)
    return src, src.paginate(segment(doc, src.text))


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_pdf_passages_know_their_printed_pages(tmp_path, lang):
    src, ps = passages(pdf(tmp_path, lang, columns=2), lang)
    assert src.labels == ("216", "217", "218") and src.labels_from == "the PDF's page labels"
    assert [(p.page_first, p.page_last) for p in ps] == [("216", "216"), ("216", "217"), ("217", "217"),
                                                         ("218", "218")]
    assert [p.text for p in ps] == [p.replace("ﬁ", "fi").replace("ﬂ", "fl") for p in TEXTS[lang]]
    assert all(p.lang == lang and not p.ocr for p in ps)
    assert HEADERS[lang] not in src.text and "216" not in src.text


def test_printed_page_numbers_when_the_pdf_has_no_labels(tmp_path):
    src, _ = passages(pdf(tmp_path, "en", labels=False), "en")
    assert src.labels == ("216", "217", "218") and src.labels_from == "page numbers printed on the pages"


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_printed_page_numbers_in_the_running_header(tmp_path, lang):
    src, _ = passages(pdf(tmp_path, lang, labels=False, number_in_header=True), lang)
    assert src.labels == ("216", "217", "218") and src.labels_from == "page numbers printed on the pages"
    assert HEADERS[lang] not in src.text


def test_a_year_or_issue_in_the_header_is_no_page_number():
    pages = ["Journal, 2020, No. 2\nText one.", "Journal, 2020, No. 2\nText two.", "Journal, 2020, No. 2\nText 3."]
    bodies, printed = strip_furniture(pages)
    assert bodies == ["Text one.", "Text two.", "Text 3."] and printed == ["2", "2", "2"]
    from index.ingest.model import Page

    assert decide_labels([Page(0, n, printed=p) for n, p in enumerate(printed, 1)], None)[0] == ["1", "2", "3"]


def test_catalogue_first_page_when_nothing_is_printed(tmp_path):
    path = pdf(tmp_path, "ru", labels=False, print_numbers=False)
    src, ps = passages(path, "ru", first_page=40)
    assert src.labels == ("40", "41", "42") and src.labels_from == "the catalogue's first_page"
    assert ps[1].page_first == "40" and ps[1].page_last == "41"
    src, _ = passages(path, "ru")
    assert src.labels == ("1", "2", "3")
    assert src.labels_from == "the page's place in the file (no labels or printed numbers)"


def test_running_headers_and_footers_found_across_pages():
    pages = ["Journal 2020\nText one.\n- 5 -", "Journal 2020\nText two.\n- 6 -", "Journal 2020\nText three.\n- 7 -"]
    bodies, printed = strip_furniture(pages)
    assert bodies == ["Text one.", "Text two.", "Text three."] and printed == ["5", "6", "7"]


def test_label_decision_needs_agreeing_printed_numbers():
    from index.ingest.model import Page

    stray = [Page(0, 1, printed="1991"), Page(10, 2), Page(20, 3)]
    assert decide_labels(stray, None)[0] == ["1", "2", "3"]


def test_pdf_metadata_from_the_document_information(tmp_path):
    path = pdf(tmp_path, "az", info={"title": "Sınaq məqaləsi", "author": "Aqşin Məmmədzadə; Leyla Əliyeva"})
    meta = extract(path.read_bytes(), path).meta
    assert meta["title"].value == "Sınaq məqaləsi"
    assert meta["authors"].value == ["Aqşin Məmmədzadə", "Leyla Əliyeva"]
    assert meta["authors"].source == "the PDF's document information (Author)"


def test_encrypted_pdf_is_refused_by_name(tmp_path):
    from fpdf import FPDF

    p = FPDF()
    p.set_encryption(owner_password="owner", user_password="secret")
    p.add_page()
    p.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(IngestError) as e:
        extract((tmp_path / "locked.pdf").read_bytes(), tmp_path / "locked.pdf")
    assert str(e.value) == (f"{tmp_path / 'locked.pdf'}: is an encrypted PDF that needs a password; save an "
                            "unencrypted copy (for example print it to PDF) and add that")


def test_truncated_pdf_is_refused_by_name(tmp_path):
    data = pdf(tmp_path, "en").read_bytes()
    with pytest.raises(IngestError, match=r"broken\.pdf: is a damaged PDF \(.*\); save or export it again$"):
        extract(data[: len(data) // 3], tmp_path / "broken.pdf")


def test_docx_paragraphs_headings_and_footnotes_apart(tmp_path):
    path = tmp_path / "a.docx"
    make_docx(path, "Azərbaycan və İƏT", TEXTS["az"][:3], heading="Nəticə", footnote="Mənbə: İƏT arxivi, 2021.",
              core={"author": "Aqşin Məmmədzadə", "title": "Azərbaycan və İƏT", "language": "az-AZ"})
    e = extract(path.read_bytes(), path)
    assert e.text.split("\n\n") == ["Azərbaycan və İƏT", TEXTS["az"][0], "Nəticə", *TEXTS["az"][1:3],
                                    "Mənbə: İƏT arxivi, 2021."]
    assert e.meta["authors"].value == ["Aqşin Məmmədzadə"] and e.meta["language"].value == "az"
    assert not e.pages


def test_html_main_text_only_and_citation_meta(tmp_path):
    path = tmp_path / "page.html"
    make_html(path, "Azerbaijan and the OIC", EN[:3], lang="en",
              meta={"citation_title": ["Azerbaijan and the OIC"], "citation_author": ["Smith, John", "Doe, Jane"],
                    "citation_publication_date": ["2020/05/01"], "DC.creator": ["Someone Else"],
                    "citation_doi": ["10.1234/jcs.2020.15"]})
    e = extract(path.read_bytes(), path)
    for boilerplate in ("Subscribe", "Celebrity", "recipes", "All rights reserved", "Politics"):
        assert boilerplate not in e.text
    assert "Casablanca summit" in e.text and "reconstruction programmes" in e.text
    assert e.meta["authors"].value == ["John Smith", "Jane Doe"]
    assert e.meta["year"].value == "2020" and e.meta["doi"].value == "10.1234/jcs.2020.15"
    assert e.meta["language"].source == "the page's <html lang>"


def test_doi_printed_in_the_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Some article.\nhttps://doi.org/10.5555/abc.123.\n", encoding="utf-8")
    assert extract(path.read_bytes(), path).meta["doi"].value == "10.5555/abc.123"


@pytest.mark.parametrize(("data", "kind"), [(b"%PDF-1.7\n...", "pdf"), (b"<!DOCTYPE html><p>x", "html"),
                                            (b"  <html lang=az>", "html"), ("Salam, dünya".encode(), "text")])
def test_type_is_judged_by_content(data, kind):
    assert sniff(data, "file.txt") == kind


def test_unsupported_content_is_refused_whatever_its_name():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    with pytest.raises(IngestError) as e:
        sniff(png, "scan.pdf")
    assert str(e.value) == ("scan.pdf: is not a supported type (judged by its content: not PDF, DOCX, HTML or UTF-8 "
                            "text); convert it to one of those and add it again")


@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr_with_its_pages(tmp_path, tesseract):
    text_pdf = pdf(tmp_path, "az", labels=False)
    scanned = tmp_path / "scan.pdf"
    make_scanned_pdf(scanned, text_pdf, dpi=200)
    src, ps = passages(scanned, "az")
    assert src.labels == ("216", "217", "218") and src.labels_from == "page numbers printed on the pages"
    assert all(p.ocr for p in ps)
    joined = " ".join(p.text for p in ps)
    for word in ("Azərbaycan", "Xocalı", "soyqırımı", "Şuşa", "müəyyənləşdirildi"):
        assert word in joined
    assert ps[1].page_first == "216" and ps[1].page_last == "217"


def test_without_tesseract_ocr_names_the_install(tmp_path, monkeypatch):
    text_pdf = pdf(tmp_path, "az")
    scanned = tmp_path / "scan.pdf"
    make_scanned_pdf(scanned, text_pdf, dpi=50)
    monkeypatch.setenv("SANAD_TESSERACT", str(tmp_path / "no-tesseract"))
    with pytest.raises(IngestError) as e:
        extract(scanned.read_bytes(), scanned)
    assert str(e.value) == (f"{scanned}: has pages with no text layer and needs OCR, but Tesseract "
                            f"({tmp_path / 'no-tesseract'}) is not installed; install Tesseract with its language "
                            "data (Debian: apt-get install tesseract-ocr tesseract-ocr-aze tesseract-ocr-rus "
                            "tesseract-ocr-eng) and add it again")


XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Организация и Азербайджан</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Иванов, Пётр</rdf:li><rdf:li>Anna Smith</rdf:li></rdf:Seq></dc:creator>
<prism:doi>10.1234/vi.2021.4</prism:doi><prism:publicationDate>2021-04-15</prism:publicationDate>
</rdf:Description></rdf:RDF></x:xmpmeta>"""   # fpdf2 wraps it in <?xpacket?>


def test_pdf_metadata_from_xmp(tmp_path):
    from fpdf import FPDF

    p = FPDF()
    p.add_font("serif", "", str(FONT))
    p.set_font("serif", size=11)
    p.set_xmp_metadata(XMP)
    p.add_page()
    p.multi_cell(0, 6, " ".join(TEXTS["ru"]))
    p.output(str(tmp_path / "x.pdf"))
    meta = extract((tmp_path / "x.pdf").read_bytes(), tmp_path / "x.pdf").meta
    assert meta["title"].value == "Организация и Азербайджан" and meta["title"].source == "the PDF's XMP (dc:title)"
    assert meta["authors"].value == ["Пётр Иванов", "Anna Smith"]
    assert (meta["doi"].value, meta["year"].value) == ("10.1234/vi.2021.4", "2021")


@pytest.mark.parametrize(("tags", "title", "authors"), [
    ({"DC.title": ["Dublin title"], "DC.creator": ["Doe, Jane"]}, "Dublin title", ["Jane Doe"]),
    ({"og:title": ["Open Graph title"]}, "Open Graph title", None),
])
def test_html_dublin_core_and_opengraph(tmp_path, tags, title, authors):
    path = tmp_path / "p.html"
    make_html(path, "Heading", EN[:2], lang="en", meta={})
    path.write_text(path.read_text(encoding="utf-8").replace(
        "</head>", "".join(f'<meta property="{k}" content="{v[0]}">' for k, v in tags.items()) + "</head>"),
        encoding="utf-8")
    meta = extract(path.read_bytes(), path).meta
    assert meta["title"].value == title
    assert (meta["authors"].value if "authors" in meta else None) == authors
    assert "year" not in meta                      # the "© 2024" footer is no date
