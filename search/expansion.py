"""Alternatives Sanad adds to a query: glossary equivalents and typo corrections."""

from __future__ import annotations

from collections.abc import Callable

from .syntax import Item, ParsedQuery

Alternatives = dict[int, list[tuple[Item, str, str]]]


class Expander:
    """Adds nothing yet beyond the user's words; see ``alternatives`` and ``suggest``."""

    def alternatives(self, parsed: ParsedQuery, reader) -> tuple[Alternatives, list[dict]]:
        """Extra items per query group, and a description of each for the user."""
        return {}, []

    def suggest(self, parsed: ParsedQuery, reader, count: Callable[[str], int]) -> dict | None:
        """A corrected query known to return hits, or None."""
        return None
