"""What the HTTP server decides before the app runs, over real sockets on 127.0.0.1: requests
waitress refuses get the house error shape and headers; idle and slow clients, a thousand of
them, cannot lock a new client out."""

from __future__ import annotations

import json
import resource
import socket
import threading
import time

import pytest

from tests.servers import background_server
from web import SECURITY_HEADERS, create_app


def exchange(port: int, request: bytes, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """Send *request* on a new connection; (status, headers by lower-case name, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def get(path: bytes, *headers: bytes) -> bytes:
    return b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + b"".join(
        h + b"\r\n" for h in headers) + b"\r\n"


@pytest.fixture
def port(app):
    with background_server(app) as url:
        yield int(url.rsplit(":", 1)[1])


def test_a_raw_utf8_query_string_is_read_as_a_browser_would_send_it(port):
    status, _, raw = exchange(port, get("/api/search?q=Xocalı".encode()))
    encoded = exchange(port, get(b"/api/search?q=Xocal%C4%B1"))[2]
    assert status == 200
    assert json.loads(raw)["total"] == json.loads(encoded)["total"] > 0
    assert json.loads(raw)["query"] == "Xocalı"


@pytest.mark.parametrize("request_bytes, status, message", [
    (get(b"/api/search?q=x", b"X-Padding: " + b"a" * 262_200), 431,
     "The request's headers are larger than 262144 bytes; send fewer or shorter ones "
     "(clear this site's cookies, for example)."),
    (b"POST /api/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 99999999\r\n\r\n", 413,
     "The request body is larger than 1048576 bytes, the most this server reads."),
    (b"GET /api/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
     400, "The request could not be read as HTTP/1.1 (Invalid chunk size)."),
])
def test_waitress_refusals_take_the_house_shape_under_api(port, request_bytes, status, message):
    got, headers, body = exchange(port, request_bytes)
    assert got == status
    for name, value in SECURITY_HEADERS.items():
        assert headers[name.lower()] == value
    assert headers["content-type"] == "application/json"
    err = json.loads(body)["error"]
    assert json.loads(body) == {"error": {"status": status, "code": err["code"], "message": message, "param": None,
                                          "request_id": headers["x-request-id"]}}


def test_waitress_refusals_are_error_pages_in_the_readers_language(port):
    status, headers, body = exchange(port, get(b"/", b"Accept-Language: ru", b"X-Padding: " + b"a" * 262_200))
    assert status == 431 and headers["content-type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert '<html lang="ru">' in page and "Заголовки запроса больше 262144 байт" in page
    assert headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]


# -- a thousand idle or slow connections ---------------------------------------------------------
HELD = 1000


def test_a_new_client_is_answered_while_a_thousand_connections_are_held(mini_index):
    """Half the connections are idle keep-alives, half send a request a byte at a time; a new
    client must get its answer within a second all the while. Bounded: about ten seconds."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2 * HELD + 200:
        pytest.skip(f"the open-file hard limit ({hard}) is too low to hold {HELD} connections on both ends")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(2 * HELD + 500, hard)), hard))
    app = create_app({"TESTING": True, "INDEX_DIR": str(mini_index)})
    held: list[socket.socket] = []
    stop = threading.Event()
    try:
        with background_server(app, threads=2) as url:
            port = int(url.rsplit(":", 1)[1])
            # Open the index first: its one-off cost on a loaded machine is not what is measured.
            assert exchange(port, get(b"/api/search?q=summit"), timeout=30)[0] == 200
            for i in range(HELD):
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                if i % 2:                                   # a keep-alive client that went quiet
                    s.sendall(get(b"/api/health").replace(b"Connection: close\r\n", b""))
                held.append(s)
            slow = held[::2]
            for s in held[1::2]:                            # idle means answered, then quiet
                assert s.recv(65536).startswith(b"HTTP/1.1 200")

            def trickle() -> None:                          # one byte a second on each slow one
                request = get(b"/api/health")
                sent = 0
                while not stop.is_set() and sent < len(request) - 4:
                    for s in slow:
                        s.send(request[sent:sent + 1])
                    sent += 1
                    stop.wait(1.0)
            feeder = threading.Thread(target=trickle, daemon=True)
            feeder.start()
            waits = []
            deadline = time.monotonic() + 6
            while time.monotonic() < deadline:
                t0 = time.monotonic()
                status, _, body = exchange(port, get(b"/api/search?q=summit"), timeout=5)
                waits.append(time.monotonic() - t0)
                assert status == 200 and json.loads(body)["total"] > 0
                time.sleep(0.3)
            stop.set()
            feeder.join(timeout=5)
            # every held connection is still open: the server did not shed them to answer
            assert sum(1 for s in held if s.fileno() >= 0) == HELD
            assert len(waits) >= 10 and max(waits) < 1.0, waits
    finally:
        stop.set()
        for s in held:
            s.close()
