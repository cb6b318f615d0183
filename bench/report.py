"""The Performance table for bench/README.md, made from bench/run.py's results."""

from __future__ import annotations

import math
import re
from pathlib import Path

BEGIN, END = "<!-- performance:begin (written by bench/run.py --write-readme) -->", "<!-- performance:end -->"
MIB = 2**20


def _num(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 1000 else f"{x:,.0f}"


def _ms(d: dict) -> str:
    return " / ".join(_num(d[k]) for k in ("p50", "p95", "p99"))


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "–"


def _built(s: dict, key: str, fmt: str) -> str:
    return "reused index" if s.get("reused") else fmt.format(s[key])


def _memory(x: dict) -> int:
    """The server's memory for the targets: PSS where measured, else (older results) summed peak RSS."""
    return x.get("server_pss", x["server_rss"])


def table(results: dict) -> list[str]:
    sizes = list(results["sizes"].values())
    head = "| | " + " | ".join(f"{s['size']} ({s['passages']:,} passages)" for s in sizes) + " |"
    rows = [head, "|---" * (len(sizes) + 1) + "|"]

    def row(label: str, fn) -> None:
        rows.append(f"| {label} | " + " | ".join(fn(s) for s in sizes) + " |")

    row("rebuild, whole `sanad index --full` process (s)", lambda s: _built(s, "build_s", "{:.1f}"))
    row("rebuild, passages per second", lambda s: _built(s, "passages_per_s", "{:,.0f}"))
    row("`sanad index` after adding one 100-passage document: wall / CPU (s)",
        lambda s: f"{s['add_doc_s']:.1f} / {s['add_doc_cpu_s']:.1f}" if "add_doc_s" in s else "–")
    row("`sanad index` with nothing changed: wall / CPU (s)",
        lambda s: f"{s['unchanged_s']:.1f} / {s['unchanged_cpu_s']:.1f}" if "unchanged_s" in s else "–")
    row("rebuild peak RSS (MiB)", lambda s: f"{s['build_rss'] / MIB:,.0f}" if "build_rss" in s else "–")
    row("index size on disk (MiB)", lambda s: f"{s['index_bytes'] / MIB:,.1f}")
    row("library search p50 / p95 / p99 (ms)", lambda s: _ms(s["lib"]))
    row("HTTP, 1 client: p50 / p95 / p99 (ms)", lambda s: _ms(s["http1"]))
    row("HTTP, 8 clients: p50 / p95 / p99 (ms)", lambda s: _ms(s["http8"]))
    row("HTTP, 8 clients: requests per second", lambda s: _num(s["http8"]["rps"]))
    row("HTTP, 8 clients: CPU per request, server / client (ms)", lambda s: (
        f"{s['http8']['server_cpu_ms']:.1f} / {s['http8']['client_cpu_ms']:.2f}" if "server_cpu_ms" in s["http8"]
        else "–"))
    row("server start until it answers (s)", lambda s: f"{s['server_ready_s']:.2f}")
    row("server memory, PSS summed over its processes (MiB)",
        lambda s: f"{s['server_pss'] / MIB:,.0f}" if "server_pss" in s else "–")
    row("server peak RSS, summed over its processes (MiB)", lambda s: f"{s['server_rss'] / MIB:,.0f}")
    for name in next((s["peers"] for s in sizes if s["peers"]), {}):
        row(f"{name}: build (s, in-process)", _peer(name, lambda s, n: f"{s['peers'][n]['build_s']:.2f}"))
        row(f"{name}: index size (MiB)", _peer(name, lambda s, n: f"{s['peers'][n]['index_bytes'] / MIB:,.1f}"))
        row(f"{name}: search p50 / p95 / p99 (ms)", _peer(name, lambda s, n: _ms(s["peers"][n]["lib"])))
        row(f"Sanad ÷ {name}: build / size", _peer(name, lambda s, n: (
            f"{_ratio(s['build_s'], s['peers'][n]['build_s'])} / "
            f"{_ratio(s['index_bytes'], s['peers'][n]['index_bytes'])}")))
        row(f"Sanad ÷ {name}: search p50 / p95 / p99", _peer(name, lambda s, n: " / ".join(
            _ratio(s["lib"][k], s["peers"][n]["lib"][k]) for k in ("p50", "p95", "p99"))))
    return rows


def _peer(name: str, fn):
    """A cell of peer *name*'s row: "–" at sizes measured without peers (1M, a reused index)."""
    return lambda s: fn(s, name) if name in s["peers"] else "–"


def slopes(results: dict) -> list[str]:
    """How cost grows from 10k to 100k passages: the exponent b in cost ~ passages ** b."""
    s = results["sizes"]
    if "10k" not in s or "100k" not in s:
        return []
    a, b = s["10k"], s["100k"]
    n = math.log(b["passages"] / a["passages"])

    def k(x: float, y: float) -> str:
        return f"{math.log(y / x) / n:.2f}" if x > 0 and y > 0 else "–"

    return [f"| rebuild time | {k(a['build_s'], b['build_s'])} |",
            f"| index size | {k(a['index_bytes'], b['index_bytes'])} |",
            f"| server peak RSS | {k(a['server_rss'], b['server_rss'])} |",
            f"| library search p50 / p99 | {k(a['lib']['p50'], b['lib']['p50'])} / "
            f"{k(a['lib']['p99'], b['lib']['p99'])} |",
            f"| HTTP 1 client p50 | {k(a['http1']['p50'], b['http1']['p50'])} |"] + [
            f"| {name} search p50 | {k(a['peers'][name]['lib']['p50'], b['peers'][name]['lib']['p50'])} |"
            for name in a["peers"]]


def targets(results: dict) -> list[tuple[str, bool]]:
    """The issue's targets that these results can check, each met or not."""
    s, out = results["sizes"], []
    if "seed" in s:
        x = s["seed"]
        if not x.get("reused"):
            out += [(f"seed rebuild, whole process ≤ 3 s: {x['build_s']:.2f} s", x["build_s"] <= 3)]
        out += [(f"seed HTTP p50, one client ≤ 5 ms: {x['http1']['p50']:.1f} ms", x["http1"]["p50"] <= 5),
                (f"seed HTTP, 8 clients ≥ 300 req/s: {x['http8']['rps']:.0f}", x["http8"]["rps"] >= 300),
                (f"seed HTTP p99, 8 clients ≤ 60 ms: {x['http8']['p99']:.1f} ms", x["http8"]["p99"] <= 60)]
    if "100k" in s:
        x = s["100k"]
        fts = x["peers"].get("FTS5", {}).get("lib", {}).get("p50")
        if not x.get("reused"):
            out += [(f"100k rebuild ≤ 5 min: {x['build_s']:.0f} s", x["build_s"] <= 300)]
        if "add_doc_s" in x:        # results saved before the incremental figures lack them
            out += [(f"100k one document added, live in ≤ 10 s: {x['add_doc_s']:.1f} s", x["add_doc_s"] <= 10),
                    (f"100k nothing changed ≤ 2 s: {x['unchanged_s']:.1f} s", x["unchanged_s"] <= 2)]
        out += [(f"100k library p50 ≤ 30 ms: {x['lib']['p50']:.1f} ms", x["lib"]["p50"] <= 30),
                (f"100k library p99 ≤ 150 ms: {x['lib']['p99']:.1f} ms", x["lib"]["p99"] <= 150),
                (f"100k server memory ≤ 1 GiB: {_memory(x) / MIB:.0f} MiB", _memory(x) <= 2**30)]
        if fts:
            out.append((f"100k library p50 ≤ 10× FTS5: {x['lib']['p50'] / fts:.1f}×", x["lib"]["p50"] <= 10 * fts))
        tantivy = x["peers"].get("Tantivy", {}).get("lib", {}).get("p50")
        if tantivy:
            out.append((f"100k library p50 ≤ 10× Tantivy in the same run: {x['lib']['p50'] / tantivy:.1f}×",
                        x["lib"]["p50"] <= 10 * tantivy))
        out += [(f"100k HTTP, 8 clients ≥ 300 req/s: {x['http8']['rps']:.0f}", x["http8"]["rps"] >= 300),
                (f"100k HTTP p99, 8 clients ≤ 100 ms: {x['http8']['p99']:.0f} ms", x["http8"]["p99"] <= 100)]
    if "1m" in s:
        x = s["1m"]
        if not x.get("reused"):
            out.append((f"1M rebuild ≤ 40 min: {x['build_s'] / 60:.1f} min", x["build_s"] <= 40 * 60))
        out += [(f"1M library p50 ≤ 30 ms: {x['lib']['p50']:.1f} ms", x["lib"]["p50"] <= 30),
                (f"1M library p99 ≤ 200 ms: {x['lib']['p99']:.0f} ms", x["lib"]["p99"] <= 200),
                (f"1M server memory ≤ 3 GiB: {_memory(x) / MIB:,.0f} MiB", _memory(x) <= 3 * 2**30)]
    if "10k" in s and "100k" in s:
        a, b = s["10k"]["lib"]["p50"], s["100k"]["lib"]["p50"]
        ratio = s["100k"]["passages"] / s["10k"]["passages"]
        k = math.log(b / a) / math.log(ratio)
        out.append((f"library p50 grows sub-linearly 10k → 100k (b ≤ 0.9): ×{b / a:.1f} for ×{ratio:.0f} "
                    f"passages, b = {k:.2f}", k <= 0.9))
    return out


def markdown(results: dict) -> str:
    m = results["machine"]
    sizes = results["sizes"].values()
    passes = ", ".join(f"{x['size']}: {x['plan']['passes']} (8 clients: {x['plan']['passes8']})" for x in sizes)
    builds = ", ".join(f"{x['plan']['builds']} at {x['size']}" for x in sizes if x["plan"]["builds"])
    lines = [f"Measured {results['date']} on {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, "
             f"Python {m['python']}, Whoosh {m['whoosh']}, SQLite {m['sqlite']}, tantivy {m['tantivy']}. "
             f"Latency percentiles are over the {len(results['queries'])} queries of one pass, then the median "
             f"over passes ({passes}); "
             + (f"rebuild figures are medians of {builds} full rebuilds (incremental ones: of at least 3); "
                if builds else "")
             + f"whole run {results['total_s'] / 60:.0f} min. CPU per request is the user + system time of the "
             f"server's processes (`/proc/<pid>/stat`) and of the load generator's over the 8-client loads, per "
             f"request. Server memory is PSS (`Pss` of `/proc/<pid>/smaps_rollup`) summed over the server and its "
             f"workers, the largest of three readings (after the warm-up and after each load): a page they share, "
             f"such as the memory-mapped index, counts once in all; the summed peak RSS counts it once per process."
             + (" A reused index was only searched: it was built before this run." if any(
                 x.get("reused") for x in sizes) else ""), ""]
    lines += table(results)
    growth = slopes(results)
    if growth:
        lines += ["", "Growth from 10k to 100k passages, as the exponent *b* in cost ∝ passages^*b* "
                      "(1 is linear, below 1 sub-linear):", "", "| cost | b |", "|---|---|"] + growth
    lines += ["", "Targets:", ""] + [f"- {'met' if ok else '**missed**'}: {t}" for t, ok in targets(results)]
    return "\n".join(lines)


def write_readme(path: Path, text: str) -> None:
    """Replace the generated block in *path*, leaving every other section as it is."""
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in old and END in old:
        new = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, old, flags=re.S)
    else:
        new = old.rstrip("\n") + "\n\n## Performance\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
