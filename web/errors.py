"""What a client can get wrong, and the one way each mistake is answered.

Every ``/api/*`` error is ``{"error": {"status", "code", "message", "param", "request_id"}}``;
every other error is an HTML page rendered from ``error.html`` in the reader's interface
language. Every response carries its request id (``X-Request-Id``, the client's own when it
sent a sane one), and so does every log line about it: a 500 is logged with its traceback
and the id the visitor was shown.
Request parameters are read through ``Param`` declarations, so a bad one is always a 400
that names it, never a 500.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from index.errors import IndexDamaged, IndexMissing, SanadError
from search import NotFound, QueryError

_INT_RE = re.compile(r"^[+-]?\d{1,9}$")
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_ID_HEADER = "X-Request-Id"
TRUE, FALSE = ("true", "1"), ("false", "0")
# What visitors are told about the index: the fix, not the server's paths (those go to the log).
INDEX_PROBLEMS = {
    "missing": "No search index has been built yet; the operator can build it with: sanad index",
    "damaged": "The search index is damaged and cannot be read; the operator can rebuild it with: sanad index",
}


class ClientError(Exception):
    """A request the server will not answer as asked; rendered in the one error shape."""

    def __init__(self, status: int, code: str, message: str, param: str | None = None,
                 headers: dict[str, str] | None = None, *, key: str | None = None,
                 details: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param
        self.headers = headers or {}
        # The message as data, for the pages to say in the interface's language (``i18n.say``).
        self.key, self.details = key, dict(details or {})


@dataclass(frozen=True)
class Param:
    """A query-string parameter: how it is read, checked and documented (OpenAPI)."""

    name: str
    type: str                      # string | integer | boolean
    help: str
    required: bool = False
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    enum: tuple[str, ...] = ()

    def read(self, args: Mapping[str, str]) -> Any:
        """The parameter's value from *args*: its default when absent or empty."""
        raw = args.get(self.name)
        if raw is None or raw == "":
            if self.required:
                raise ClientError(400, "missing_param", f"The parameter '{self.name}' is required: {self.help}",
                                  self.name, key="param_missing", details={"name": self.name})
            return self.default
        if self.type == "integer":
            return self._integer(raw)
        if self.type == "boolean":
            return self._boolean(raw)
        return self._string(raw)

    def _integer(self, raw: str) -> int:
        if not _INT_RE.match(raw.strip()):
            raise self._bad(f"'{self.name}' must be a whole number, not '{_clip(raw)}'.", "param_integer",
                            value=_clip(raw))
        value = int(raw)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise self._bad(f"'{self.name}' must be between {self.minimum} and {self.maximum}, not {value}.",
                            "param_range", minimum=self.minimum, maximum=self.maximum, value=value)
        return value

    def _boolean(self, raw: str) -> bool:
        value = raw.strip().lower()
        if value in TRUE or value in FALSE:
            return value in TRUE
        raise self._bad(f"'{self.name}' must be true or false (or 1 or 0), not '{_clip(raw)}'.", "param_boolean",
                        value=_clip(raw))

    def _string(self, raw: str) -> str:
        if self.max_length is not None and len(raw) > self.max_length:
            raise self._bad(f"'{self.name}' is {len(raw)} characters long; the limit is {self.max_length}.",
                            "param_length", length=len(raw), limit=self.max_length)
        if self.enum and raw not in self.enum:
            raise self._bad(f"Unknown {self.name} '{_clip(raw)}': use one of {', '.join(self.enum)}.",
                            "param_enum", value=_clip(raw), choices=", ".join(self.enum))
        return raw

    def _bad(self, message: str, key: str, **details: object) -> ClientError:
        return ClientError(400, "bad_param", message, self.name, key=key, details={"name": self.name, **details})


