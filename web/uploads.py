"""Documents over the web: catalogued originals served at ``/files/<id>``, and what ``sanad add``
does for whoever holds the admin token (``POST /api/admin/documents``, the ``/admin/upload``
page), followed by the background rebuild.

Only files the catalogue lists are served, read the way the rebuild reads them (no symlink,
FIFO or directory), with the media type judged from their content. A saved web page is
served sandboxed (its scripts never run on this site's origin).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from werkzeug.datastructures import MultiDict

from index.catalog import LANGS, load_catalog
from index.errors import CorpusError
from index.ingest import MEDIA_TYPES, sniff
from index.ingest import add as ingest_add
from index.ingest.add import SUFFIX

from .admin import authorize, reindexer
from .errors import ClientError

bp = Blueprint("uploads", __name__)
UPLOAD_OVERHEAD = 1024 * 1024     # room for the multipart framing and the form fields
SANDBOX = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_INTS = {"year": (1, 9999), "first_page": (1, 100_000)}


@bp.get("/files/<doc_id>")
def original(doc_id: str) -> Response:
    """The original file of a catalogued document. Example: /files/mammadzade-2022#page=4"""
    try:
        docs = {d.id: d for d in load_catalog(Path(current_app.config["CORPUS_DIR"]))}
    except CorpusError:
        docs = {}
    doc = docs.get(doc_id)
    if doc is None:
        raise ClientError(404, "not_found", f"No catalogued document '{doc_id[:64]}': see /api/docs for the ids.")
    try:
        data = doc.read_bytes()
        kind = sniff(data, doc.id)
    except CorpusError:
        raise ClientError(404, "not_found", f"The original of '{doc_id}' cannot be served; the site's operator "
                                            "can check it with: sanad index") from None
    response = Response(data, content_type=MEDIA_TYPES[kind])
    response.headers["Content-Disposition"] = f'inline; filename="{doc.id}{SUFFIX[kind]}"'
    if kind == "html":
        response.headers["Content-Security-Policy"] = SANDBOX
    return response


@bp.get("/admin/upload")
def upload_page() -> str:
    """The upload form (it asks for the admin token and keeps it for the tab only)."""
    return render_template("upload.html", langs=LANGS)


def read_options(form: MultiDict) -> ingest_add.Options:
    """The form's fields as ``sanad add`` options; a bad number or language is a 400 naming it."""
    ints: dict[str, int | None] = {}
    for name, (lo, hi) in _INTS.items():
        raw = (form.get(name) or "").strip()
        if not raw:
            ints[name] = None
            continue
        if not raw.isdigit() or not lo <= int(raw) <= hi:
            raise ClientError(400, "bad_param", f"'{name}' must be a whole number from {lo} to {hi}.", name)
        ints[name] = int(raw)
    lang = (form.get("lang") or "").strip() or None
    if lang is not None and lang not in LANGS:
        raise ClientError(400, "bad_param", f"'lang' must be one of {', '.join(LANGS)}.", "lang")

    def text(name: str) -> str | None:
        return (form.get(name) or "").strip() or None
    return ingest_add.Options(id=text("id"), title=text("title"), container=text("container"), pages=text("pages"),
                              authors=tuple(a.strip() for a in form.getlist("author") if a.strip()), lang=lang,
                              year=ints["year"], first_page=ints["first_page"])


@bp.post("/api/admin/documents")
def add_documents() -> tuple[Response, int]:
    """Add uploaded files (multipart field ``file``) as ``sanad add`` does, then rebuild (202)."""
    authorize()
    options = read_options(request.form)
    uploads = [f for f in request.files.getlist("file") if f.filename]
    if not uploads:
        raise ClientError(400, "bad_param", "Send the document as a multipart/form-data field named 'file'.", "file")
    r = reindexer()
    if r.status()["rebuilding"]:
        raise r.busy("A rebuild is running; nothing was added")
    corpus = Path(current_app.config["CORPUS_DIR"])
    with tempfile.TemporaryDirectory(prefix="sanad-upload-") as tmp:
        paths = []
        for n, upload in enumerate(uploads):
            path = Path(tmp) / str(n) / upload_name(upload.filename)
            path.parent.mkdir()
            upload.save(path)
            upload.close()           # a large part is spooled to a temporary file: free it now
            paths.append(path)
        try:
            plans = ingest_add.add(corpus, paths, options, current_app.config["MAX_DOCUMENT_BYTES"])
        except CorpusError as e:
            # The upload's own name, not where it waited on the server; catalogue problems keep their path.
            where = e.path.name if e.path in paths else str(e.path)
            raise ClientError(400, "bad_document", f"{where}: {e.problem} Nothing was added.", "file") from None
    return jsonify({"documents": [p.to_dict() for p in plans], "rebuild": r.start()}), 202


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name without any folder, if it is a usable one; else a slug of it."""
    name = Path((filename or "").replace("\\", "/")).name
    if name in ("", ".", "..") or len(name.encode("utf-8")) > 200 or any(ord(c) < 32 for c in name):
        return ingest_add.slug(name) + ".upload"
    return name


def body_limit() -> int | None:
    """The request-body limit for this request: uploads get the document limit plus framing."""
    if request.endpoint == "uploads.add_documents":
        return current_app.config["MAX_DOCUMENT_BYTES"] + UPLOAD_OVERHEAD
    return current_app.config["MAX_CONTENT_LENGTH"]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


__all__ = ["body_limit", "bp", "init_app", "read_options"]
