"""Reading the live build without a query: documents, one document, one passage, health
and statistics."""

from __future__ import annotations

import re
from typing import Any

from whoosh.query import And, Query, Term

from index import store
from index.catalog import ID_PATTERN
from index.errors import IndexDamaged, IndexMissing, SanadError

from .builds import DAMAGE, Build, LiveBuild, damaged
from .results import passage_record

_DOC_ID_RE = re.compile(rf"^{ID_PATTERN}$")
_PASSAGE_RE = re.compile(rf"^({ID_PATTERN})(?::(\d{{1,7}})|@([0-9a-f]{{12}}))$")


class NotFound(SanadError):
    """No document or passage has that id; *key* and *details* say so as data (see ``QueryError``)."""

    def __init__(self, message: str, *, key: str = "not_found", **details: object) -> None:
        super().__init__(message)
        self.key, self.details = key, details


def document(build: Build, doc_id: str) -> dict[str, Any]:
    """A document's record and all its passages in order."""
    if not isinstance(doc_id, str) or not _DOC_ID_RE.match(doc_id):
        raise NotFound(f"No document '{doc_id}'.", key="no_document", doc=str(doc_id)[:64])
    if doc_id not in build.manifest["documents"]:
        raise NotFound(f"No document '{doc_id}': see /api/docs for the ids.", key="no_document", doc=doc_id)
    with build.reading() as s:
        stored = [hit.fields() for hit in s.search(Term("doc_id", doc_id), limit=None, sortedby="number")]
    meta = build.meta(doc_id)
    return {**build.summary(doc_id), "passages": [passage_record(f, meta) for f in stored]}


def passage(build: Build, pid: str) -> dict[str, Any]:
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
    with build.reading() as s:
        hits = s.search(q, limit=1)
        fields = hits[0].fields() if hits else None
    if fields is None:
        raise NotFound(f"No passage '{pid}' (the document may have changed; open /doc/{doc_id}).",
                       key="no_passage", pid=pid, doc=doc_id)
    return passage_record(fields, build.meta(doc_id))


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
        return {"status": "damaged", "index": False, "rebuilding": rebuilding, "error": str(e)}
    except DAMAGE as e:
        return {"status": "damaged", "index": False, "rebuilding": rebuilding, "error": str(damaged(live.root, e))}
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
