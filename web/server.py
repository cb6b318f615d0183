"""Running the app: waitress, a production WSGI server, in one process or several
(``web/workers.py``); Flask's own server only for --debug."""

from __future__ import annotations

import errno
import logging
import re
import resource
import socket
import time
from urllib.parse import quote

import click
from flask import Flask
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer, MultiSocketServer, TcpWSGIServer, create_server
from waitress.task import ErrorTask
from werkzeug.http import HTTP_STATUS_CODES

from index.errors import SanadError

from . import errors
from . import workers as prefork
from .balance import Balance, BalancedServer


class Sparse(logging.Filter):
    """Lets one record through per *seconds*: waitress warns "Task queue depth is N" for
    every request that waits for a thread, which under load is every request."""

    def __init__(self, seconds: float = 60.0) -> None:
        super().__init__()
        self.seconds = seconds
        self._last = -seconds

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now - self._last < self.seconds:
            return False
        self._last = now
        return True


logging.getLogger("waitress.queue").addFilter(Sparse())


class CannotServe(SanadError):
    """The server cannot start here; the message says what to change."""


def _cannot_listen(host: str, port: int, e: OSError) -> CannotServe:
    taken = " (is another server using it?)" if e.errno == errno.EADDRINUSE else ""
    return CannotServe(f"Cannot listen on {host}:{port}: {e.strerror or e}{taken}; "
                       "choose another address with --host or --port.")


_RAW_BYTE_RE = re.compile(rb"[\x80-\xff]")
_ACCEPT_LANGUAGE_RE = re.compile(rb"\r\naccept-language:([ -~]{0,200})\r\n", re.I)
_KEPT_BYTES = 4096
# What waitress's own refusals tell the client: the fix, in the house error shape.
WAITRESS_ERRORS = {     # status: (error code, message key, English message)
    400: ("bad_request", "request_unreadable", "The request could not be read as HTTP/1.1 ({reason})."),
    413: ("request_entity_too_large", "body_too_large",
          "The request body is larger than {limit} bytes, the most this server reads."),
    431: ("request_header_fields_too_large", "headers_too_large",
          "The request's headers are larger than {limit} bytes; send fewer or shorter ones "
          "(clear this site's cookies, for example)."),
}


class HouseErrorTask(ErrorTask):
    """Waitress's own error answers (a bad request line, headers or body too large) rendered
    by the app: its error page or JSON, its security headers, in the client's language."""

    def execute(self) -> None:
        request, app = self.request, self.channel.server.flask_app
        status_code, adj = request.error.code, self.channel.server.adj
        code, key, text = WAITRESS_ERRORS.get(status_code, ("bad_request", "request_unreadable", "{reason}"))
        details = {"reason": str(request.error.body).rstrip("."),
                   "limit": adj.max_request_header_size if status_code == 431 else adj.max_request_body_size}
        refusal = errors.ClientError(status_code, code, text.format(**details), key=key, details=details)
        language = request.headers.get("ACCEPT_LANGUAGE") or _accept_language(request.first_bytes)
        try:
            response = errors.render_outside(app, refusal, _path_of(request), language)
            status = f"{response.status_code} {HTTP_STATUS_CODES[response.status_code]}"
            headers, body = response.headers.to_wsgi_list(), response.get_data()
        except Exception:           # never let the error answer fail: waitress's own then
            logging.getLogger("sanad").exception("Waitress's %s could not be rendered", request.error.code)
            status, headers, body = request.error.to_response(self.channel.server.adj.ident)
        self.status = status
        self.response_headers.extend((k, v) for k, v in headers if k.lower() != "content-length")
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


def _path_of(request: HTTPRequestParser) -> str:
    """The path of a request waitress refused, as far as it was read (it decides JSON or HTML)."""
    words = getattr(request, "first_bytes", b"").split(b"\r\n", 1)[0].split()
    path = words[1].split(b"?", 1)[0].split(b"#", 1)[0] if len(words) > 1 else b""
    return quote(path, safe="/-._~%") if path.startswith(b"/") else "/"


def _accept_language(head: bytes) -> str:
    """Accept-Language from a request's first bytes (waitress drops the headers it refuses)."""
    m = _ACCEPT_LANGUAGE_RE.search(head)
    return m.group(1).decode("latin-1").strip() if m else ""


