"""Documents over the web: originals served only when catalogued, page breaks in the reader,
and POST /api/admin/documents doing what ``sanad add`` does, then the rebuild (in-process and
over real HTTP). A refused upload changes neither the corpus nor the live index."""

from __future__ import annotations

import io
import json
import os
import urllib.request
from pathlib import Path

import pytest

from index import build
from tests.docmaker import EN, HEADERS, Layout, article_pages, make_html, make_pdf
from tests.ingest.helpers import snapshot
from web import create_app

from error_shape import error_of

TOKEN = "test-admin-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
URL = "/api/admin/documents"


def pdf_bytes(tmp_path: Path, lang: str = "az", **layout) -> bytes:
    path = tmp_path / f"made-{lang}.pdf"
    make_pdf(path, article_pages(lang), Layout(header=HEADERS[lang], **layout))
    return path.read_bytes()


@pytest.fixture
def site(corpus_copy, tmp_path):
    """An app with the admin token on a copy of the fixture corpus and its built index."""
    root = tmp_path / "idx"
    build(corpus_copy, root)
    app = create_app({"TESTING": True, "INDEX_DIR": str(root), "CORPUS_DIR": str(corpus_copy),
                      "ADMIN_TOKEN": TOKEN})
    app.corpus, app.root = corpus_copy, root  # type: ignore[attr-defined]
    return app


def upload(client, name: str, data: bytes, **fields):
    form = {"file": (io.BytesIO(data), name), **fields}
    return client.post(URL, data=form, headers=AUTH, content_type="multipart/form-data")


def finish(app) -> dict:
    assert app.extensions["sanad_admin"].wait(timeout=60)
    return app.test_client().get("/api/admin/reindex", headers=AUTH).get_json()


def test_upload_adds_rebuilds_and_the_page_is_cited(site, tmp_path):
    c = site.test_client()
    r = upload(c, "Məqalə.pdf", pdf_bytes(tmp_path), title="Sınaq", year="2022", author="Aqşin Məmmədzadə")
    assert r.status_code == 202, r.get_json()
    [doc] = r.get_json()["documents"]
    assert (doc["id"], doc["file"], doc["pages"], doc["page_labels"]) == ("meqale", "originals/meqale.pdf", 3,
                                                                           "216–218")
    assert doc["found"]["title"] == {"value": "Sınaq", "source": "--title"}
    assert finish(site)["last"]["ok"]
    [hit] = c.get("/api/search?q=Şuşa&doc=meqale").get_json()["results"]
    assert (hit["page"], hit["pages"]) == ("216", "216–217")
    assert hit["citation"] == "[Məmmədzadə, 2022, pp. 216–217]"
    files = c.get("/files/meqale")
    assert files.status_code == 200 and files.mimetype == "application/pdf"
    assert files.data == (site.corpus / "originals" / "meqale.pdf").read_bytes()


def test_reader_marks_page_breaks_and_links_to_the_pdf_page(site, tmp_path):
    c = site.test_client()
    assert upload(c, "a.pdf", pdf_bytes(tmp_path, "en")).status_code == 202
    finish(site)
    page = c.get("/doc/a").get_data(as_text=True)
    for n, label in enumerate(("216", "217", "218"), 1):
        assert f'<p class="page-break" id="page-{label}"><a href="/files/a#page={n}">p. {label}</a></p>' in page
    assert page.index('id="page-217"') > page.index('id="p2"')     # page 217 begins inside passage 2
    assert '<span class="ppages">pp. 216–217</span>' in page
    assert '<a href="/files/a">Original file</a>' in page
    results = c.get("/?q=reconstruction").get_data(as_text=True)
    assert '<span class="page">pp. 216–217</span>' in results


def test_only_catalogued_originals_are_served(site):
    c = site.test_client()
    assert c.get("/files/test-en").mimetype == "text/plain"
    for bad in ("/files/nothing", "/files/..%2Fcatalog.toml", "/files/%2E%2E", "/files/catalog.toml"):
        r = c.get(bad)
        assert r.status_code == 404 and b"[[document]]" not in r.data, bad
    (site.corpus / "texts" / "relations.en.txt").unlink()
    (site.corpus / "texts" / "relations.en.txt").symlink_to("/etc/passwd")
    r = c.get("/files/test-en")
    assert r.status_code == 404 and b"root:" not in r.data
    assert "The original of &#39;test-en&#39; cannot be served; the site&#39;s operator can check it with: sanad " \
           "index" in r.get_data(as_text=True)


