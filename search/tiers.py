"""Result order a user can see: coverage first, then the user's own words above equivalents.

Passages matching every query concept come first, then those lacking some, by how much of the
query they cover, each concept weighted by its BM25 idf (``partial_order_key``: lacking a concept
most passages have costs little). Within equal coverage, BM25 decides, scaled by EQUIVALENT_FACTOR to the power
of the share of the matched concepts that a passage matched only through an equivalent
(glossary, lexicon, typo correction), not through the user's own word: a passage that matched
everything through equivalents outranks one with the user's own words only when its BM25 is
more than 1 / EQUIVALENT_FACTOR times as high; one equivalent among four concepts costs little. The exact
form above its stem above its folded spelling is the field weights' work (``compiler``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Measured on the dev set's kinds (README, Measuring): 0.5 kept cross and alias at their best.
EQUIVALENT_FACTOR = 0.5


@dataclass(frozen=True)
class Tiers:
    """Per candidate passage: how many concepts it matches, and the score it is ranked by."""

    matched: np.ndarray      # int: query concepts matched
    key: np.ndarray          # float: BM25 scaled for concepts matched only through equivalents


def tiers(score: np.ndarray, group_hits: list[np.ndarray], own_hits: list[np.ndarray | None]) -> Tiers:
    """Coverage and ranking key of some candidate passages from their *score* and, for each
    concept, which of them it matches (all routes, and the user's own words only; None when
    the concept has no words of the user's)."""
    matched, by_equivalent = np.zeros(len(score), np.int64), np.zeros(len(score), np.int64)
    for hit, own in zip(group_hits, own_hits, strict=True):
        matched += hit
        by_equivalent += hit if own is None else hit & ~own
    share = by_equivalent / np.maximum(matched, 1)
    # The factor is exactly 1 where the user's own words matched every concept (most passages).
    factor = np.ones(len(score))
    scaled = np.flatnonzero(share)
    factor[scaled] = EQUIVALENT_FACTOR ** share[scaled]
    return Tiers(matched, score * factor)


# --- partial matches (issue 12): which concepts a passage lacks, weighted by how rare they are

PART_CREDIT = 0.5   # a name or term of several words of which the passage has only some
NUMBER_CREDIT = 0.25  # a number or year the user typed, in a passage lacking the query's name


def partial_order_key(t: Tiers, group_hits: list[np.ndarray], group_sizes: list[int], n: int,
                      part_hits: list[np.ndarray | None], kinds: list[str]) -> np.ndarray:
    """One number per candidate passage lacking some concept, ordering them by coverage, then
    key (both descending): coverage is the sum of the matched concepts' BM25 idf (a concept
    most of the *n* passages have adds little; one word of a name adds PART_CREDIT of the
    name's), then the key within equal coverage. A year beside a name of several words dates
    the thing named: in a passage lacking the name it adds NUMBER_CREDIT of its idf, so the
    year and a word of the name do not outweigh the name (`саммит в Путраджае 2003`).

    *group_hits* and *part_hits* say which candidates each concept (and some single word of
    its name) matches; *group_sizes* how many passages of the index each concept matches;
    *kinds* each concept's kind (``compiler.Compiled.kinds``)."""
    weights = [np.log1p((n - k + 0.5) / (k + 0.5)) for k in map(float, group_sizes)]
    lacks_name = np.zeros(len(t.key), dtype=bool)
    for hit, kind in zip(group_hits, kinds, strict=True):
        if kind == "name":
            lacks_name |= ~hit
    cover = np.zeros(len(t.key))
    for w, hit, part, kind in zip(weights, group_hits, part_hits, kinds, strict=True):
        credit = np.where(lacks_name, NUMBER_CREDIT, 1.0) if kind == "number" else 1.0
        cover += w * np.where(hit, credit, 0.0 if part is None else PART_CREDIT * part)
    # BM25 orders only within a step of coverage: the least a concept, or part of one, can add.
    steps = []
    for w, part, kind in zip(weights, part_hits, kinds, strict=True):
        steps.append(w)
        if part is not None:
            steps += [w * PART_CREDIT, w * (1 - PART_CREDIT)]
        if kind == "number" and "name" in kinds:
            steps += [w * NUMBER_CREDIT, w * (1 - NUMBER_CREDIT)]
    least = min(steps, default=1.0)
    top = float(t.key.max()) if len(t.key) else 0.0
    return cover + (t.key / (top * 1.001) if top > 0 else 0.0) * least


__all__ = ["EQUIVALENT_FACTOR", "NUMBER_CREDIT", "PART_CREDIT", "Tiers", "partial_order_key", "tiers"]