def read_params(params: tuple[Param, ...], args: Mapping[str, str]) -> dict[str, Any]:
    """All of *params* read from *args*, by name."""
    return {p.name: p.read(args) for p in params}


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def describe(e: BaseException) -> ClientError:
    """Any exception as (status, code, message, param) for the client; never a stack trace."""
    if isinstance(e, ClientError):
        return e
    if isinstance(e, QueryError):
        return ClientError(400, "bad_query" if e.param == "q" else "bad_param", str(e), e.param, key=e.key,
                           details=e.details)
    if isinstance(e, NotFound):
        return ClientError(404, "not_found", str(e), key=e.key, details=e.details)
    if isinstance(e, IndexMissing):
        return ClientError(503, "index_missing", INDEX_PROBLEMS["missing"])
    if isinstance(e, IndexDamaged):
        return ClientError(503, "index_damaged", INDEX_PROBLEMS["damaged"])
    if isinstance(e, SanadError):
        return ClientError(503, "unavailable", str(e))
    if isinstance(e, HTTPException):
        code = re.sub(r"\W+", "_", (e.name or "error").lower()).strip("_")
        return ClientError(e.code or 500, code, e.description or e.name or "Error")
    return ClientError(500, "internal", "Something went wrong on the server; it has been logged.")


def wants_json() -> bool:
    """True for the JSON API, whose errors are JSON; everything else gets HTML."""
    return request.path == "/api" or request.path.startswith("/api/")


def request_id() -> str:
    """This request's id: the client's ``X-Request-Id`` when it is sane, else a new one."""
    rid = g.get("request_id")
    if rid is None:
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        rid = g.request_id = sent if _REQUEST_ID_RE.match(sent) else uuid.uuid4().hex[:16]
    return rid


def _tag(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    return response


def json_error(err: ClientError) -> Response:
    body = {"error": {"status": err.status, "code": err.code, "message": err.message, "param": err.param,
                      "request_id": request_id()}}
    response = jsonify(body)
    response.status_code = err.status
    return response


def html_error(err: ClientError) -> tuple[str, int]:
    try:
        return render_template("error.html", error=err), err.status
    except Exception:  # the error page itself failed: answer plainly rather than with a stack trace
        current_app.logger.exception("The error page could not be rendered")
        return (f"<!doctype html><title>{err.status}</title><h1>{err.status}</h1>"
                f"<p>{escape(err.message)}</p><p><a href=\"/\">Sanad</a></p>"), err.status


def handle(e: BaseException) -> Response:
    err = describe(e)
    if err.status >= 500 and err.code == "internal":
        current_app.logger.error("Unhandled error on %s %s [request %s]", request.method, request.path,
                                 request_id(), exc_info=e)
    elif isinstance(e, (IndexMissing, IndexDamaged)):
        current_app.logger.error("%s %s [request %s]: %s", request.method, request.path, request_id(), e)
    response = current_app.make_response(json_error(err) if wants_json() else html_error(err))
    response.headers.update(err.headers)
    if isinstance(e, HTTPException) and e.code == 405:
        for name, value in e.get_headers():
            if name.lower() == "allow":
                response.headers["Allow"] = value
    return response


def render_outside(app: Flask, e: Exception, path: str = "/", accept_language: str = "") -> Response:
    """The app's answer to *e* for a request it never saw (the HTTP server refused it before
    the app ran): its error page or JSON, with every header the app adds to a response."""
    headers = {"Accept-Language": accept_language} if accept_language else {}
    with app.test_request_context(path, headers=headers):
        return app.process_response(current_app.make_response(handle(e)))


def init_app(app: Flask) -> None:
    """Route every error, known or not, through ``handle``."""
    for exc in (ClientError, SanadError, HTTPException, Exception):
        app.register_error_handler(exc, handle)
    app.after_request(_tag)
    app.add_template_global(request_id)


__all__ = [
    "INDEX_PROBLEMS",
    "REQUEST_ID_HEADER",
    "ClientError",
    "Param",
    "describe",
    "init_app",
    "json_error",
    "read_params",
    "render_outside",
    "request_id",
    "wants_json",
]
