"""Only damage is damage: a programming error while answering is a 500 in the error shape,
logged with its traceback and the request id the client was given, never "rebuild the index"."""

from __future__ import annotations

import logging
import re

import pytest

import search.rendering

from error_shape import error_of


@pytest.fixture
def broken_formatting(monkeypatch):
    """Result formatting raises a KeyError, as a bug in it would (the highlight: it is written
    for every result, where a passage's record may be remembered from an earlier search)."""
    def highlight_html(*args, **kwargs):
        raise KeyError("no_such_field")
    monkeypatch.setattr(search.rendering, "html", highlight_html)


def test_a_key_error_in_result_formatting_is_a_500_with_its_traceback(client, broken_formatting, caplog):
    caplog.set_level(logging.ERROR)
    r = client.get("/api/search?q=summit")
    err = error_of(r, 500)
    assert err["code"] == "internal" and "rebuild" not in err["message"] and "sanad index" not in err["message"]
    rid = err["request_id"]
    assert re.fullmatch(r"[0-9a-f]{16}", rid)
    [record] = [rec for rec in caplog.records if rid in rec.getMessage()]
    assert record.getMessage() == f"Unhandled error on GET /api/search [request {rid}]"
    assert record.exc_info is not None and record.exc_info[0] is KeyError
    assert "KeyError: 'no_such_field'" in caplog.text and "Traceback" in caplog.text
    assert "highlight_html" in caplog.text                      # the frame that raised, in the log
    assert "Traceback" not in r.get_data(as_text=True)
    assert client.get("/api/health").get_json()["status"] == "ok"       # the index is fine


def test_the_500_page_shows_the_request_id(client, broken_formatting, caplog):
    r = client.get("/?q=summit", headers={"X-Request-Id": "client-chosen-id-42"})
    assert r.status_code == 500 and r.headers["X-Request-Id"] == "client-chosen-id-42"
    assert "<code>client-chosen-id-42</code>" in r.get_data(as_text=True)
    assert "[request client-chosen-id-42]" in caplog.text


def test_every_response_has_a_request_id(client):
    ok = client.get("/api/health")
    assert re.fullmatch(r"[0-9a-f]{16}", ok.headers["X-Request-Id"])
    assert client.get("/api/health", headers={"X-Request-Id": "bad id with spaces"}).headers["X-Request-Id"] != \
        "bad id with spaces"
