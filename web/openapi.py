"""The JSON API described once, as data: its parameters (which ``api.py`` reads requests
with) and its OpenAPI 3.1 document (served at ``/api/openapi.json``).

A test walks the app's URL map and checks that every ``/api`` route is described here.
"""

from __future__ import annotations

from typing import Any

from index.analysis import LANGS
from search.export import FORMATS
from search.lookups import MAX_EXPORT_DOCS
from search.request import FACET_DOCS, MAX_FACET_DOCS, MAX_LIMIT, MAX_OFFSET, ORDERS
from search.styles import STYLES
from search.syntax import MAX_QUERY_CHARS

from .errors import Param
from .i18n import UI_LANGS

MAX_ANALYZE_CHARS = 2000

Q = Param("q", "string", 'What to search for: words, "exact phrases", a OR b, -exclude, prefix*.',
          required=True, max_length=MAX_QUERY_CHARS)
LANG = Param("lang", "string", "Only passages in this language.", enum=LANGS)
DOC = Param("doc", "string", "Only passages of this document (an id from /api/docs).", max_length=64)
STYLE = Param("style", "string", "Citation style of the citations (the server's CITATION_STYLE when left out).",
              enum=tuple(STYLES))
UI = Param("ui", "string", "Interface language whose words the citations use (n.d. / б. г. / t.y.).",
           default="en", enum=UI_LANGS)
FORMAT = Param("format", "string", "Export format; without it the citation is answered as JSON.",
               enum=tuple(FORMATS))
PASSAGE_PARAMS = (STYLE, UI)
CITE_PARAMS = (
    STYLE, UI, FORMAT,
    Param("passage", "integer", "Cite this passage (its number) with its page or paragraph.", minimum=1,
          maximum=9_999_999),
)
EXPORT_PARAMS = (
    Param("docs", "string", f"Document ids from /api/docs, comma-separated (at most {MAX_EXPORT_DOCS}).",
          required=True, max_length=MAX_EXPORT_DOCS * 65),
    Param("format", "string", "Export format.", required=True, enum=tuple(FORMATS)),
)
EXPAND = Param("expand", "boolean", "Also search glossary equivalents and typo corrections.", default=True)
SORT = Param("sort", "string", "relevance (best first) or date (documents oldest first, undated last; each "
                               "document's passages best first).", default="relevance", enum=ORDERS)
SEARCH_PARAMS = (
    Q, LANG, DOC,
    Param("limit", "integer", "Results per page.", default=10, minimum=1, maximum=MAX_LIMIT),
    Param("offset", "integer", "Results to skip (for the next pages).", default=0, minimum=0, maximum=MAX_OFFSET),
    EXPAND, SORT,
    Param("explain", "boolean", "Say which query word matched which word of each passage, and how.",
          default=False),
    STYLE, UI,
    Param("facet_docs", "integer", "How many documents the document facets list (those with most hits); "
                                   "more_docs counts the others.", default=FACET_DOCS, minimum=0,
          maximum=MAX_FACET_DOCS),
)
COMPLETE_PARAMS = (
    Param("q", "string", "What has been typed so far; its last word is completed.", required=True,
          max_length=MAX_QUERY_CHARS),
    Param("limit", "integer", "Most completions.", default=8, minimum=1, maximum=10),
)
REINDEX_PARAMS = (
    Param("full", "boolean", "Re-analyse every document, not only changed ones.", default=False),
    Param("skip_bad", "boolean", "Skip unreadable corpus files (named in the result) instead of stopping.",
          default=False),
)
ANALYZE_PARAMS = (
    Param("text", "string", "The text to analyse.", required=True, max_length=MAX_ANALYZE_CHARS),
    Param("lang", "string", "Language of the text; detected when left out.", enum=LANGS),
)


def _nullable(kind: str) -> dict:
    return {"type": [kind, "null"]}


def _obj(props: dict[str, Any], required: tuple[str, ...] = (), extra: bool = True) -> dict:
    return {"type": "object", "properties": props, "required": list(required), "additionalProperties": extra}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
_STR, _INT, _NUM, _BOOL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}