class HouseParser(HTTPRequestParser):
    """Reads a request line with raw UTF-8 in it (``curl '…/?q=ə'``) as the percent-encoded
    line a browser sends, instead of waitress's "400 Bad URI"; keeps the request's first
    bytes, so a refusal (431: waitress then forgets the line) still knows the path."""

    first_bytes = b""

    def received(self, data: bytes) -> int:
        if len(self.first_bytes) < _KEPT_BYTES:
            self.first_bytes = (self.first_bytes + data[:_KEPT_BYTES]).lstrip()[:_KEPT_BYTES]
        return super().received(data)

    def parse_header(self, header_plus: bytes) -> None:
        end = header_plus.find(b"\r\n")
        line = header_plus[:end] if end >= 0 else header_plus
        if _RAW_BYTE_RE.search(line):
            header_plus = _RAW_BYTE_RE.sub(lambda m: b"%%%02X" % m[0][0], line) + header_plus[len(line):]
        super().parse_header(header_plus)


class HouseChannel(HTTPChannel):
    error_task_class = HouseErrorTask
    parser_class = HouseParser


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 4,
                sockets: list[socket.socket] | None = None,
                balance: tuple[Balance, int] | None = None) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server bound to *host*:*port* (0 picks a free port), or on already bound
    *sockets*, not yet running; with *balance* (the workers' table and this worker's
    number), it takes connections only while no other worker holds fewer (``balance.py``).

    Waitress itself refuses bodies far over MAX_CONTENT_LENGTH (its 413, answered in the
    house shape by ``HouseErrorTask``), so nobody can make it spool a gigabyte to disk; the
    app answers bodies just over it. Up to CONNECTION_LIMIT connections are held with
    ``poll`` (``select`` stops at 1,024 descriptors); reading a request never takes a thread,
    so slow clients only cost a descriptor each, and idle ones go after CHANNEL_TIMEOUT.
    """
    body_limit = max(1 << 20, 16 * int(app.config.get("MAX_CONTENT_LENGTH") or 0))
    limit, idle = int(app.config["CONNECTION_LIMIT"]), int(app.config["CHANNEL_TIMEOUT"])
    allow_descriptors(limit + 64)
    where = {"sockets": sockets} if sockets else {"host": host, "port": port}
    server = create_server(app, threads=threads, ident="Sanad", clear_untrusted_proxy_headers=True,
                           max_request_body_size=body_limit, connection_limit=limit, channel_timeout=idle,
                           cleanup_interval=max(1, min(30, idle // 2)), asyncore_use_poll=True,
                           backlog=min(4096, limit), **where)
    for one in server.map.values() if isinstance(server, MultiSocketServer) else [server]:
        if isinstance(one, BaseWSGIServer):
            one.channel_class, one.flask_app = HouseChannel, app
        if balance and isinstance(one, TcpWSGIServer):
            one.__class__ = BalancedServer      # made by create_server, which takes no server class
            one.join(*balance)
    return server


def allow_descriptors(wanted: int) -> int:
    """Raise this process's open-file limit towards *wanted* (up to the hard limit); the limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def url_of(host: str, port: int) -> str:
    """The address to print: a wildcard host is shown as loopback, IPv6 in brackets."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 4, debug: bool = False,
          workers: int = 1) -> int:
    """Serve *app* until interrupted, printing where; the exit status (see ``web/workers.py``).

    With *workers* above 1, that many processes serve *app*, each with *threads* threads.

    Example: serve(create_app(), port=8000, workers=2)
    """
    if debug:
        click.echo(f"Sanad (debug, Flask's development server) on {url_of(host, port)}", err=True)
        app.run(host=host, port=port, debug=True, use_reloader=False)
        return 0
    # Never the debugger or tracebacks in production, whatever SANAD_DEBUG or a config file says.
    app.debug = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    if workers > 1:
        return _serve_workers(app, host, port, threads, workers)
    try:
        server = make_server(app, host, port, threads)
    except OSError as e:
        raise _cannot_listen(host, port, e) from None
    where = url_of(host, getattr(server, "effective_port", port))
    click.echo(f"Sanad is serving on {where} "
               f"(waitress, {_threads(threads)}; Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def _threads(n: int) -> str:
    return "1 thread" if n == 1 else f"{n} threads"


def _serve_workers(app: Flask, host: str, port: int, threads: int, workers: int) -> int:
    if not prefork.can_fork():
        raise CannotServe("Several worker processes need fork(), which this system lacks; "
                          "serve with --workers 1.")
    try:
        sockets = prefork.bind(host, port)
    except OSError as e:
        raise _cannot_listen(host, port, e) from None
    where = url_of(host, sockets[0].getsockname()[1])
    click.echo(f"Sanad is serving on {where} "
               f"(waitress, {workers} workers × {_threads(threads)}; Ctrl+C to stop)")

    balance = Balance(workers)

    def serve_one(number: int) -> None:
        make_server(app, threads=threads, sockets=sockets, balance=(balance, number)).run()
    try:
        return prefork.run(serve_one, workers)
    finally:
        for sock in sockets:
            sock.close()


__all__ = ["CannotServe", "make_server", "serve", "url_of"]