def test_a_saved_web_page_is_served_sandboxed(site, tmp_path):
    make_html(tmp_path / "n.html", "Azerbaijan at the OIC", EN[:3], lang="en", meta={})
    c = site.test_client()
    assert upload(c, "n.html", (tmp_path / "n.html").read_bytes()).status_code == 202
    finish(site)
    r = c.get("/files/n")
    assert r.mimetype == "text/html" and r.headers["Content-Security-Policy"].startswith("sandbox;")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("scan.pdf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40),
     "scan.pdf: is not a supported type (judged by its content: not PDF, DOCX, HTML or UTF-8 text); convert it to "
     "one of those and add it again Nothing was added."),
    ("same.txt", None, "same.txt: has the same content as document 'test-en', already in the catalogue; nothing to "
                       "add Nothing was added."),
    ("broken.pdf", b"%PDF-1.4\ntrailer\n%%EOF", None),
])
def test_bad_uploads_are_refused_and_change_nothing(site, name, data, message):
    if data is None:
        data = (site.corpus / "texts" / "relations.en.txt").read_bytes()
    before = snapshot(site.corpus, site.root)
    err = error_of(upload(site.test_client(), name, data), 400)
    assert err["code"] == "bad_document" and err["param"] == "file"
    if message:
        assert err["message"] == message
    else:
        assert err["message"].startswith("broken.pdf: is a damaged PDF (")
    assert snapshot(site.corpus, site.root) == before


def test_taken_id_and_bad_fields_are_refused(site, tmp_path):
    c = site.test_client()
    err = error_of(upload(c, "a.pdf", pdf_bytes(tmp_path), id="test-en"), 400)
    assert err["message"] == ("a.pdf: the id 'test-en' is taken by another document in the catalogue; choose "
                              "another with --id Nothing was added.")
    assert error_of(upload(c, "a.pdf", b"x", year="MMXX"), 400)["param"] == "year"
    assert error_of(upload(c, "a.pdf", b"x", lang="tr"), 400)["param"] == "lang"
    assert error_of(c.post(URL, data={}, headers=AUTH), 400)["param"] == "file"


def test_uploads_need_the_admin_token(site, tmp_path):
    before = snapshot(site.corpus)
    c = site.test_client()
    r = c.post(URL, data={"file": (io.BytesIO(pdf_bytes(tmp_path)), "a.pdf")}, content_type="multipart/form-data")
    assert error_of(r, 401)["code"] == "unauthorized"
    assert snapshot(site.corpus) == before


def test_upload_over_the_document_limit(corpus_copy, tmp_path):
    build(corpus_copy, tmp_path / "idx")
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "idx"), "CORPUS_DIR": str(corpus_copy),
                      "ADMIN_TOKEN": TOKEN, "MAX_DOCUMENT_BYTES": 2048})
    c = app.test_client()
    err = error_of(upload(c, "big.txt", b"a" * 4096), 400)
    assert err["message"] == ("big.txt: is 4,096 bytes, over the limit of 2,048; split it, or raise the limit "
                              "(SANAD_MAX_DOCUMENT_BYTES, sanad add --max-bytes) Nothing was added.")
    huge = c.post(URL, data=b"a" * (2048 + 1024 * 1024 + 10),
                  headers={**AUTH, "Content-Type": "multipart/form-data; boundary=x"})
    assert error_of(huge, 413)["code"]
    # Other endpoints keep the small request limit.
    assert c.post("/api/admin/reindex", data=b"x" * 70_000, headers=AUTH).status_code == 413


def test_upload_over_real_http(site, tmp_path, http_server):
    base = http_server(site)
    boundary = "sanadboundary"
    data = pdf_bytes(tmp_path, "ru")
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ru.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode() + data + (
            f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nСтатья\r\n"
            f"--{boundary}--\r\n").encode()
    req = urllib.request.Request(base + URL, data=body, method="POST", headers={
        **AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=60) as r:
        assert r.status == 202
        assert json.load(r)["documents"][0]["id"] == "ru"
    finish(site)
    with urllib.request.urlopen(base + "/api/search?q=" + urllib.parse.quote("совместное заявление") + "&doc=ru",
                                timeout=30) as r:
        [hit] = json.load(r)["results"]
    assert (hit["page"], hit["citation"]) == ("218", "[Статья, n.d., p. 218]")
    with urllib.request.urlopen(base + "/files/ru", timeout=30) as r:
        assert r.headers["Content-Type"] == "application/pdf" and r.read() == data


@pytest.mark.parametrize(("given", "saved"), [("Məqalə.pdf", "Məqalə.pdf"), ("../../etc/passwd", "passwd"),
                                              ("C:\\docs\\a.docx", "a.docx"), ("..", "document.upload"),
                                              ("a\nb.pdf", "a-b-pdf.upload")])
def test_uploaded_names_lose_their_folders(given, saved):
    from web.uploads import upload_name

    assert upload_name(given) == saved


def test_upload_page_needs_no_inline_script(client):
    page = client.get("/admin/upload")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<script src="/static/upload.js" defer></script>' in html
    assert "<script>" not in html and " on" + "submit=" not in html
    assert os.path.isfile(Path(__file__).resolve().parents[2] / "web" / "static" / "upload.js")