_PASSAGE_PROPS = {
    "id": _STR, "doc_id": _STR, "passage": _INT, "lang": {"type": "string", "enum": list(LANGS)},
    "kind": _STR, "section": _STR, "text": _STR, "fingerprint": _STR, "anchor": _STR,
    "start": _nullable("integer"), "end": _nullable("integer"), "title": _STR,
    "citation": {"type": "string", "description": "The style's citation of the passage, with its page, else "
                                                  "its paragraph: the footnote in a notes style, else in-text."},
    "reference": {"type": "string", "description": "The document's reference-list entry in the same style."},
    "citation_html": {"type": "string", "description": "The citation as HTML: escaped text, the style's <i>/<b>."},
    "reference_html": {"type": "string", "description": "The reference as HTML: escaped text, the style's <i>/<b>."},
    "style": {"type": "string", "enum": list(STYLES)},
    "pinpoint": {"type": "string", "description": "Where the passage is: p. 219, or ¶ 14."},
    "url": _STR, "permalink": _STR,
    "page": {"type": ["string", "null"], "description": "Printed page the passage starts on (paged sources)."},
    "pages": {"type": ["string", "null"], "description": "Printed pages it spans, e.g. 219–220; null on one page."},
    "ocr": {"type": "boolean", "description": "The text was read from a scan by OCR."},
}
_PASSAGE_REQUIRED = ("id", "doc_id", "passage", "lang", "kind", "text", "fingerprint", "anchor", "title",
                     "citation", "url", "permalink")
_DOC_PROPS = {"id": _STR, "title": _STR, "display_title": _STR, "language": _STR, "by_lang": _COUNTS,
              "citation": {"type": "string", "description": "The reference-list entry in the server's style."},
              "citation_html": _STR, "bibtex": _STR, "url": _STR,
              "csl": {"type": "object", "description": "The record as CSL-JSON."}}
_DOC_REQUIRED = ("id", "passages", "by_lang", "citation", "bibtex", "url")

