"""The JSON shapes Sanad answers with (the CLI's ``--json`` and the web API share them)."""

from __future__ import annotations

from dataclasses import dataclass

from .citation import passage_citation, pinpoint
from .styles import DEFAULT_STYLE


@dataclass(frozen=True)
class CiteAs:
    """How citations are given: a style (a key of ``styles.STYLES``) and the interface
    language whose words they use."""

    style: str = DEFAULT_STYLE
    ui: str = "en"


DEFAULT_CITE_AS = CiteAs()


def passage_url(doc_id: str, number: int) -> str:
    """Where a passage sits in the document view."""
    return f"/doc/{doc_id}#p{number}"


def permalink(doc_id: str, fp: str) -> str:
    """A link that survives renumbering: it names the passage by its content fingerprint."""
    return f"/p/{doc_id}@{fp}"


def passage_record(fields: dict, meta: dict, cite_as: CiteAs = DEFAULT_CITE_AS) -> dict:
    """A stored passage as JSON, with its citation (the pinpointed citation and the
    document's reference, as *cite_as* says) and links."""
    number = fields["number"]
    cited = passage_citation(fields, meta, cite_as.style, cite_as.ui)
    pin = pinpoint(fields)
    page_first, page_last = fields.get("page_first") or "", fields.get("page_last") or ""
    page_last = page_last or page_first
    return {
        "id": fields["id"], "doc_id": fields["doc_id"], "passage": number, "lang": fields["lang"],
        "kind": fields["kind"], "section": fields.get("section") or "", "text": fields["text"],
        "fingerprint": fields["fingerprint"], "anchor": f"p{number}",
        "start": fields.get("start"), "end": fields.get("end"),
        "title": meta.get("display_title", fields["doc_id"]),
        "page": page_first or None, "pages": f"{page_first}–{page_last}" if page_last != page_first else None,
        "ocr": bool(fields.get("ocr")),
        "citation": cited.citation, "reference": cited.reference, "style": cited.style,
        "citation_html": cited.citation_html, "reference_html": cited.reference_html,
        "pinpoint": pin.text(cite_as.ui) if pin else "",
        "url": passage_url(fields["doc_id"], number),
        "permalink": permalink(fields["doc_id"], fields["fingerprint"]),
    }
