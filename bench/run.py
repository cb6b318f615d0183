"""Performance: rebuild time, index size, memory and query latency of Sanad at growing
corpus sizes, beside SQLite FTS5 and Tantivy over the very same passages.

    python bench/run.py                          # seed, 10k and 100k passages (make bench)
    python bench/run.py --sizes seed,10k         # quicker
    python bench/run.py --reps 3 --write-readme  # and put the table into bench/README.md

Generated corpora and indexes go to bench/out/ (git-ignored). Servers listen on 127.0.0.1
only; every load is bounded in requests and time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus_gen  # noqa: E402
import measure  # noqa: E402
import peers  # noqa: E402
import report  # noqa: E402

from search import Searcher  # noqa: E402

OUT = ROOT / "bench" / "out"
SIZES = {"seed": 0, "10k": 10_000, "100k": 100_000}


@dataclass(frozen=True)
class Plan:
    """How often to measure at one size, so that `make bench` stays under 20 minutes."""

    builds: int        # full rebuilds (whole process)
    passes: int        # passes over the query set, library and HTTP with one client
    passes8: int       # passes with 8 clients (each client sends every query once per pass)
    warm_all: bool     # warm up with the whole query set (else with its first three queries)
    deadline_s: float  # no new HTTP request after this long in one load


def plan(size: str, reps: int) -> Plan:
    if size == "seed":
        return Plan(3, reps, reps, True, 60)
    if size == "10k":
        return Plan(2, min(reps, 3), 1, True, 90)
    return Plan(1, min(reps, 3), min(reps, 3), True, 90)

# The fixed query set: what people type, in every shape the syntax has.
QUERIES = [
    # single words
    "Xocalı", "qətnamə", "Azərbaycan", "резолюция", "конференция", "humanitarian", "resolution", "OIC",
    # several words
    "Xocalı soyqırımı ilə bağlı qətnamə", "44 günlük müharibə", "Исламская конференция Азербайджан",
    "членство Азербайджана в организации", "Islamic Development Bank assistance",
    "Armenian aggression against Azerbaijan",
    # phrases
    '"İslam Əməkdaşlıq Təşkilatı"', '"Исламского сотрудничества"', '"Secretary General"', '"Islamic Development Bank"',
    # prefixes
    "Qarab*", "резолюц*", "human*", "təşkil*",
    # across languages (glossary)
    "Karabakh", "Khojaly genocide", "Карабах", "Nagorno-Karabakh conflict", "Ходжалинский геноцид",
    # Azerbaijani typed without its letters
    "Azerbaycan", "Xocali", "Qarabag", "soyqirimi", "Ermenistan isgali",
    # a typo
    "resoluton",
]


def corpus_for(size: str) -> Path:
    if size == "seed":
        return ROOT / "corpus"
    target = OUT / "corpora" / size
    corpus_gen.generate(target, SIZES[size])
    return target


def passages_of(searcher: Searcher) -> list[tuple[str, str]]:
    """(id, text) of every passage, exactly as Sanad indexed it."""
    return [(p["id"], p["text"]) for d in searcher.documents() for p in searcher.document(d["id"])["passages"]]


def latency(fn, p: Plan) -> dict:
    """A warm-up, then *p.passes* passes over the query set: median of each percentile."""
    measure.time_calls(fn, QUERIES if p.warm_all else QUERIES[:3])
    return measure.median_of([measure.percentiles(measure.time_calls(fn, QUERIES)) for _ in range(p.passes)])


def incremental(corpus: Path, root: Path, p: Plan, log) -> dict:
    """Whole-process ``sanad index`` after a full build: with nothing changed, and after
    adding one 100-passage document (removed again after each run, so every run adds it
    to the same index)."""
    catalog = corpus / "catalog.toml"
    original = catalog.read_bytes()
    unchanged = [measure.rebuild(corpus, root, full=False) for _ in range(max(p.builds, 3))]
    added = []
    try:
        for _ in range(max(p.builds, 3)):
            text = corpus_gen.add_document(corpus, "bench-added-document")
            added.append(measure.rebuild(corpus, root, full=False))
            catalog.write_bytes(original)
            text.unlink()
            measure.rebuild(corpus, root, full=False)          # back to the corpus as generated
    finally:
        catalog.write_bytes(original)
    out = {"unchanged_s": statistics.median(r.seconds for r in unchanged),
           "unchanged_cpu_s": statistics.median(r.cpu_seconds for r in unchanged),
           "add_doc_s": statistics.median(r.seconds for r in added),
           "add_doc_cpu_s": statistics.median(r.cpu_seconds for r in added), "incremental_runs": len(added)}
    log(f"{root.name}: nothing changed {out['unchanged_s']:.1f} s ({out['unchanged_cpu_s']:.1f} s CPU), "
        f"one document added {out['add_doc_s']:.1f} s ({out['add_doc_cpu_s']:.1f} s CPU)")
    return out


def run_size(size: str, p: Plan, log) -> dict:
    corpus = corpus_for(size)
    root = OUT / "index" / size
    shutil.rmtree(root, ignore_errors=True)
    builds = []
    for i in range(p.builds):
        builds.append(measure.rebuild(corpus, root))
        log(f"{size}: rebuild {i + 1}/{p.builds}: {builds[-1].seconds:.1f} s")
    res: dict = {"size": size, "passages": builds[0].passages, "plan": asdict(p),
                 "build_s": statistics.median(b.seconds for b in builds),
                 "build_inner_s": statistics.median(b.inner_seconds for b in builds),
                 "build_rss": max(b.peak_rss for b in builds),
                 "index_bytes": peers.dir_size(root / "current")}
    res["passages_per_s"] = res["passages"] / res["build_s"]
    res.update(incremental(corpus, root, p, log))

    searcher = Searcher(root)
    res["lib"] = latency(lambda q: searcher.search(q, limit=10), p)
    log(f"{size}: library p50 {res['lib']['p50']:.1f} ms")

    with measure.Server(root) as server:
        res["server_ready_s"] = server.ready_seconds
        measure.http_load(server.port, QUERIES if p.warm_all else QUERIES[:3], 1)   # warm-up
        res["http1"] = measure.median_of([measure.http_load(server.port, QUERIES, 1, p.deadline_s)
                                          for _ in range(p.passes)])
        res["http8"] = measure.median_of([measure.http_load(server.port, QUERIES, 8, p.deadline_s)
                                          for _ in range(p.passes8)])
        res["server_rss"] = server.peak_rss()
    log(f"{size}: HTTP p50 {res['http1']['p50']:.1f} ms, {res['http8']['rps']:.0f} req/s with 8 clients")

    texts = passages_of(searcher)
    searcher.close()
    res["peers"] = {}
    for cls in peers.PEERS:
        work = OUT / "peers" / size
        work.mkdir(parents=True, exist_ok=True)
        peer = cls(work)
        build_s = statistics.median(peer.build(texts) for _ in range(p.builds))
        res["peers"][peer.name] = {"build_s": build_s, "index_bytes": peer.size(),
                                   "lib": latency(peer.search, Plan(1, max(p.passes, 3), 0, True, 0))}
        peer.close()
        log(f"{size}: {peer.name} build {build_s:.1f} s, p50 {res['peers'][peer.name]['lib']['p50']:.2f} ms")
    return res


def machine() -> dict:
    mem = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), 0)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1), "cpu": cpu,
            "python": platform.python_version(), "whoosh": _version("Whoosh"),
            "sqlite": sqlite3.sqlite_version, "tantivy": _version("tantivy"), "os": platform.platform()}


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="seed,10k,100k", help="comma-separated: seed, 10k, 100k")
    ap.add_argument("--reps", type=int, default=5,
                    help="passes over the query set at seed size (10k: at most 3, 100k: 1) [default: 5]")
    ap.add_argument("--write-readme", action="store_true", help="replace the Performance section of bench/README.md")
    ap.add_argument("--from-json", type=Path, help="only print (and write) the table of a saved perf.json")
    a = ap.parse_args(argv)
    if a.from_json:
        text = report.markdown(json.loads(a.from_json.read_text(encoding="utf-8")))
        print(text)
        if a.write_readme:
            report.write_readme(ROOT / "bench" / "README.md", text)
        return 0
    sizes = [s.strip() for s in a.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        ap.error(f"unknown size {', '.join(unknown)}: use {', '.join(SIZES)}")
    started = time.perf_counter()

    def log(m: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {m}", file=sys.stderr, flush=True)

    results = {"machine": machine(), "queries": QUERIES, "reps": a.reps,
               "date": time.strftime("%Y-%m-%d"), "sizes": {}}
    for size in sizes:
        results["sizes"][size] = run_size(size, plan(size, a.reps), log)
    results["total_s"] = time.perf_counter() - started
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "perf.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    text = report.markdown(results)
    print(text)
    if a.write_readme:
        report.write_readme(ROOT / "bench" / "README.md", text)
    log(f"done; results in {OUT / 'perf.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
