"""The admin upload page in a real Chromium: the token is asked for and kept only for the tab,
a PDF is uploaded, the rebuild's progress and result are shown, and the new document opens
in the reader with its page breaks linking to the PDF's pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import build
from tests.docmaker import HEADERS, Layout, article_pages, make_pdf

from live_server import serving

TOKEN = "browser-admin-token-0123456789"
MINI = Path(__file__).resolve().parents[1] / "data" / "mini_corpus"


@pytest.fixture
def admin_site(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI, corpus)
    build(corpus, tmp_path / "idx")
    with serving(tmp_path / "idx", CORPUS_DIR=str(corpus), ADMIN_TOKEN=TOKEN) as url:
        yield url


def test_upload_a_pdf_and_read_it_at_its_pages(page, admin_site, tmp_path, artifacts_dir):
    pdf = tmp_path / "Tarix-2022.pdf"
    make_pdf(pdf, article_pages("az"), Layout(header=HEADERS["az"]))
    page.goto(admin_site + "/admin/upload")
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_label("Files").set_input_files(str(pdf))
    page.get_by_label("Title").fill("Sınaq məqaləsi")
    page.get_by_label("Authors (one per line)").fill("Aqşin Məmmədzadə\nLeyla Əliyeva")
    page.get_by_role("button", name="Add and rebuild").click()
    page.locator(".upload-done").wait_for()
    status = page.locator("#upload-status").inner_text()
    assert "tarix-2022: PDF, 3 pages (216–218); 4 passages (4 az)" in status
    assert "Searchable now. Indexed 4 documents" in status
    page.screenshot(path=str(artifacts_dir / "web-upload.png"), full_page=True)
    assert page.evaluate("sessionStorage.getItem('sanad-admin-token')") == TOKEN
    assert page.evaluate("localStorage.length") == 0 and "token" not in page.evaluate("document.cookie")

    page.get_by_role("link", name="Open tarix-2022").click()
    page.wait_for_url("**/doc/tarix-2022")
    breaks = page.locator(".page-break a")
    assert breaks.all_inner_texts() == ["p. 216", "p. 217", "p. 218"]
    assert breaks.nth(1).get_attribute("href") == "/files/tarix-2022#page=2"
    assert page.locator("#p2 .ppages").inner_text() == "pp. 216–217"
    page.screenshot(path=str(artifacts_dir / "web-reader-pages.png"), full_page=True)
    page.goto(admin_site + "/doc/tarix-2022?cite=2#p2")
    assert page.locator("#c2").input_value().startswith("[Məmmədzadə, Əliyeva, n.d., pp. 216–217]")

    other = page.context.browser.new_context().new_page()
    other.goto(admin_site + "/admin/upload")
    assert other.get_by_label("Admin token").input_value() == ""
    other.context.close()


def test_a_refused_upload_says_why(page, admin_site, tmp_path):
    fake = tmp_path / "photo.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    page.goto(admin_site + "/admin/upload")
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_label("Files").set_input_files(str(fake))
    page.get_by_role("button", name="Add and rebuild").click()
    error = page.locator(".upload-error")
    error.wait_for()
    assert error.inner_text() == ("Not added: photo.pdf: is not a supported type (judged by its content: not PDF, "
                                  "DOCX, HTML or UTF-8 text); convert it to one of those and add it again Nothing was "
                                  "added.")
