"""Running the app: waitress, a production WSGI server, in one process or several
(``web/workers.py``); Flask's own server only for --debug."""

from __future__ import annotations

import errno
import logging
import socket
import time

import click
from flask import Flask
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from index.errors import SanadError

from . import workers as prefork


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


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 4,
                sockets: list[socket.socket] | None = None) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server bound to *host*:*port* (0 picks a free port), or on already bound
    *sockets*, not yet running.

    Waitress itself refuses bodies far over MAX_CONTENT_LENGTH (its plain 413), so nobody
    can make it spool a gigabyte to disk; the app answers bodies just over it with JSON.
    """
    body_limit = max(1 << 20, 16 * int(app.config.get("MAX_CONTENT_LENGTH") or 0))
    where = {"sockets": sockets} if sockets else {"host": host, "port": port}
    return create_server(app, threads=threads, ident="Sanad", clear_untrusted_proxy_headers=True,
                         max_request_body_size=body_limit, **where)


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
               f"(waitress, {threads} threads; Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


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
               f"(waitress, {workers} workers × {threads} threads; Ctrl+C to stop)")

    def serve_one() -> None:
        make_server(app, threads=threads, sockets=sockets).run()
    try:
        return prefork.run(serve_one, workers)
    finally:
        for sock in sockets:
            sock.close()


__all__ = ["CannotServe", "serve", "make_server", "url_of"]