SCHEMAS: dict[str, dict] = {
    "Error": _obj({"error": _obj({"status": _INT, "code": _STR, "message": _STR, "param": _nullable("string"),
                                  "request_id": _STR},
                                 ("status", "code", "message", "param", "request_id"), extra=False)},
                  ("error",), extra=False),
    "Passage": _obj(_PASSAGE_PROPS, _PASSAGE_REQUIRED),
    "Result": _obj({**_PASSAGE_PROPS, "highlight": {"type": "string", "description": "HTML: escaped text, <mark> "
                                                    "around matches."},
                    "marks": {"type": "array", "description": "The matched stretches of text, as [start, end] "
                              "character offsets.", "items": {"type": "array", "items": _INT}},
                    "score": _NUM, "coverage": _NUM, "weak": _BOOL,
                    "missing": {"type": "array", "description": "The query's words (or names) this passage "
                                "does not match; a result missing any is weak.", "items": _STR},
                    "explain": {"type": "array", "items": {"type": "object"}}},
                   _PASSAGE_REQUIRED + ("highlight", "score", "coverage", "weak", "missing")),
    "SearchResults": _obj({
        "query": _STR, "parsed": _STR, "total": _INT, "limit": _INT, "offset": _INT, "took_ms": _NUM,
        "results": {"type": "array", "items": _ref("Result")},
        "expansions": {"type": "array", "items": {"type": "object"}},
        "ignored": {"type": "array"},
        "facets": {**_obj({"lang": _COUNTS, "doc": _COUNTS}, ("lang", "doc")),
                   "description": "Matching passages per language (every language) and per document (the "
                                  "facet_docs documents with most hits, most first; more_docs counts the rest)."},
        "filtered_facets": {**_obj({"lang": _COUNTS, "doc": _COUNTS}, ("lang", "doc")),
                            "description": "Per language within the doc filter, per document within the "
                                           "lang filter: what each facet link would find. Its doc counts are "
                                           "bounded as in facets, the filtered document always among them."},
        "more_docs": {**_obj({"facets": _ref("LeftOut"), "filtered_facets": _ref("LeftOut")},
                             ("facets", "filtered_facets"), extra=False),
                      "description": "What each document facet leaves out: ask for more with facet_docs."},
        "suggestion": {"type": ["object", "null"]},
    }, ("query", "parsed", "total", "limit", "offset", "took_ms", "results", "expansions", "facets",
        "filtered_facets", "more_docs")),
    "LeftOut": _obj({"documents": {"type": "integer", "minimum": 0, "description": "Documents with hits not listed."},
                     "passages": {"type": "integer", "minimum": 0, "description": "Their matching passages."}},
                    ("documents", "passages"), extra=False),
    "Citation": _obj({"id": _STR, "style": {"type": "string", "enum": list(STYLES)},
                      "styles": {"type": "object", "additionalProperties": _STR},
                      "reference": _STR, "citation": _STR, "reference_html": _STR, "citation_html": _STR,
                      "pinpoint": _STR,
                      "csl": {"type": "object", "description": "The record as CSL-JSON."}},
                     ("id", "style", "styles", "reference", "citation", "csl")),
    "DocumentSummary": _obj({**_DOC_PROPS, "passages": _INT}, _DOC_REQUIRED),
    "DocumentList": _obj({"documents": {"type": "array", "items": _ref("DocumentSummary")}}, ("documents",)),
    "Document": _obj({**_DOC_PROPS, "passages": {"type": "array", "items": _ref("Passage")}}, _DOC_REQUIRED),
    "Analysis": _obj({
        "lang": {"type": "string", "enum": list(LANGS)}, "detected": _BOOL,
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": _obj(
            {"term": _STR, "start": _INT, "end": _INT, "pos": _INT}, ("term", "start", "end", "pos"))}},
    }, ("lang", "detected", "fields")),
    "Health": _obj({"status": {"type": "string", "enum": ["ok", "missing", "damaged"]}, "index": _BOOL,
                    "rebuilding": _BOOL, "passages": _INT, "documents": _INT,
                    "built_at": _nullable("string"), "error": _STR,
                    "file": {**_nullable("string"), "description": "the damaged file, relative to the build"}},
                   ("status", "index", "rebuilding")),
    "Stats": _obj({"passages": _INT, "documents": _INT, "by_lang": _COUNTS, "by_document": _COUNTS,
                   "built_at": _nullable("string"), "build_seconds": _nullable("number"),
                   "index_bytes": _INT}, ("passages", "documents", "by_lang", "by_document", "index_bytes")),
    "ReindexStatus": _obj({
        "running": _BOOL, "rebuilding": {"type": "boolean", "description": "True while any process rebuilds."},
        "progress": {"type": ["object", "null"], "description": "The running rebuild: passages done of total.",
                     "properties": {"full": _BOOL, "skip_bad": _BOOL, "started_at": _STR, "done": _INT,
                                    "total": _INT, "document": _nullable("string"),
                                    "pid": {"type": "integer", "description": "The process running it."}}},
        "last": {"type": ["object", "null"], "description": "How the last rebuild started through this "
                                                             "server (any of its workers) ended.",
                 "properties": {"ok": _BOOL, "full": _BOOL, "summary": _nullable("string"),
                                "error": _nullable("string"), "warnings": {"type": "array", "items": _STR},
                                "started_at": _nullable("string"), "finished_at": _STR, "seconds": _NUM,
                                "documents": _INT, "passages": _INT, "skipped": {"type": "array", "items": _STR}},
                 "required": ["ok", "error", "seconds"]},
    }, ("running", "progress", "last", "rebuilding")),
    "AddedDocument": _obj({
        "id": _STR, "file": {"type": "string", "description": "The original, relative to the corpus folder."},
        "format": {"type": "string", "enum": ["pdf", "docx", "html", "text"]},
        "entry": {"type": "object", "description": "The [[document]] entry written to catalog.toml."},
        "found": {"type": "object", "description": "Each value of the entry and where it came from.",
                  "additionalProperties": _obj({"value": {}, "source": _STR}, ("value", "source"))},
        "missing": {"type": "array", "items": _STR, "description": "What nobody knows yet: complete the entry."},
        "pages": _INT, "page_labels": _STR, "labels_from": _STR, "ocr_pages": _INT, "passages": _INT,
        "by_lang": _COUNTS,
    }, ("id", "file", "format", "entry", "found", "missing", "pages", "passages", "by_lang")),
    "AddedDocuments": _obj({"documents": {"type": "array", "items": _ref("AddedDocument")},
                            "rebuild": _ref("ReindexStatus")}, ("documents", "rebuild")),
    "Completions": _obj({"query": _STR, "completions": {"type": "array", "items": _obj(
        {"text": _STR, "kind": {"type": "string", "enum": ["name", "word"]},
         "lang": {"type": "string", "enum": list(LANGS)}}, ("text", "kind", "lang"), extra=False)}},
        ("query", "completions")),
    "OpenAPI": {"type": "object"},
}

