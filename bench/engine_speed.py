"""Library search speed per query, in CPU time, and the search bodies to check a change by.

The machine is shared, so CPU time (``time.process_time``) is the figure to compare; wall
time is printed beside it. Each query of ``run.QUERIES`` is searched *passes* times after a
warm-up pass; the table shows each query's median, and p50 / p95 / p99 are taken over the
queries of each pass, then the median over passes (as ``run.py`` does).

``--dump FILE`` writes every search body (``took_ms`` left out) of the query set and of
variants (filters, later pages, date order, no expansion) to FILE; ``--compare FILE`` checks
them against an earlier dump and names the first difference.

    .venv/bin/python bench/engine_speed.py --index <index root> --passes 5 --dump before.json
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
from run import QUERIES

from search import Searcher

# Beside the plain query set: what else a user's search can ask of the ranking and facets.
VARIANTS: list[dict[str, Any]] = [
    {"lang": "ru"}, {"lang": "az", "limit": 20}, {"offset": 40, "limit": 30}, {"sort": "date", "limit": 15},
    {"expand": False}, {"limit": 100},
]


def bodies(searcher: Searcher, docs: list[str]) -> list[dict[str, Any]]:
    """Every body of the query set and its variants, without the timing."""
    out = []
    asks = [{}, *VARIANTS, {"doc": docs[0]}, {"doc": docs[len(docs) // 2], "lang": "en"}]
    for q in QUERIES:
        for ask in asks:
            body = searcher.search(q, **ask)
            body.pop("took_ms")
            out.append({"ask": {"q": q, **ask}, "body": body})
    return out


def first_difference(a: Any, b: Any, where: str = "") -> str | None:
    """Where *a* and *b* differ first (a path into them), or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{where}.{k} (only on one side)"
            got = first_difference(a[k], b[k], f"{where}.{k}")
            if got:
                return got
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where} (length {len(a)} vs {len(b)})"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            got = first_difference(x, y, f"{where}[{i}]")
            if got:
                return got
        return None
    return None if a == b else f"{where}: {a!r} vs {b!r}"


def timed(searcher: Searcher, passes: int) -> tuple[dict[str, list[float]], dict[str, list[float]], list[dict]]:
    """Per query, the CPU and wall milliseconds of each pass; and each pass's CPU percentiles."""
    for q in QUERIES:
        searcher.search(q)
    cpu: dict[str, list[float]] = {q: [] for q in QUERIES}
    wall: dict[str, list[float]] = {q: [] for q in QUERIES}
    per_pass = []
    for _ in range(passes):
        this = []
        for q in QUERIES:
            c0, w0 = time.process_time(), time.perf_counter()
            searcher.search(q)
            c, w = (time.process_time() - c0) * 1000, (time.perf_counter() - w0) * 1000
            cpu[q].append(c)
            wall[q].append(w)
            this.append((c, w))
        per_pass.append({"cpu": measure.percentiles([c for c, _ in this]),
                         "wall": measure.percentiles([w for _, w in this])})
    return cpu, wall, per_pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True, help="index root (read only)")
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--dump", type=Path, help="write the search bodies here")
    ap.add_argument("--compare", type=Path, help="check the search bodies against this dump")
    args = ap.parse_args()
    searcher = Searcher(args.index)
    if args.dump or args.compare:
        got = bodies(searcher, [d["id"] for d in searcher.documents()])
        if args.dump:
            args.dump.write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
        if args.compare:
            diff = first_difference(json.loads(args.compare.read_text(encoding="utf-8")), got)
            print(f"bodies: {'identical' if diff is None else 'DIFFER at ' + diff} ({len(got)} searches)")
    if args.passes:
        cpu, wall, per_pass = timed(searcher, args.passes)
        print(f"{'query':45} {'cpu ms':>8} {'wall ms':>8}")
        for q in QUERIES:
            print(f"{q[:45]:45} {statistics.median(cpu[q]):8.2f} {statistics.median(wall[q]):8.2f}")
        for kind in ("cpu", "wall"):
            m = measure.median_of([p[kind] for p in per_pass])
            print(f"{kind}: p50 {m['p50']:.2f}  p95 {m['p95']:.2f}  p99 {m['p99']:.2f} ms "
                  f"(median over {args.passes} passes)")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10} MiB")


if __name__ == "__main__":
    main()
