"""One ranked passage as the JSON record the CLI and the API show: text, highlight, citation,
how much of the query it matched, and (when asked) why."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from .builds import Build
from .formatters import html, json_marks
from .headings import heading_matches
from .highlight import Wanted, fragment, spans
from .highlight import explain as explain_spans
from .prepare import Prepared
from .results import DEFAULT_CITE_AS, CiteAs, passage_record

# Passages remembered with their query-independent record (stored fields, citation, links):
# the passages searches show recur, and reading and citing one cost more than marking it.
RECORDS_KEPT = 4096

_Stored = tuple[dict[str, Any], dict[str, Any]]
_kept: OrderedDict[tuple[Path, int, CiteAs], _Stored] = OrderedDict()
_kept_lock = threading.Lock()

# The terms of the last QUERIES_KEPT prepared queries by language (``highlight.Wanted``):
# a build's QueryCache hands a repeated query the same Prepared, so its terms are sorted
# once, not once a search. Keyed by the Prepared's identity; the entry holds it, so no
# other query can take its id while it is kept.
QUERIES_KEPT = 256
_terms: OrderedDict[int, tuple[Prepared, dict[str, Wanted]]] = OrderedDict()
_terms_lock = threading.Lock()


def render(build: Build, docnum: int, score: float, missing: list[int], prep: Prepared, explain: bool,
           cite_as: CiteAs = DEFAULT_CITE_AS, wanted: dict[str, Wanted] | None = None) -> dict[str, Any]:
    """The record of passage *docnum*, marked with what *prep* matched in it, cited as *cite_as*
    says; *missing* are the query concepts it lacks (indexes into the live groups): then it is
    a weak match. *wanted* keeps the query's terms by language for the next passages of a page."""
    fields, record = stored(build, docnum, cite_as)
    compiled = prep.compiled
    rec = dict(record)
    lang = fields["lang"]
    want = wanted.get(lang) if wanted is not None else None
    if want is None:
        by_lang = terms_by_lang(prep)
        want = by_lang.get(lang)
        if want is None:
            want = by_lang[lang] = Wanted(compiled.terms, lang)
        if wanted is not None:
            wanted[lang] = want
    matched = spans(fields["text"], want)
    live = compiled.live_groups
    groups = prep.expanded.parsed.groups
    marked = fragment(fields["text"], matched)
    rec.update(highlight=html(marked), marks=json_marks(marked), score=round(score, 4),
               coverage=round(1 - len(missing) / len(live), 3), weak=bool(missing),
               missing=[" OR ".join(i.display() for i in groups[live[g]]) for g in missing])
    if explain:
        rec["explain"] = explain_spans(fields["text"], matched) + heading_matches(
            fields.get("section") or "", lang, fields["kind"], compiled.heading_terms)
    return rec


def stored(build: Build, docnum: int, cite_as: CiteAs = DEFAULT_CITE_AS) -> _Stored:
    """Passage *docnum*'s stored fields and its record cited as *cite_as* says (``passage_record``),
    remembered for the last RECORDS_KEPT passages shown; neither may be changed."""
    key = (build.path, docnum, cite_as)
    with _kept_lock:
        got = _kept.get(key)
        if got is not None:
            _kept.move_to_end(key)
            return got
    with build.reading() as s:
        fields = s.stored_fields(docnum)
    got = fields, passage_record(fields, build.meta(fields["doc_id"]), cite_as)
    with _kept_lock:
        _kept[key] = got
        if len(_kept) > RECORDS_KEPT:
            _kept.popitem(last=False)
    return got


def terms_by_lang(prep: Prepared) -> dict[str, Wanted]:
    """The ``Wanted`` terms of *prep* by language made so far, kept for the last
    QUERIES_KEPT prepared queries (a new, empty one for a query not kept)."""
    key = id(prep)
    with _terms_lock:
        got = _terms.get(key)
        if got is not None:
            _terms.move_to_end(key)
            return got[1]
        by_lang: dict[str, Wanted] = {}
        _terms[key] = (prep, by_lang)
        if len(_terms) > QUERIES_KEPT:
            _terms.popitem(last=False)
        return by_lang