_UPLOAD_FORM = {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "array", "items": {"type": "string", "format": "binary"},
                 "description": "PDF, DOCX, HTML or UTF-8 text, judged by content (one or more)."},
        "id": {"type": "string", "description": "Document id (one file only) [default: from the file name]."},
        "title": {"type": "string", "description": "Title as printed (one file only)."},
        "author": {"type": "array", "items": {"type": "string"}, "description": "Authors, one per field."},
        "year": {"type": "integer", "minimum": 1, "maximum": 9999},
        "lang": {"type": "string", "enum": list(LANGS)},
        "container": {"type": "string", "description": "Journal or book."},
        "pages": {"type": "string", "description": "Page range as printed (one file only)."},
        "first_page": {"type": "integer", "minimum": 1, "maximum": 100_000,
                       "description": "Printed number of the first page, for files without labels or numbers."},
    },
}

_ERRORS = {
    "400": "A parameter is missing or wrong (the error names it).",
    "404": "No such document or passage.",
    "503": "The index is missing or damaged (the message says how to rebuild it).",
    "401": "No admin token, or a wrong one (Authorization: Bearer <SANAD_ADMIN_TOKEN>).",
    "403": "The admin API is off: SANAD_ADMIN_TOKEN is not set.",
    "409": "A rebuild is already running.",
    "413": "The request body is larger than MAX_CONTENT_LENGTH (for documents: MAX_DOCUMENT_BYTES).",
}


def _param(p: Param) -> dict:
    schema: dict[str, Any] = {"type": p.type}
    for key, value in (("default", p.default), ("minimum", p.minimum), ("maximum", p.maximum),
                       ("maxLength", p.max_length)):
        if value is not None:
            schema[key] = value
    if p.enum:
        schema["enum"] = list(p.enum)
    return {"name": p.name, "in": "query", "required": p.required, "description": p.help, "schema": schema}


