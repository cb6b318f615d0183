"""The JSON API: each route reads its declared parameters, makes one library call and
returns the library's body. Errors take the one shape from ``errors.py``."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from index.analysis import analyze as analyze_text
from index.analysis import fields_for
from index.langid import detect
from index.schema import field_name
from search import Searcher

from . import openapi
from .citing import export_body, passage_items
from .errors import INDEX_PROBLEMS, read_params

bp = Blueprint("api", __name__, url_prefix="/api")


def searcher() -> Searcher:
    """The app's one Searcher (opened by ``create_app``)."""
    return current_app.extensions["sanad"]


@bp.get("/search")
def search() -> Response:
    """Example: /api/search?q=Xocalı&lang=az&limit=5"""
    p = read_params(openapi.SEARCH_PARAMS, request.args)
    return jsonify(searcher().search(p["q"], lang=p["lang"], doc=p["doc"], limit=p["limit"],
                                     offset=p["offset"], expand=p["expand"], explain=p["explain"],
                                     style=p["style"] or current_app.config["CITATION_STYLE"], ui=p["ui"],
                                     sort=p["sort"], facet_docs=p["facet_docs"]))


@bp.get("/complete")
def complete() -> Response:
    """Example: /api/complete?q=Xoc"""
    p = read_params(openapi.COMPLETE_PARAMS, request.args)
    return jsonify({"query": p["q"], "completions": searcher().complete(p["q"], limit=p["limit"])})


@bp.get("/docs")
def documents() -> Response:
    return jsonify({"documents": searcher().documents(style=current_app.config["CITATION_STYLE"])})


@bp.get("/docs/<doc_id>")
def document(doc_id: str) -> Response:
    return jsonify(searcher().document(doc_id, style=current_app.config["CITATION_STYLE"]))


@bp.get("/docs/<doc_id>/cite")
def cite(doc_id: str) -> Response:
    """Example: /api/docs/mammadzade-2022/cite?style=apa&passage=14&format=ris"""
    p = read_params(openapi.CITE_PARAMS, request.args)
    body = searcher().cite(doc_id, passage=p["passage"], style=p["style"] or current_app.config["CITATION_STYLE"],
                           ui=p["ui"])
    if p["format"] is None:
        return jsonify(body)
    name = f"{doc_id}-{p['passage']}" if p["passage"] else doc_id
    return export_body(passage_items(body), p["format"], name)


@bp.get("/export")
def export() -> Response:
    """Example: /api/export?docs=mammadzade-2022,oic-azerbaijan-ru&format=bibtex"""
    p = read_params(openapi.EXPORT_PARAMS, request.args)
    return export_body(searcher().records(p["docs"].split(","), param="docs"), p["format"], "sanad-export")


@bp.get("/passages/<passage_id>")
def passage(passage_id: str) -> Response:
    """Example: /api/passages/mammadzade-2022:14?style=apa&ui=az"""
    p = read_params(openapi.PASSAGE_PARAMS, request.args)
    return jsonify(searcher().passage(passage_id, style=p["style"] or current_app.config["CITATION_STYLE"],
                                      ui=p["ui"]))


@bp.get("/analyze")
def analyze() -> Response:
    """Example: /api/analyze?text=Azərbaycanın təşkilatlarından"""
    p = read_params(openapi.ANALYZE_PARAMS, request.args)
    lang = p["lang"] or detect(p["text"])
    fields = {field_name(lang, v): analyze_text(p["text"], lang, v) for v in fields_for(lang)}
    return jsonify({"lang": lang, "detected": p["lang"] is None, "fields": fields})


@bp.get("/health")
def health() -> tuple[Response, int]:
    body = searcher().health()
    if body["status"] != "ok":
        current_app.logger.error("Health check: %s", body.get("error"))
        body["error"] = INDEX_PROBLEMS.get(body["status"], body.get("error", ""))
    return jsonify(body), 200 if body["status"] == "ok" else 503


@bp.get("/stats")
def stats() -> Response:
    return jsonify(searcher().stats())


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(openapi.document())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


__all__ = ["bp", "init_app", "searcher"]
