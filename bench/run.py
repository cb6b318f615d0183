"""Performance: rebuild time, index size, memory and query latency of Sanad at growing
corpus sizes, beside SQLite FTS5 and Tantivy over the very same passages.

    python bench/run.py                          # seed, 10k and 100k passages (make bench)
    python bench/run.py --sizes seed,10k         # quicker
    python bench/run.py --reps 3 --write-readme  # and put the table into bench/README.md
    python bench/run.py --sizes 1m               # 1M passages: one full rebuild (28-60 min here, by load)
    python bench/run.py --sizes 1m --reuse-index bench/out/index/1m   # search an index built before

With --reuse-index the given index is only read (no rebuild, no incremental builds, no peers):
the server is pointed at it through a private index root, so nothing is written beside it.

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus_gen  # noqa: E402
import measure  # noqa: E402
import peers  # noqa: E402
import report  # noqa: E402

from index import store  # noqa: E402
from search import Searcher  # noqa: E402

OUT = ROOT / "bench" / "out"
SIZES = {"seed": 0, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}


@dataclass(frozen=True)
class Plan:
    """How often to measure at one size, so that `make bench` stays under 20 minutes."""

    builds: int        # full rebuilds (whole process); 0: measure an index built before
    passes: int        # passes over the query set, library and HTTP with one client
    passes8: int       # passes with 8 clients (each client sends every query once per pass)
    warm_all: bool     # warm up with the whole query set (else with its first three queries)
    deadline_s: float  # no new HTTP request after this long in one load
    incremental: bool = True   # time `sanad index` with nothing changed and with one document added
    peers: bool = True         # build and search FTS5 and Tantivy over the same passages


def plan(size: str, reps: int, reuse: bool = False) -> Plan:
    if reuse:
        return Plan(0, min(reps, 3), min(reps, 3), True, 120, incremental=False, peers=False)
    if size == "seed":
        return Plan(3, reps, reps, True, 60)
    if size == "10k":
        return Plan(2, min(reps, 3), 1, True, 90)
    if size == "1m":
        # One rebuild is most of an hour here; the 1M targets are rebuild, latency and memory.
        return Plan(1, 2, 2, True, 120, incremental=False, peers=False)
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


def reused_root(size: str, given: Path) -> Path:
    """A private index root whose ``current`` links to the live build of *given* (an index
    root, or a build directory): the server then finds nothing of its own to tidy there."""
    build = given / "current" if (given / "current").exists() else given
    if not (build / "manifest.json").is_file():
        raise SystemExit(f"--reuse-index {given}: no built index there (no manifest.json in it or in its "
                         "'current'); build one with: sanad index --full --index-dir DIR")
    why = store.outdated(store.read_manifest(build))
    if why:
        raise SystemExit(f"--reuse-index {given}: {why}; rebuild it with this version "
                         "(sanad index --full --index-dir DIR), or measure it with the version that built it")
    root = OUT / "index" / f"{size}-reused"
    root.mkdir(parents=True, exist_ok=True)
    link = root / "current"
    link.unlink(missing_ok=True)
    link.symlink_to(build.resolve(), target_is_directory=True)
    return root


def built(size: str, p: Plan, log) -> tuple[Path, dict[str, Any]]:
    """Full rebuilds of the generated corpus (and the incremental ones): the index root and
    their figures."""
    corpus = corpus_for(size)
    root = OUT / "index" / size
    shutil.rmtree(root, ignore_errors=True)
    builds = []
    for i in range(p.builds):
        builds.append(measure.rebuild(corpus, root))
        log(f"{size}: rebuild {i + 1}/{p.builds}: {builds[-1].seconds:.1f} s")
    res = {"build_s": statistics.median(b.seconds for b in builds),
           "build_cpu_s": statistics.median(b.cpu_seconds for b in builds),
           "build_inner_s": statistics.median(b.inner_seconds for b in builds),
           "build_rss": max(b.peak_rss for b in builds)}
    res["passages_per_s"] = builds[0].passages / res["build_s"]
    if p.incremental:
        res.update(incremental(corpus, root, p, log))
    return root, res


def run_size(size: str, p: Plan, log, reuse: Path | None = None) -> dict:
    reused: dict[str, Any] = {"reused": True}
    root, res = (reused_root(size, reuse), reused) if reuse else built(size, p, log)
    res.update(size=size, plan=asdict(p), index_bytes=peers.dir_size(root / "current"))

    searcher = Searcher(root)
    res["passages"] = searcher.stats()["passages"]
    res["lib"] = latency(lambda q: searcher.search(q, limit=10), p)
    log(f"{size}: library p50 {res['lib']['p50']:.1f} ms")

    with measure.Server(root) as server:
        res["server_ready_s"] = server.ready_seconds
        measure.http_load(server.port, QUERIES if p.warm_all else QUERIES[:3], 1)   # warm-up
        pss = [server.pss()]
        res["http1"] = measure.median_of([measure.http_load(server.port, QUERIES, 1, p.deadline_s, server.cpu_seconds)
                                          for _ in range(p.passes)])
        pss.append(server.pss())
        res["http8"] = measure.median_of([measure.http_load(server.port, QUERIES, 8, p.deadline_s, server.cpu_seconds)
                                          for _ in range(p.passes8)])
        pss.append(server.pss())
        res["server_rss"] = server.peak_rss()
        res["server_pss"] = max(pss)
    log(f"{size}: HTTP p50 {res['http1']['p50']:.1f} ms, {res['http8']['rps']:.0f} req/s with 8 clients, "
        f"server PSS {res['server_pss'] / 2**20:.0f} MiB")

    res["peers"] = {}
    texts = passages_of(searcher) if p.peers else []
    searcher.close()
    for cls in peers.PEERS if p.peers else ():
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
    ap.add_argument("--sizes", default="seed,10k,100k", help="comma-separated: seed, 10k, 100k, 1m")
    ap.add_argument("--reuse-index", type=Path, metavar="DIR",
                    help="measure the index already built in DIR (an index root or a build; only read) "
                         "instead of rebuilding: one size only")
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
    if a.reuse_index and len(sizes) != 1:
        ap.error("--reuse-index measures one index: give one size with --sizes (e.g. --sizes 1m)")
    started = time.perf_counter()

    def log(m: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {m}", file=sys.stderr, flush=True)

    results = {"machine": machine(), "queries": QUERIES, "reps": a.reps,
               "date": time.strftime("%Y-%m-%d"), "sizes": {}}
    for size in sizes:
        results["sizes"][size] = run_size(size, plan(size, a.reps, bool(a.reuse_index)), log, a.reuse_index)
    results["total_s"] = time.perf_counter() - started
    OUT.mkdir(parents=True, exist_ok=True)
    # A run of other sizes (--sizes 1m) keeps the full run's perf.json.
    saved = OUT / ("perf.json" if sizes == ["seed", "10k", "100k"] else f"perf-{'-'.join(sizes)}.json")
    saved.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    text = report.markdown(results)
    print(text)
    if a.write_readme:
        report.write_readme(ROOT / "bench" / "README.md", text)
    log(f"done; results in {saved}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