def _path_param(name: str, help: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": help, "schema": {"type": "string"}}


def _op(summary: str, schema: str, *, params: list[dict] | None = None, errors: tuple[str, ...] = ("503",),
        ok_also: tuple[str, ...] = (), ok: str = "200") -> dict:
    responses = {ok: {"description": "OK" if ok == "200" else "Accepted",
                      "content": {"application/json": {"schema": _ref(schema)}}}}
    for status in errors:
        responses[status] = {"description": _ERRORS[status],
                             "content": {"application/json": {"schema": _ref("Error")}}}
    for status in ok_also:
        responses[status] = {"description": "The index is missing or damaged (same shape as 200).",
                             "content": {"application/json": {"schema": _ref(schema)}}}
    op: dict[str, Any] = {"summary": summary, "responses": responses}
    if params:
        op["parameters"] = params
    return op


def _export_op(summary: str, schema: str | None, params: list[dict]) -> dict:
    """An operation answering JSON (*schema*) or, with ``format=``, an export file."""
    op = _op(summary, schema or "OpenAPI", params=params, errors=("400", "404", "503"))
    content = op["responses"]["200"]["content"]
    if schema is None:
        content.clear()
    for fmt, (mime, _) in FORMATS.items():
        content[mime] = {"schema": {"type": "array", "items": {"type": "object"}} if fmt == "csl-json" else _STR}
    return op


def _get(summary: str, schema: str, **kw: Any) -> dict:
    return {"get": _op(summary, schema, **kw)}


_ADMIN: list[dict[str, list[str]]] = [{"adminToken": []}]


PATHS: dict[str, dict] = {
    "/api/search": _get("Ranked, highlighted, cited passages for a query, with facet counts.", "SearchResults",
                        params=[_param(p) for p in SEARCH_PARAMS], errors=("400", "503")),
    "/api/complete": _get("Completions while a query is typed: glossary names in az, ru and en, and indexed "
                          "words that finish its last word, most frequent first.", "Completions",
                          params=[_param(p) for p in COMPLETE_PARAMS], errors=("400", "503")),
    "/api/docs": _get("Every document with its citation, BibTeX and passage counts.", "DocumentList"),
    "/api/docs/{doc_id}": _get("A document's record and all its passages in order.", "Document",
                               params=[_path_param("doc_id", "A document id from /api/docs.")],
                               errors=("404", "503")),
    "/api/docs/{doc_id}/cite": {"get": _export_op(
        "A document's (or one passage's) citation in a style as JSON, or its export as BibTeX, RIS or "
        "CSL-JSON (format=).", "Citation",
        [_path_param("doc_id", "A document id from /api/docs."), *[_param(p) for p in CITE_PARAMS]])},
    "/api/export": {"get": _export_op(
        "Several documents at once (such as the results on a page) as BibTeX, RIS or CSL-JSON.", None,
        [_param(p) for p in EXPORT_PARAMS])},
    "/api/passages/{passage_id}": _get(
        "One passage, by id (doc:14) or by permalink (doc@<12-hex fingerprint>).", "Passage",
        params=[_path_param("passage_id", "doc:14, or doc@<fingerprint> (survives renumbering)."),
                *[_param(p) for p in PASSAGE_PARAMS]],
        errors=("400", "404", "503")),
    "/api/analyze": _get("The terms the index stores for a text, per field.", "Analysis",
                         params=[_param(p) for p in ANALYZE_PARAMS], errors=("400",)),
    "/api/health": _get("Whether the index is present and readable (503 when not).", "Health", errors=(),
                        ok_also=("503",)),
    "/api/stats": _get("Passage counts per language and document; index size and build time.", "Stats"),
    "/api/openapi.json": _get("This document.", "OpenAPI", errors=()),
    "/api/admin/reindex": {
        "get": {**_op("Progress of the running rebuild (passages done/total) and the last result.",
                      "ReindexStatus", errors=("401", "403")), "security": _ADMIN},
        "post": {**_op("Rebuild the index from the corpus in the background; searches keep being answered "
                       "from the previous index until the new one is checked and swapped in.", "ReindexStatus",
                       params=[_param(p) for p in REINDEX_PARAMS], errors=("400", "401", "403", "409", "413"),
                       ok="202"), "security": _ADMIN},
    },
    "/api/admin/documents": {
        "post": {**_op("Add documents as `sanad add` does (copy the original into the corpus, extract its text, "
                       "append its catalogue entry), then start the background rebuild. A file that cannot be "
                       "added (damaged, encrypted, needing OCR without Tesseract, too large, of an unsupported "
                       "type, already catalogued, or with a taken id) is refused with 400 and nothing is changed.",
                       "AddedDocuments", errors=("400", "401", "403", "409", "413"), ok="202"),
                 "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _UPLOAD_FORM}}},
                 "security": _ADMIN},
    },
}


def document(version: str = "0.1.0") -> dict:
    """The OpenAPI 3.1 document for the JSON API."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Sanad API", "version": version,
                 "description": "Full-text search over a trilingual (az/ru/en) research corpus, with cited "
                                "passages. Every error is {\"error\": {status, code, message, param}}."},
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "securitySchemes": {"adminToken": {
            "type": "http", "scheme": "bearer",
            "description": "The server's SANAD_ADMIN_TOKEN; without it set, the admin API is off (403)."}}},
    }


__all__ = [
    "ANALYZE_PARAMS",
    "CITE_PARAMS",
    "DOC",
    "EXPORT_PARAMS",
    "PASSAGE_PARAMS",
    "FORMAT",
    "LANG",
    "PATHS",
    "REINDEX_PARAMS",
    "SEARCH_PARAMS",
    "STYLE",
    "UI",
    "Q",
    "document",
]
