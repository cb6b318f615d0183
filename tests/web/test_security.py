"""What a hostile client cannot do: read files outside the index, send huge bodies, get past
the security headers, or see a stack trace."""

from __future__ import annotations

import http.client
import re
import sys
from pathlib import Path

import pytest

import web
from index import build
from web import create_app, server

from error_shape import error_of

WEB_DIR = Path(web.__file__).resolve().parent
SECRET = "TOP-SECRET-CONTENTS"




# -- the filesystem ---------------------------------------------------------------------------------
class FileAudit:
    """Every file or directory the process opens while ``recording`` (a ``sys`` audit hook)."""

    EVENTS = ("open", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.rmdir", "shutil.rmtree")

    def __init__(self) -> None:
        self.recording = False
        self.seen: list[tuple[str, str]] = []

    def __call__(self, event: str, args: tuple) -> None:
        if self.recording and event in self.EVENTS and args and isinstance(args[0], (str, bytes, Path)):
            self.seen.append((event, str(args[0] if not isinstance(args[0], bytes) else args[0].decode())))


_AUDIT: list[FileAudit] = []


def file_audit() -> FileAudit:
    """The process's one audit hook (a hook can never be removed, so it is installed once)."""
    if not _AUDIT:
        _AUDIT.append(FileAudit())
        sys.addaudithook(_AUDIT[0])
    return _AUDIT[0]


TRAVERSALS = [
    "/doc/..%2f..%2fsecret.txt", "/doc/%2e%2e%2f%2e%2e%2fsecret.txt", "/doc/%252e%252e%252fsecret.txt",
    "/doc/..", "/doc/%2Fetc%2Fpasswd", "/doc/..%5c..%5csecret.txt", "/doc/C:%5Csecret.txt",
    "/p/..%2f..%2fsecret.txt:1", "/p/%2e%2e%2fsecret@000000000000", "/p/%2Fetc%2Fpasswd:1",
    "/api/docs/..%2F..%2Fsecret.txt", "/api/docs/%252e%252e%252fsecret.txt", "/api/docs/%2Fetc%2Fpasswd",
    "/api/passages/%2e%2e%2fsecret:1", "/api/passages/..%2F..%2Fsecret.txt",
    "/static/..%2f..%2f..%2fsecret.txt", "/static/../../../secret.txt", "/static/%2e%2e/%2e%2e/secret.txt",
    "/static/%252e%252e%252fsecret.txt", "/static/..%5c..%5csecret.txt", "/static//etc/passwd",
    "/api/search?q=summit&doc=../../secret.txt", "/?q=summit&doc=..%2f..%2fsecret.txt",
    "/doc/test-en?q=..%2f..%2fsecret.txt", "/ui/..%2f..%2fsecret.txt",
]


@pytest.fixture(scope="module")
def fenced(tmp_path_factory):
    """A client on an index with a secret file right beside the index root."""
    base = tmp_path_factory.mktemp("fenced")
    build(Path(__file__).resolve().parents[1] / "data" / "mini_corpus", base / "idx")
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    client = create_app({"TESTING": True, "INDEX_DIR": str(base / "idx")}).test_client()
    for warm in ("/", "/?q=summit", "/doc/test-en", "/static/sanad.css", "/api/docs/nope", "/nope"):
        client.get(warm).close()      # imports and MIME tables load now, not while recording
    return client, base / "idx"


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_is_404_and_opens_nothing_outside_the_index(fenced, path):
    client, root = fenced
    audit = file_audit()
    audit.seen.clear()
    audit.recording = True
    try:
        r = client.get(path)
        body = r.get_data(as_text=True)
        r.close()
    finally:
        audit.recording = False
    assert SECRET not in body and "root:" not in body
    if "?" in path and "doc=" in path:
        assert r.status_code == 400                       # an unknown document filter
    elif path.startswith("/doc/test-en?"):
        assert r.status_code == 200                       # the query is only text to search for
    else:
        assert r.status_code == 404
    allowed = (root.resolve(), WEB_DIR)
    outside = [(e, p) for e, p in audit.seen if not any(Path(p).resolve().is_relative_to(a) for a in allowed)]
    assert outside == [], path
    assert not any("secret" in p for _, p in audit.seen)


def test_the_audit_sees_what_a_request_opens(fenced):
    _, root = fenced
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()   # nothing opened yet
    audit = file_audit()
    audit.seen.clear()
    audit.recording = True
    try:
        client.get("/doc/test-en").close()
    finally:
        audit.recording = False
    assert any(Path(p).resolve().is_relative_to(root.resolve()) for _, p in audit.seen)


# -- headers on every response -------------------------------------------------------------------------
REQUESTS = [
    ("GET", "/"), ("GET", "/?q=summit"), ("GET", "/?q=-summit"), ("GET", "/doc/test-en"), ("GET", "/doc/nope"),
    ("GET", "/p/test-en:1"), ("GET", "/ui/ru?next=/"), ("GET", "/opensearch.xml"), ("GET", "/static/sanad.css"),
    ("GET", "/static/sanad.js"), ("GET", "/static/nope.css"), ("GET", "/nothing-here"),
    ("GET", "/api/search?q=summit"), ("GET", "/api/search"), ("GET", "/api/nothing"), ("POST", "/api/search"),
    ("GET", "/api/openapi.json"), ("GET", "/api/health"), ("GET", "/api/admin/reindex"),
    ("POST", "/api/admin/reindex"), ("HEAD", "/"), ("OPTIONS", "/api/search"), ("GET", "/boom"),
    ("GET", "/api/boom"),
]


@pytest.fixture
def booby_app(mini_index):
    app = create_app({"INDEX_DIR": str(mini_index)})

    def boom():
        raise RuntimeError("internal detail that must not leak")
    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/boom", "api_boom", boom)
    return app


@pytest.mark.parametrize("method, path", REQUESTS)
def test_security_headers_on_every_response(booby_app, method, path):
    with booby_app.test_client().open(path, method=method) as r:
        headers = r.headers
    csp = headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'self'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_an_unexpected_error_shows_no_stack_trace(booby_app):
    client = booby_app.test_client()
    err = error_of(client.get("/api/boom"), 500)
    assert err["code"] == "internal" and "internal detail" not in err["message"]
    page = client.get("/boom")
    assert page.status_code == 500
    text = page.get_data(as_text=True)
    assert "internal detail" not in text and "Traceback" not in text and "RuntimeError" not in text


def test_templates_have_no_inline_script_or_event_handlers():
    for template in (WEB_DIR / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for attrs, content in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            assert "src=" in attrs and not content.strip(), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name


def test_serve_never_runs_the_debugger(mini_index, monkeypatch):
    monkeypatch.setenv("SANAD_DEBUG", "true")       # a stray environment variable
    app = create_app({"INDEX_DIR": str(mini_index)})
    assert app.debug is True

    class Fake:
        effective_port = 1

        def run(self):
            pass

        def close(self):
            pass
    monkeypatch.setattr(server, "make_server", lambda *a, **k: Fake())
    server.serve(app, port=0)
    assert app.debug is False and app.config["PROPAGATE_EXCEPTIONS"] is False


# -- request bodies --------------------------------------------------------------------------------------
BIG = b"x" * 70_000


@pytest.mark.parametrize("method, path", [("POST", "/api/admin/reindex"), ("POST", "/api/search"),
                                          ("GET", "/api/search?q=summit"), ("PUT", "/api/docs")])
def test_a_big_body_is_413_in_the_error_shape(client, method, path):
    err = error_of(client.open(path, method=method, data=BIG), 413)
    assert err["code"] == "request_entity_too_large" and "limit is 65536" in err["message"]


def test_a_big_body_to_a_page_is_a_413_page(client):
    r = client.post("/", data=BIG)
    assert r.status_code == 413 and r.mimetype == "text/html"


def test_the_limit_is_a_setting(mini_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(mini_index), "MAX_CONTENT_LENGTH": 200_000}).test_client()
    assert client.post("/api/search", data=BIG).status_code == 405       # under the limit: on to routing


@pytest.fixture
def running(app, http_server):
    return int(http_server(app, threads=2).rsplit(":", 1)[1])


def _post(port: int, body_chunks: list[bytes], chunked: bool) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.putrequest("POST", "/api/admin/reindex")
        if chunked:
            conn.putheader("Transfer-Encoding", "chunked")
        else:
            conn.putheader("Content-Length", str(sum(map(len, body_chunks))))
        conn.endheaders()
        try:
            for chunk in body_chunks:
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            if chunked:
                conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass                                         # the server answered before reading it all
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type", ""), r.read()
    finally:
        conn.close()


def test_over_real_http_chunked_and_declared_bodies_are_refused(running):
    status, ctype, body = _post(running, [b"y" * 10_000] * 8, chunked=True)
    assert status == 413 and ctype.startswith("application/json") and b"request_entity_too_large" in body
    status, ctype, body = _post(running, [BIG], chunked=False)
    assert status == 413 and ctype.startswith("application/json")
    status, _, _ = _post(running, [b"z" * (2 << 20)], chunked=False)     # waitress refuses it unread
    assert status == 413
