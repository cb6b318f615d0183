"""Proves the browser stack works: Playwright drives the system Chromium against
a page served on loopback, a click changes the DOM, and a screenshot is saved."""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

PAGE = b"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sanad browser smoke test</title></head>
<body>
  <h1 id="status">waiting</h1>
  <button id="go" type="button">Search</button>
  <ul id="results"></ul>
  <script>
    document.getElementById("go").addEventListener("click", function () {
      document.getElementById("status").textContent = "clicked";
      var li = document.createElement("li");
      li.textContent = "\\u0418\\u0441\\u043b\\u0430\\u043c\\u0441\\u043a\\u0438\\u0439 " +
        "\\u0441\\u043e\\u044e\\u0437 / \\u0130slam";
      document.getElementById("results").appendChild(li);
    });
  </script>
</body>
</html>
"""


class _Handler(BaseHTTPRequestHandler):
    requested: ClassVar[list[str]] = []

    def do_GET(self):
        type(self).requested.append(self.path)
        if self.path != "/":
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format, *args):  # keep test output quiet
        pass


@pytest.fixture
def tiny_site():
    """A one-page site on 127.0.0.1 with an ephemeral port, served from a thread."""
    class Handler(_Handler):
        requested: ClassVar[list[str]] = []     # this site's own, fresh for each test

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="tiny-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", Handler.requested
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_click_changes_dom_and_screenshot(page, tiny_site, artifacts_dir):
    url, requested = tiny_site

    response = page.goto(url)
    assert response is not None and response.ok
    assert "/" in requested, "the page did not come from our loopback server"
    assert page.title() == "Sanad browser smoke test"
    assert page.text_content("#status") == "waiting"
    assert page.locator("#results li").count() == 0

    page.click("#go")

    page.wait_for_function("() => document.getElementById('status').textContent === 'clicked'")
    assert page.locator("#results li").count() == 1
    assert page.text_content("#results li") == "Исламский союз / İslam"
    assert page.viewport_size == {"width": 1280, "height": 900}

    shot = artifacts_dir / "chromium-smoke.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
