"""``sanad add`` end to end on real files: added, indexed, searched and cited to the page; and
every bad input refused with a message naming the file and the fix, with the corpus, the
catalogue and the live index left byte for byte as they were."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from index import build
from tests.docmaker import EN, HEADERS, RU, Layout, article_pages, make_docx, make_html, make_pdf, make_scanned_pdf
from tests.ingest.helpers import snapshot
from web.cli import cli


@pytest.fixture
def sanad(corpus_copy, tmp_path):
    """Run ``sanad`` on a copy of the fixture corpus and its own index."""
    runner = CliRunner()
    idx = tmp_path / "idx"

    def invoke(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(cli, [*args], catch_exceptions=False,
                             env={"SANAD_CORPUS_DIR": str(corpus_copy), "SANAD_INDEX_DIR": str(idx), **(env or {})})
    invoke.corpus, invoke.idx = corpus_copy, idx  # type: ignore[attr-defined]
    return invoke


def search(sanad, query: str, doc: str) -> list[dict]:
    out = sanad("search", query, "--doc", doc, "--json")
    assert out.exit_code == 0, out.output
    return json.loads(out.output)["results"]


def article(tmp_path: Path, lang: str, name: str = "article.pdf", **layout) -> Path:
    path = tmp_path / name
    make_pdf(path, article_pages(lang), Layout(header=HEADERS[lang], **layout))
    return path


@pytest.mark.parametrize(("lang", "query", "page", "pages"), [
    ("az", "Şuşa şəhərinin", "216", "216–217"),
    ("ru", "совместное заявление", "218", None),
    ("en", "reconstruction programmes", "216", "216–217"),
])
def test_add_index_search_cite_to_the_page(sanad, tmp_path, lang, query, page, pages):
    path = article(tmp_path, lang, columns=2)
    out = sanad("add", str(path), "--title", "Test article", "--author", "Aqşin Məmmədzadə", "--year", "2022",
                "--container", "Tarix və onun problemləri", "--index")
    assert out.exit_code == 0, out.output
    assert out.output.startswith(f"Added 'article' from article.pdf: PDF, 3 pages (216–218, from the PDF's page "
                                 f"labels); 4 passages (4 {lang}).\n")
    assert "  pages: 216–218  [the PDF's page labels]\n" in out.output
    assert "Indexed 4 documents" in out.output
    [hit] = search(sanad, query, "article")
    assert (hit["page"], hit["pages"], hit["ocr"]) == (page, pages, False)
    where = f"pp. {pages}" if pages else f"p. {page}"
    assert (hit["citation"], hit["pinpoint"]) == (f"[Məmmədzadə, 2022, {where}]", where)
    assert hit["reference"] == "Məmmədzadə A. Test article // Tarix və onun problemləri. 2022. P. 216–218."


def test_the_catalogue_keeps_its_comments_and_layout(sanad, tmp_path):
    catalog = sanad.corpus / "catalog.toml"
    before = catalog.read_bytes()
    out = sanad("add", str(article(tmp_path, "az")), "--id", "new-article")
    assert out.exit_code == 0 and out.output.endswith("Not searchable yet: run sanad index (or add with --index).\n")
    after = catalog.read_bytes()
    assert after.startswith(before.rstrip(b"\n") + b"\n\n[[document]]\nid = \"new-article\"\n")
    assert (sanad.corpus / "originals" / "new-article.pdf").read_bytes() == (tmp_path / "article.pdf").read_bytes()


def test_metadata_from_the_file_and_what_is_missing(sanad, tmp_path):
    path = article(tmp_path, "ru", labels=False, print_numbers=False,
                   info={"title": "Вопросы сотрудничества", "author": "Иванов, Пётр"})
    out = sanad("add", str(path), "--dry-run")
    assert out.exit_code == 0, out.output
    assert "  title: Вопросы сотрудничества  [the PDF's document information (Title)]\n" in out.output
    assert "  authors: Пётр Иванов  [the PDF's document information (Author)]\n" in out.output
    assert "  language: ru  [detected from the text]\n" in out.output
    assert ("  missing: year; printed page numbers (give --first-page N: the number printed on the first page) "
            "— complete the entry in catalog.toml\n") in out.output
    assert "year =" not in out.output and "pages =" not in out.output


def test_options_win_and_first_page_numbers_the_pages(sanad, tmp_path):
    path = article(tmp_path, "en", labels=False, print_numbers=False, info={"title": "From the file"})
    out = sanad("add", str(path), "--title", "From the user", "--first-page", "40", "--index")
    assert out.exit_code == 0, out.output
    assert "  title: From the user  [--title]\n" in out.output
    assert "3 pages (40–42, from the catalogue's first_page)" in out.output
    [hit] = search(sanad, "reconstruction programmes", "article")
    assert hit["pages"] == "40–41"


def test_dry_run_changes_nothing(sanad, tmp_path):
    before = snapshot(sanad.corpus)
    out = sanad("add", str(article(tmp_path, "az")), "--dry-run")
    assert out.exit_code == 0
    assert '\n[[document]]\nid = "article"\nfile = "originals/article.pdf"\nlanguage = "az"\n' in out.output
    assert "  ¶ 2 [az] p. 216: Xocalı soyqırımı ilə bağlı" in out.output
    assert out.output.endswith("Nothing was changed (--dry-run).\n")
    assert snapshot(sanad.corpus) == before


def test_docx_and_html_are_added_searched_and_cited(sanad, tmp_path):
    make_docx(tmp_path / "report.docx", "Сотрудничество с ОИС", RU[:3], footnote="Архив МИД, 2021.",
              core={"author": "Пётр Иванов", "title": "Сотрудничество с ОИС"})
    make_html(tmp_path / "news.html", "Azerbaijan at the OIC", EN[:3], lang="en",
              meta={"citation_title": ["Azerbaijan at the OIC"], "citation_author": ["Smith, John"],
                    "citation_publication_date": ["2020-05-01"]})
    out = sanad("add", str(tmp_path / "report.docx"), str(tmp_path / "news.html"), "--index")
    assert out.exit_code == 0, out.output
    assert "Added 'report' from report.docx: DOCX; 5 passages (5 ru)." in out.output
    assert "Added 'news' from news.html: HTML; 4 passages (4 en)." in out.output
    [hit] = search(sanad, "Ходжалинской трагедии", "report")
    assert hit["page"] is None and hit["citation"] == "[Иванов, n.d., para. 3]"
    [hit] = search(sanad, "Casablanca", "news")
    assert hit["citation"] == "[Smith, 2020, para. 2]"
    assert search(sanad, "Celebrity", "news") == []
    [note] = search(sanad, "Архив", "report")
    assert note["text"] == "Архив МИД, 2021."


@pytest.mark.slow
def test_scanned_pdf_is_added_by_ocr_and_cited_to_the_page(sanad, tmp_path, tesseract):
    scanned = tmp_path / "scan.pdf"
    make_scanned_pdf(scanned, article(tmp_path, "az", labels=False), dpi=200)
    out = sanad("add", str(scanned), "--lang", "az", "--index")
    assert out.exit_code == 0, out.output
    assert "3 pages (216–218, from page numbers printed on the pages, 3 read by OCR)" in out.output
    [hit] = search(sanad, "Şuşa", "scan")
    assert (hit["page"], hit["pages"], hit["ocr"]) == ("216", "216–217", True)


def refused(sanad, args: list[str], message: str, env: dict[str, str] | None = None) -> None:
    """*args* fail with exactly *message*; the corpus and the live index are unchanged."""
    build(sanad.corpus, sanad.idx)
    before = snapshot(sanad.corpus, sanad.idx)
    out = sanad("add", *args, env=env)
    assert out.exit_code == 2
    assert out.output == f"Error: {message}\nNothing was added.\n"
    assert snapshot(sanad.corpus, sanad.idx) == before


def test_encrypted_pdf_refused(sanad, tmp_path):
    from fpdf import FPDF

    p = FPDF()
    p.set_encryption(owner_password="o", user_password="u")
    p.add_page()
    p.output(str(tmp_path / "locked.pdf"))
    refused(sanad, [str(tmp_path / "locked.pdf"), "--index"],
            f"{tmp_path / 'locked.pdf'}: is an encrypted PDF that needs a password; save an unencrypted copy "
            "(for example print it to PDF) and add that")


def test_corrupt_pdf_refused(sanad, tmp_path):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 9 0 R>> endobj\ntrailer\n%%EOF")
    build(sanad.corpus, sanad.idx)
    before = snapshot(sanad.corpus, sanad.idx)
    out = sanad("add", str(tmp_path / "bad.pdf"))
    assert out.exit_code == 2 and out.output.startswith(f"Error: {tmp_path / 'bad.pdf'}: is a damaged PDF (")
    assert out.output.endswith("); save or export it again\nNothing was added.\n")
    assert snapshot(sanad.corpus, sanad.idx) == before


def test_pdf_without_text_and_without_tesseract_refused(sanad, tmp_path):
    scanned = tmp_path / "scan.pdf"
    make_scanned_pdf(scanned, article(tmp_path, "az"), dpi=50)
    refused(sanad, [str(scanned)],
            f"{scanned}: has pages with no text layer and needs OCR, but Tesseract (/nonexistent/tesseract) is not "
            "installed; install Tesseract with its language data (Debian: apt-get install tesseract-ocr "
            "tesseract-ocr-aze tesseract-ocr-rus tesseract-ocr-eng) and add it again",
            env={"SANAD_TESSERACT": "/nonexistent/tesseract"})


def test_file_over_the_size_limit_refused(sanad, tmp_path):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as f:
        f.truncate(100 * 1024 * 1024 + 1)          # sparse: costs no disk
    refused(sanad, [str(big)], f"{big}: is 104,857,601 bytes, over the limit of 104,857,600; split it, or raise "
                               "the limit (SANAD_MAX_DOCUMENT_BYTES, sanad add --max-bytes)")


def test_unsupported_type_judged_by_content(sanad, tmp_path):
    fake = tmp_path / "photo.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    refused(sanad, [str(fake)], f"{fake}: is not a supported type (judged by its content: not PDF, DOCX, HTML or "
                                "UTF-8 text); convert it to one of those and add it again")


def test_duplicate_content_refused(sanad, tmp_path):
    copy = tmp_path / "same.txt"
    copy.write_bytes((sanad.corpus / "texts" / "relations.en.txt").read_bytes())
    refused(sanad, [str(copy)], f"{copy}: has the same content as document 'test-en', already in the "
                                "catalogue; nothing to add")


def test_taken_id_refused(sanad, tmp_path):
    path = article(tmp_path, "en")
    refused(sanad, [str(path), "--id", "test-en"],
            f"{path}: the id 'test-en' is taken by another document in the catalogue; choose another with --id")


def test_a_bad_file_among_several_adds_none(sanad, tmp_path):
    good = article(tmp_path, "en")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(bytes(100))
    refused(sanad, [str(good), str(bad)], f"{bad}: is not a supported type (judged by its content: not PDF, DOCX, "
                                          "HTML or UTF-8 text); convert it to one of those and add it again")


def test_a_word_file_that_unpacks_too_far_is_refused(sanad, tmp_path, monkeypatch):
    import zipfile

    from index.ingest import docx

    monkeypatch.setattr(docx, "MAX_UNPACKED", 1024 * 1024)     # the real limit is 512 MiB
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    assert bomb.stat().st_size < 10_000
    refused(sanad, [str(bomb)], f"{bomb}: unpacks to 2,097,160 bytes, more than a Word document should "
                                "(1,048,576); save it again, or as PDF")


def test_fifo_given_to_add_is_refused(sanad, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    refused(sanad, [str(fifo)], f"{fifo}: the file to add is a FIFO (named pipe), not a file; corpus files must be "
                                "regular files inside the corpus folder; put the file itself there")


def test_an_add_waits_for_another_to_finish(corpus_copy, tmp_path):
    import threading

    from index.catalog import load_catalog
    from index.ingest.add import _add_lock, add

    path = article(tmp_path, "en")
    with _add_lock(corpus_copy):                       # another add (another process, say) holds it
        t = threading.Thread(target=add, args=(corpus_copy, [path]))
        t.start()
        t.join(1.0)
        assert t.is_alive() and "article" not in {d.id for d in load_catalog(corpus_copy)}
    t.join(30)
    assert "article" in {d.id for d in load_catalog(corpus_copy)}
