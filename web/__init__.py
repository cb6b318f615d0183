"""Sanad's web layer: the search site, the document reader and the JSON API.

``create_app`` builds the app from layered settings and opens one ``Searcher`` for it;
``views`` (HTML), ``api`` (JSON), ``admin`` (token-guarded rebuilds) and ``errors`` only
translate HTTP to library calls and back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from flask import Flask, Response, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.sansio.response import Response as BaseResponse

from index.store import resolve_corpus_dir, resolve_index_dir, tidy
from search import Searcher

from . import admin, api, citing, compress, config, errors, i18n, uploads, views

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(test_config: dict[str, Any] | None = None, *, instance_path: str | None = None) -> Flask:
    """The Sanad app. Settings, later layers winning: the defaults in ``web/config.py``,
    ``config.py`` in the instance folder, ``SANAD_*`` environment variables, then *test_config*.

    Example: create_app({"INDEX_DIR": "instance/index"})
    """
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.from_mapping(config.defaults())
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SANAD")
    config.keep_text(app.config, os.environ)
    if test_config:
        app.config.from_mapping(test_config)
    config.check(app.config)
    app.config["INDEX_DIR"] = str(resolve_index_dir(app.config["INDEX_DIR"]))
    app.config["CORPUS_DIR"] = str(resolve_corpus_dir(app.config["CORPUS_DIR"]))
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = app.config["STATIC_MAX_AGE"]
    app.json = _JSON(app)
    # Werkzeug answers a doubled slash (/api/docs//x) with a 308 to the merged path: an HTML
    # redirect where the API promises its JSON error shape. Such a path is simply not found.
    app.url_map.merge_slashes = False

    # A rebuild killed half-way leaves a .partial directory: remove it unless a rebuild runs now.
    tidy(Path(app.config["INDEX_DIR"]))
    # One Searcher per app: it notices a rebuilt index by itself on the next request.
    app.extensions["sanad"] = Searcher(app.config["INDEX_DIR"])

    i18n.init_app(app)
    citing.init_app(app)
    errors.init_app(app)
    api.init_app(app)
    admin.init_app(app)
    uploads.init_app(app)
    app.register_blueprint(views.bp)
    app.before_request(_limit_body)
    app.after_request(_secure)
    compress.init_app(app)    # after_request runs last-registered first: compress, then headers
    return app


class _JSON(DefaultJSONProvider):
    """JSON as written: Azerbaijani and Cyrillic letters as they are, keys in the library's order.

    Responses are encoded by orjson: the very bytes the json module writes here (compact, not
    ASCII-escaped), 0.19 -> 0.014 ms for a search body at 100k. Dates, dataclasses and anything
    else orjson leaves to ``default`` are encoded as Flask encodes them; a value orjson refuses
    (an integer beyond 64 bits, a lone surrogate) goes the json module's way.
    """

    ensure_ascii = False
    sort_keys = False
    OPTIONS = (orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
               | orjson.OPT_APPEND_NEWLINE)

    def response(self, *args: Any, **kwargs: Any) -> BaseResponse:
        if self._app.debug or self.compact is False or (args and kwargs):
            return super().response(*args, **kwargs)     # indented, or Flask's own TypeError
        obj = args[0] if len(args) == 1 else args or kwargs or None
        try:
            data = orjson.dumps(obj, default=self.default, option=self.OPTIONS)
        except TypeError:
            return super().response(*args, **kwargs)
        return Response(data, mimetype=self.mimetype)


def _limit_body() -> None:
    """Refuse an oversized body before any view runs, even one that never reads the body.

    A declared length is checked at once; a chunked body is read here, and Werkzeug stops
    reading it (413) once it passes MAX_CONTENT_LENGTH.
    """
    limit = uploads.body_limit()
    request.max_content_length = limit
    length = request.content_length
    if length is not None and limit is not None and length > limit:
        raise RequestEntityTooLarge(f"The request body is {length} bytes; the limit is {limit}.")
    if length is None and request.headers.get("Transfer-Encoding", "").lower() == "chunked":
        request.get_data(cache=True)


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


__all__ = ["create_app"]
