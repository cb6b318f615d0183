"""What a search asks for, checked once: the words, the filters and the page.

The page limits are declared here and nowhere else (the API's parameter table reads them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from index.analysis import LANGS

from .results import DEFAULT_CITE_AS, CiteAs
from .styles import check_style
from .syntax import ParsedQuery, QueryError, parse

MAX_LIMIT = 100          # results per page
MAX_OFFSET = 10_000      # results skipped; deeper pages are not worth ranking
ORDERS = ("relevance", "date")   # date: documents oldest first, each one's passages best first
FACET_DOCS = 20          # documents a body's document facets list, those with most hits
MAX_FACET_DOCS = 100_000


@dataclass(frozen=True)
class SearchRequest:
    """One search: the query as typed and parsed, its filters, its page and its options."""

    query: str
    parsed: ParsedQuery
    lang: str | None = None
    doc: str | None = None
    limit: int = 10
    offset: int = 0
    expand: bool = True          # glossary equivalents and typo corrections
    explain: bool = False        # say which query word matched which word, and how
    suggest: bool = True         # look for a corrected query when words were unknown or hits few
    cite_as: CiteAs = DEFAULT_CITE_AS   # the citations' style and words
    sort: str = "relevance"      # one of ORDERS
    facet_docs: int = FACET_DOCS  # how many documents each document facet lists (the rest are counted)

    @classmethod
    def read(cls, query: str, *, lang: str | None = None, doc: str | None = None, limit: Any = 10,
             offset: Any = 0, expand: bool = True, explain: bool = False, suggest: bool = True,
             style: str | None = None, ui: str = "en", sort: str = "relevance",
             facet_docs: Any = FACET_DOCS) -> SearchRequest:
        """The request, or a ``QueryError`` that says which part to change."""
        limit, offset = check_page(limit, offset)
        facet_docs = _whole(facet_docs, "facet_docs", 0, MAX_FACET_DOCS)
        if lang is not None and lang not in LANGS:
            raise QueryError(f"Unknown language '{lang}': use one of {', '.join(LANGS)}.", param="lang",
                             key="unknown_lang", lang=lang, choices=", ".join(LANGS))
        if sort not in ORDERS:
            raise QueryError(f"Unknown sort '{sort}': use one of {', '.join(ORDERS)}.", param="sort",
                             key="param_enum", name="sort", value=str(sort)[:40], choices=", ".join(ORDERS))
        cite_as = CiteAs(check_style(style).key, ui)
        return cls(query, parse(query), lang, doc, limit, offset, expand, explain, suggest and expand, cite_as,
                   sort, facet_docs)


def check_page(limit: Any, offset: Any) -> tuple[int, int]:
    """*limit* and *offset* as whole numbers within the page limits."""
    try:
        limit, offset = int(limit), int(offset)
    except (TypeError, ValueError):
        raise QueryError("limit and offset must be whole numbers.", param="limit", key="page_numbers") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}.", param="limit", key="param_range",
                         name="limit", minimum=1, maximum=MAX_LIMIT, value=limit)
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET}.", param="offset", key="param_range",
                         name="offset", minimum=0, maximum=MAX_OFFSET, value=offset)
    return limit, offset


def _whole(value: Any, name: str, minimum: int, maximum: int) -> int:
    """*value* (the parameter *name*) as a whole number from *minimum* to *maximum*."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{name} must be a whole number.", param=name, key="param_integer", name=name,
                         value=str(value)[:40]) from None
    if not minimum <= number <= maximum:
        raise QueryError(f"{name} must be between {minimum} and {maximum}.", param=name, key="param_range",
                         name=name, minimum=minimum, maximum=maximum, value=number)
    return number
