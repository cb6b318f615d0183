"""Where a full rebuild's time goes: wall and CPU time of each phase, in the rebuilding
process and in each of its worker processes.

    python bench/rebuild_phases.py bench/out/corpora/100k              # builds into bench/out/index/phases
    python bench/rebuild_phases.py CORPUS --index-dir DIR --json FILE
    python bench/rebuild_phases.py corpus --procs 2      # worker processes even for a small corpus

The phases are the functions of ``index`` that do the work, timed where they run (a worker
writes its figures to a file when its segment is done): reading the corpus, segmentation,
making the Whoosh documents, analysis (Whoosh's ``add_document``), writing the segment
(sorting the postings and Whoosh's files), the arrays' export, the parent's commit, the
check before going live, the checksums of the files and the swap. On a shared machine,
compare CPU times: wall times depend on what else runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import builder, postings, store, writers  # noqa: E402

TIMES: dict[str, list[float]] = {}    # phase -> [wall s, CPU s, calls], in this process
_REPORTS = Path(tempfile.mkdtemp(prefix="sanad-phases-"))


def timed(label: str, fn: Callable) -> Callable:
    """*fn*, adding its wall and CPU time to ``TIMES[label]`` at every call."""
    def run(*args: Any, **kwargs: Any) -> Any:
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            t = TIMES.setdefault(label, [0.0, 0.0, 0])
            t[0] += time.perf_counter() - w0
            t[1] += time.process_time() - c0
            t[2] += 1
    return run


_real_work = writers._work


def _worker() -> Any:
    """A worker's job, timed; its figures are left in a file for the parent."""
    TIMES.clear()                  # forked: start from nothing
    try:
        return _real_work()
    finally:
        (_REPORTS / f"{os.getpid()}.json").write_text(json.dumps({"cpu": time.process_time(), "phases": TIMES}))


PHASES = [(builder, "load_documents", "read the corpus"), (builder, "source_passages", "segment"),
          (builder, "passage_fields", "Whoosh documents"), (writers.Writer, "add_document", "analyse"),
          (writers.Writer, "_finalize_segment", "write the segment"), (postings, "export_segment", "export arrays"),
          (writers.Writer, "commit", "commit"), (writers.Writer, "commit_with", "commit"),   # (with its own segment)
          (builder, "_check", "check before going live"), (store, "describe_files", "checksums"),
          (store, "publish", "swap in")]


def measure(corpus: Path, root: Path, procs: int = 0) -> dict:
    """One full rebuild of *corpus* into *root* (emptied first), its phases timed; with
    *procs*, in that many worker processes whatever the corpus's size."""
    if procs:
        builder.PARALLEL_MIN_CHARS, builder.PROCS = 0, procs
    for owner, name, label in PHASES:
        setattr(owner, name, timed(label, getattr(owner, name)))
    writers._work = _worker
    shutil.rmtree(root, ignore_errors=True)
    w0 = time.perf_counter()
    report = builder.build(corpus, root, full=True)
    wall = time.perf_counter() - w0
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = [json.loads(f.read_text()) for f in sorted(_REPORTS.glob("*.json"))]
    shutil.rmtree(_REPORTS, ignore_errors=True)
    return {"corpus": str(corpus), "passages": report.passages, "wall_s": wall,
            "parent_cpu_s": own.ru_utime + own.ru_stime, "workers_cpu_s": kids.ru_utime + kids.ru_stime,
            "parent_peak_rss": own.ru_maxrss * 1024, "worker_peak_rss": kids.ru_maxrss * 1024,
            "parent": TIMES, "workers": workers}


def table(res: dict) -> str:
    """The phases as a Markdown table: wall and CPU in the parent, CPU summed over the workers."""
    labels = list(dict.fromkeys(label for _, _, label in PHASES))
    lines = [f"{res['passages']:,} passages: {res['wall_s']:.1f} s wall; CPU {res['parent_cpu_s']:.1f} s in the "
             f"parent, {res['workers_cpu_s']:.1f} s in {len(res['workers'])} workers",
             "", "| phase | parent wall s | parent CPU s | workers CPU s (each) |", "|---|---|---|---|"]
    for label in labels:
        mine = res["parent"].get(label)
        theirs = [w["phases"][label][1] for w in res["workers"] if label in w["phases"]]
        if mine is None and not theirs:
            continue
        each = " + ".join(f"{c:.1f}" for c in theirs)
        lines.append(f"| {label} | {mine[0] if mine else 0:.1f} | {mine[1] if mine else 0:.1f} | "
                     f"{sum(theirs):.1f}{f' ({each})' if len(theirs) > 1 else ''} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="a corpus folder (catalog.toml), e.g. from bench/corpus_gen.py")
    ap.add_argument("--index-dir", type=Path, default=ROOT / "bench" / "out" / "index" / "phases",
                    help="index root to build into (emptied first) [default: bench/out/index/phases]")
    ap.add_argument("--procs", type=int, default=0,
                    help="worker processes, even for a small corpus [default: as sanad index decides]")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args(argv)
    if not (a.corpus / "catalog.toml").is_file():
        ap.error(f"{a.corpus}: no catalog.toml there; make a corpus with bench/corpus_gen.py N DIR")
    res = measure(a.corpus, a.index_dir, a.procs)
    if a.json:
        a.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    print(table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
