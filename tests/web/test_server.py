"""Serving: waitress for real (one HTTP smoke test), the printed URL, never Flask's dev server."""

from __future__ import annotations

import json
import logging
import urllib.request

import pytest

from web import server
from web.server import Sparse


@pytest.fixture
def running(app, http_server):
    return http_server(app, threads=2)


def test_real_http_smoke(running):
    with urllib.request.urlopen(running + "/api/health", timeout=10) as r:
        assert r.status == 200 and json.load(r)["status"] == "ok"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    with urllib.request.urlopen(running + "/?q=summit", timeout=10) as r:
        assert r.status == 200 and "<mark>summit</mark>" in r.read().decode()


@pytest.mark.parametrize("host, port, url", [
    ("127.0.0.1", 8000, "http://127.0.0.1:8000/"), ("0.0.0.0", 80, "http://127.0.0.1:80/"),
    ("::", 8000, "http://[::1]:8000/"), ("::1", 8000, "http://[::1]:8000/"), ("example.org", 9, "http://example.org:9/"),
])
def test_url_of(host, port, url):
    assert server.url_of(host, port) == url


class FakeServer:
    effective_port = 8123

    def __init__(self):
        self.ran = self.closed = False

    def run(self):
        self.ran = True

    def close(self):
        self.closed = True


def test_serve_uses_waitress_and_prints_the_url(app, monkeypatch, capsys):
    fake = FakeServer()
    monkeypatch.setattr(server, "make_server", lambda *a, **k: fake)
    monkeypatch.setattr(app, "run", lambda *a, **k: pytest.fail("Flask's development server was used"))
    server.serve(app, host="127.0.0.1", port=0, threads=3, debug=False)
    assert fake.ran and fake.closed
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


def test_debug_uses_flask(app, monkeypatch):
    called = {}
    monkeypatch.setattr(app, "run", lambda **k: called.update(k))
    monkeypatch.setattr(server, "make_server", lambda *a, **k: pytest.fail("waitress was used with debug"))
    server.serve(app, host="127.0.0.1", port=5001, debug=True)
    assert called["debug"] is True and called["port"] == 5001


def test_waitress_queue_warnings_are_sparse(caplog):
    """Under load waitress warns for every queued request; one line a minute is kept."""
    log = logging.getLogger("waitress.queue")
    for f in log.filters:
        if isinstance(f, Sparse):
            f._last = -f.seconds                       # as if nothing was logged yet
    with caplog.at_level(logging.WARNING, logger="waitress.queue"):
        for n in range(50):
            log.warning("Task queue depth is %d", n)
    assert [r.getMessage() for r in caplog.records if r.name == "waitress.queue"] == ["Task queue depth is 0"]
