"""Running the app: waitress, a production WSGI server; Flask's own server only for --debug."""

from __future__ import annotations

import click
from flask import Flask
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000,
                threads: int = 4) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server bound to *host*:*port* (0 picks a free port), not yet running.

    Waitress itself refuses bodies far over MAX_CONTENT_LENGTH (its plain 413), so nobody
    can make it spool a gigabyte to disk; the app answers bodies just over it with JSON.
    """
    body_limit = max(1 << 20, 16 * int(app.config.get("MAX_CONTENT_LENGTH") or 0))
    return create_server(app, host=host, port=port, threads=threads, ident="Sanad",
                         clear_untrusted_proxy_headers=True, max_request_body_size=body_limit)


def url_of(host: str, port: int) -> str:
    """The address to print: a wildcard host is shown as loopback, IPv6 in brackets."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 4, debug: bool = False) -> None:
    """Serve *app* until interrupted, printing where.

    Example: serve(create_app(), port=8000)
    """
    if debug:
        click.echo(f"Sanad (debug, Flask's development server) on {url_of(host, port)}", err=True)
        app.run(host=host, port=port, debug=True, use_reloader=False)
        return
    # Never the debugger or tracebacks in production, whatever SANAD_DEBUG or a config file says.
    app.debug = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    server = make_server(app, host, port, threads)
    where = url_of(host, getattr(server, "effective_port", port))
    click.echo(f"Sanad is serving on {where} "
               f"(waitress, {threads} threads; Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


__all__ = ["serve", "make_server", "url_of"]
