"""Text responses go out gzipped to clients that accept it, and only to them."""

from __future__ import annotations

import gzip
import re

import pytest

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def untimed(body: bytes) -> bytes:
    """*body* without the search time, which differs between two runs."""
    return re.sub(rb'[\d.]+ ms|"took_ms":[\d.]+', b"", body)


@pytest.mark.parametrize("path, mimetype", [
    ("/?q=Xocalı", "text/html"),
    ("/doc/test-article", "text/html"),
    ("/api/search?q=summit", "application/json"),
    ("/static/sanad.css", "text/css"),
    ("/static/sanad.js", "text/javascript"),
    ("/no-such-page", "text/html"),
])
def test_text_is_gzipped_when_accepted(client, path, mimetype):
    with client.get(path) as plain, client.get(path, headers=GZIP) as packed:
        check_gzipped(plain, packed, mimetype)


def check_gzipped(plain, packed, mimetype: str) -> None:
    assert packed.status_code == plain.status_code
    assert packed.mimetype == mimetype
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert "Content-Encoding" not in plain.headers
    body = gzip.decompress(packed.get_data())
    assert untimed(body) == untimed(plain.get_data())
    assert int(packed.headers["Content-Length"]) == len(packed.get_data()) < len(body) / 2
    assert packed.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_no_gzip_when_refused_or_tiny(client):
    assert "Content-Encoding" not in client.get("/", headers={"Accept-Encoding": "gzip;q=0, br"}).headers
    assert "Content-Encoding" not in client.get("/", headers={"Accept-Encoding": "identity"}).headers
    tiny = client.get("/api/health", headers=GZIP)
    assert len(tiny.get_data()) < 512 and "Content-Encoding" not in tiny.headers


def test_a_compressed_static_file_still_revalidates(client):
    with client.get("/static/sanad.css", headers=GZIP) as first:
        assert first.headers["ETag"].startswith('W/"') and "Accept-Ranges" not in first.headers
    with client.get("/static/sanad.css", headers={**GZIP, "If-None-Match": first.headers["ETag"]}) as again:
        assert again.status_code == 304


def test_the_reader_holds_one_copy_of_the_document_citation(real_client, real):
    """The reader once held a hidden copy of the citation for every passage (39 on one page)."""
    doc = real.documents()[0]
    text = real_client.get(f"/doc/{doc['id']}").get_data(as_text=True)
    assert text.count(doc["citation"].split(".")[0]) <= 3          # the heading, the citation, BibTeX
    assert "<textarea" not in text


@pytest.mark.parametrize("accept", ["*", "GZIP", "br;q=1, gzip;q=0.5"])
def test_gzip_when_accepted_by_any_spelling(client, accept):
    r = client.get("/?q=Xocalı", headers={"Accept-Encoding": accept})
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.headers["Vary"] == "Accept-Encoding, Accept-Language, Cookie"
