"""Sanad's search library: parse a query, run it over the live index, return cited passages.

``Searcher`` is the entry point (CLI and web use it alike); ``parse`` shows how a query is
read; ``QueryError`` and ``NotFound`` carry messages meant for the user.
"""

from .request import SearchRequest
from .searcher import NotFound, Searcher
from .syntax import QueryError, parse

__all__ = ["NotFound", "QueryError", "SearchRequest", "Searcher", "parse"]
