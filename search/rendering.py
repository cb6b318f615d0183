"""One ranked passage as the JSON record the CLI and the API show: text, highlight, citation,
how much of the query it matched, and (when asked) why."""

from __future__ import annotations

from typing import Any

from .builds import Build
from .formatters import html, json_marks
from .highlight import explain as explain_spans
from .highlight import fragment, groups_matched, matched_spans
from .prepare import Prepared
from .results import DEFAULT_CITE_AS, CiteAs, passage_record

WEAK_COVERAGE = 0.5      # a partial match answering less than this share of the groups is weak


def render(build: Build, docnum: int, score: float, partial: bool, prep: Prepared, explain: bool,
           cite_as: CiteAs = DEFAULT_CITE_AS) -> dict[str, Any]:
    """The record of passage *docnum*, marked with what *prep* matched in it, cited as *cite_as* says."""
    with build.reading() as s:
        fields = s.stored_fields(docnum)
    compiled = prep.compiled
    rec = passage_record(fields, build.meta(fields["doc_id"]), cite_as)
    spans = matched_spans(fields["text"], fields["lang"], compiled.terms)
    live = set(compiled.live_groups)
    coverage = len(groups_matched(spans) & live) / len(live)
    marked = fragment(fields["text"], spans)
    rec.update(highlight=html(marked), marks=json_marks(marked), score=round(score, 4), coverage=round(coverage, 3),
               weak=partial and (coverage < WEAK_COVERAGE or bool(prep.expanded.absent & live)))
    if explain:
        rec["explain"] = explain_spans(fields["text"], spans)
    return rec
