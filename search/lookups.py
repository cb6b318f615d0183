"""Reading the live build without a query: documents, one document, one passage, health
and statistics."""

from __future__ import annotations

import re
from typing import Any

from whoosh.query import And, Query, Term

from index import store
from index.catalog import ID_PATTERN
from index.errors import IndexDamaged, IndexMissing, SanadError

from .builds import Build, LiveBuild
from .citation import citation_body
from .results import DEFAULT_CITE_AS, CiteAs, passage_record
from .syntax import QueryError

MAX_EXPORT_DOCS = 100        # records in one export of several documents
_DOC_ID_RE = re.compile(rf"^{ID_PATTERN}$")
_PASSAGE_RE = re.compile(rf"^({ID_PATTERN})(?::(\d{{1,7}})|@([0-9a-f]{{12}}))$")


class NotFound(SanadError):
    """No document or passage has that id; *key* and *details* say so as data (see ``QueryError``)."""

    def __init__(self, message: str, *, key: str = "not_found", **details: object) -> None:
        super().__init__(message)
        self.key, self.details = key, details


def document(build: Build, doc_id: str, cite_as: CiteAs = DEFAULT_CITE_AS) -> dict[str, Any]:
    """A document's record and all its passages in order, cited as *cite_as* says."""
    if not isinstance(doc_id, str) or not _DOC_ID_RE.match(doc_id):
        raise NotFound(f"No document '{doc_id}'.", key="no_document", doc=str(doc_id)[:64])
    if doc_id not in build.manifest["documents"]:
        raise NotFound(f"No document '{doc_id}': see /api/docs for the ids.", key="no_document", doc=doc_id)
    with build.reading() as s:
        stored = [hit.fields() for hit in s.search(Term("doc_id", doc_id), limit=None, sortedby="number")]
    meta = build.meta(doc_id)
    return {**build.summary(doc_id, cite_as), "passages": [passage_record(f, meta, cite_as) for f in stored]}


def cite(build: Build, doc_id: str, number: int | None = None, cite_as: CiteAs = DEFAULT_CITE_AS) -> dict[str, Any]:
    """A document's citation and CSL-JSON record, or with *number* its passage's."""
    if not isinstance(doc_id, str) or doc_id not in build.manifest["documents"]:
        raise NotFound(f"No document '{str(doc_id)[:64]}': see /api/docs for the ids.", key="no_document",
                       doc=str(doc_id)[:64])
    fields = None
    if number is not None:
        fields = _stored(build, Term("id", f"{doc_id}:{number}"))
        if fields is None:
            raise NotFound(f"No passage {number} in '{doc_id}': see /api/docs/{doc_id} for its passages.",
                           key="no_passage", pid=f"{doc_id}:{number}", doc=doc_id)
    return citation_body(build.meta(doc_id), fields, cite_as.style, cite_as.ui)


def records(build: Build, doc_ids: list[str], param: str = "docs",
            most: int = MAX_EXPORT_DOCS) -> list[dict[str, Any]]:
    """The CSL-JSON records of *doc_ids* (each once, in order); a ``QueryError`` naming *param*
    for an unknown id, or for none or more than *most*."""
    ids = list(dict.fromkeys(d.strip() for d in doc_ids if d.strip()))
    if not 1 <= len(ids) <= most:
        raise QueryError(f"'{param}' must name 1 to {most} document ids, comma-separated: see /api/docs for the "
                         "ids.", param=param)
    for doc_id in ids:
        if doc_id not in build.manifest["documents"]:
            raise QueryError(f"Unknown document '{doc_id[:64]}': see /api/docs for the ids.", param=param,
                             key="unknown_doc", doc=doc_id[:64])
    return [citation_body(build.meta(d))["csl"] for d in ids]


def _stored(build: Build, query: Query) -> dict[str, Any] | None:
    with build.reading() as s:
        hits = s.search(query, limit=1)
        return hits[0].fields() if hits else None


def passage(build: Build, pid: str, cite_as: CiteAs = DEFAULT_CITE_AS) -> dict[str, Any]:
    """One passage by id (``doc:14``) or by permalink (``doc@<fingerprint>``)."""
    m = _PASSAGE_RE.match(pid or "")
    if not m:
        raise NotFound(f"'{pid}' is not a passage id; ids look like 'mammadzade-2022:14'.", key="not_passage_id",
                       pid=str(pid)[:80])
    doc_id, number, fp = m.groups()
    if doc_id not in build.manifest["documents"]:
        raise NotFound(f"No document '{doc_id}'.", key="no_document", doc=doc_id)
    q: Query = (Term("id", f"{doc_id}:{int(number)}") if number
                else And([Term("doc_id", doc_id), Term("fingerprint", fp)]))
    fields = _stored(build, q)
    if fields is None:
        raise NotFound(f"No passage '{pid}' (the document may have changed; open /doc/{doc_id}).",
                       key="no_passage", pid=pid, doc=doc_id)
    return passage_record(fields, build.meta(doc_id), cite_as)


def health(live: LiveBuild) -> dict[str, Any]:
    """Whether an index is live and readable, and what it holds."""
    rebuilding = store.is_rebuilding(live.root)
    try:
        build = live.current()
        with build.reading() as s:
            count = s.doc_count()
            s.stored_fields(0)                      # stored passages are readable, first to last
            s.stored_fields(s.doc_count_all() - 1)
    except IndexMissing as e:
        return {"status": "missing", "index": False, "rebuilding": rebuilding, "error": str(e)}
    except IndexDamaged as e:
        return {"status": "damaged", "index": False, "rebuilding": rebuilding, "error": str(e), "file": e.file}
    m = build.manifest
    return {"status": "ok", "index": True, "rebuilding": rebuilding, "passages": count,
            "documents": len(m["documents"]), "built_at": m.get("built_at")}


def stats(build: Build) -> dict[str, Any]:
    """Counts per language, kind and document, and the index's size on disk."""
    m = build.manifest
    size = sum(p.stat().st_size for p in build.path.iterdir() if p.is_file())
    return {"passages": m["passages"], "documents": len(m["documents"]), "by_lang": m["by_lang"],
            "by_document": {d: i["passages"] for d, i in m["documents"].items()},
            "built_at": m.get("built_at"), "build_seconds": m.get("seconds"), "index_bytes": size}
