"""gzip for text responses when the client accepts it: pages, JSON, CSS and JavaScript.

The reader's HTML shrinks to about a fifth; nothing is compressed twice, ranges are not
offered on a compressed body, and its ETag turns weak (the bytes differ, the content not).
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
    "application/opensearchdescription+xml", "image/svg+xml", "text/plain",
})
MIN_BYTES = 512          # below this, the gzip header and the CPU cost more than they save
LEVEL = 6


def compress(response: Response) -> Response:
    """*response* gzipped when the request accepts gzip and compressing it pays."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    add_vary(response, "Accept-Encoding")
    if (not _accepts_gzip() or response.status_code in (204, 206, 304)
            or response.status_code < 200 or "Content-Encoding" in response.headers
            or (response.is_streamed and not response.direct_passthrough)):
        return response
    # Static files arrive as a file wrapper; they are small, so read them to compress them.
    source = response.response
    response.direct_passthrough = False
    data = response.get_data()
    if hasattr(source, "close"):
        source.close()
    if len(data) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(data, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response


def _accepts_gzip() -> bool:
    """Whether the request accepts gzip; its Accept-Encoding is parsed only when it could."""
    sent = request.headers.get("Accept-Encoding", "").lower()
    return ("gzip" in sent or "*" in sent) and request.accept_encodings["gzip"] > 0


def add_vary(response: Response, *names: str) -> None:
    """Add *names* to the response's Vary header (set at once when it has none: parsing and
    rewriting the header costs more than the rest of a small response's headers)."""
    if "Vary" in response.headers:
        response.vary.update(names)
    else:
        response.headers["Vary"] = ", ".join(names)


def init_app(app: Flask) -> None:
    app.after_request(compress)


__all__ = ["COMPRESSIBLE", "add_vary", "compress", "init_app"]
