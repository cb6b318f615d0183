"""Load: ``sanad serve`` (waitress) on 127.0.0.1 under concurrent clients, then the same with a
full rebuild triggered midway through ``POST /api/admin/reindex``. Every answer is checked:
HTTP 200, and hits for a query that has hits. Bounded in time and clients; loopback only.

    .venv/bin/python bench/load.py                         # 16 clients, 30 s per phase
    .venv/bin/python bench/load.py --clients 8 --seconds 5 # quicker
    .venv/bin/python bench/load.py --workers 2 --threads 2 # the server's processes and threads
    .venv/bin/python bench/load.py --write-readme          # and put the table into bench/README.md

Prints one row per phase: requests, errors, empty answers, throughput, p50/p99 latency.
Exits with status 1 when any answer was wrong.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
README = Path(__file__).resolve().parent / "README.md"
MAX_SECONDS = 600          # a phase never runs longer than this, whatever is asked
MAX_CLIENTS = 64

# The mix: (kind, query). Azerbaijani as written and as typed on an ASCII keyboard, Russian,
# English, phrases, prefixes, operators and names searched across languages.
QUERIES = [
    ("az", "Xocalı"), ("az", "qətnamə"), ("az", "Azərbaycan"), ("az", "İƏT"), ("az", "soyqırımı"),
    ("az", "müharibə"), ("ascii", "Xocali"), ("ascii", "qetname"), ("ascii", "Azerbaycan"),
    ("ascii", "soyqirimi"), ("ru", "резолюция"), ("ru", "саммит"), ("ru", "Азербайджан"),
    ("ru", "Организация Исламского Сотрудничества"), ("en", "resolution"), ("en", "membership"),
    ("en", "Casablanca summit"), ("phrase", '"Islamic Cooperation"'), ("phrase", '"Casablanca summit"'),
    ("prefix", "Azərb*"), ("prefix", "резолюц*"), ("prefix", "summ*"), ("prefix", "qətnamə*"),
    ("cross", "Khojaly"), ("cross", "Ходжалы"), ("cross", "Jeddah"), ("operator", "OIC OR İƏT"),
    ("operator", "summit -Dakar"),
]


@dataclass
class Phase:
    """What one phase of load measured."""

    name: str
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    rebuild: dict | None = None
    server: str = ""            # how the server ran, as it said: "waitress, 2 workers × 2 threads"

    def row(self) -> dict:
        lat = sorted(self.latencies)
        return {"phase": self.name, "clients": self.clients, "seconds": round(self.seconds, 1),
                "requests": len(lat), "errors": len(self.errors), "empty": len(self.empty),
                "rps": round(len(lat) / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": round(_rank(lat, 0.50) * 1000, 1), "p99_ms": round(_rank(lat, 0.99) * 1000, 1),
                "max_ms": round((lat[-1] if lat else 0.0) * 1000, 1),
                "rebuild_s": self.rebuild.get("seconds") if self.rebuild else None}


def _rank(sorted_values: list[float], q: float) -> float:
    """The nearest-rank quantile *q* of already sorted values."""
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1, reopened after a failure."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port, self.token = port, token
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str) -> tuple[int, bytes]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, headers=headers)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (ConnectionError, http.client.HTTPException) as e:
                # waitress closes idle keep-alive connections; a fresh one may retry once
                self.close()
                if attempt == 2:
                    raise OSError(f"{method} {path}: {e}") from e
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@contextmanager
def sanad_server(corpus: Path = SEED_CORPUS, threads: int | None = None,
                 workers: int | None = None) -> Iterator[tuple[int, str, str]]:
    """``sanad serve`` in a subprocess on 127.0.0.1 over a fresh index of *corpus*, with
    *workers* processes of *threads* threads (None: the server's defaults).

    Yields (port, admin token, how it serves as it printed: "waitress, 2 workers × 2 threads");
    the server is stopped (SIGTERM, then SIGKILL) on the way out.
    """
    tmp = Path(tempfile.mkdtemp(prefix="sanad-load-"))
    token = secrets.token_urlsafe(24)
    env = {**os.environ, "SANAD_INDEX_DIR": str(tmp / "index"), "SANAD_CORPUS_DIR": str(corpus),
           "SANAD_ADMIN_TOKEN": token}
    env.pop("SANAD_DEBUG", None)
    port = free_port()
    proc = None
    try:
        subprocess.run([sys.executable, "-m", "web.cli", "index"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
        cmd = [sys.executable, "-m", "web.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        cmd += (["--threads", str(threads)] if threads else []) + (["--workers", str(workers)] if workers else [])
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        shape = re.search(r"\((waitress[^;]*);", proc.stdout.readline())
        _wait_healthy(port, proc)
        yield port, token, shape.group(1) if shape else ""
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
            if proc.stdout is not None:
                proc.stdout.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _wait_healthy(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    client = Client(port)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"sanad serve exited with status {proc.returncode}")
        try:
            status, _ = client.request("GET", "/api/health")
            if status == 200:
                client.close()
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"sanad serve did not answer on port {port} within {seconds:.0f} s")


def expected_hits(port: int) -> dict[str, int]:
    """Each query's total before the load: the hits every later answer must still have."""
    client = Client(port)
    totals = {q: json.loads(client.request("GET", "/api/search?q=" + quote(q))[1])["total"] for _, q in QUERIES}
    client.close()
    return totals


def _requests(seed: int) -> Iterator[tuple[str, str, str]]:
    """(query, path, kind of answer) forever: mostly the API, some result pages, some reader pages."""
    rng = random.Random(seed)
    while True:
        _, q = rng.choice(QUERIES)
        roll = rng.random()
        if roll < 0.8:
            yield q, f"/api/search?q={quote(q)}&limit=10", "api"
        elif roll < 0.95:
            yield q, f"/?q={quote(q)}", "page"
        else:
            yield q, f"/doc/mammadzade-2022?q={quote(q)}", "reader"


def _check(status: int, body: bytes, kind: str, q: str, expected: dict[str, int]) -> tuple[str | None, bool]:
    """(error, empty) for one answer."""
    if status != 200:
        return f"HTTP {status} for {q!r} ({kind}): {body[:160]!r}", False
    if kind == "api":
        data = json.loads(body)
        if expected.get(q) and (data["total"] == 0 or not data["results"]):
            return None, True
    elif kind == "page" and expected.get(q) and b'class="result' not in body:
        return None, True
    return None, False


def hammer(port: int, clients: int, seconds: float, expected: dict[str, int], name: str,
           midway=None) -> Phase:
    """*clients* threads send the mix for *seconds*; *midway*, if given, runs half-way through."""
    seconds = min(seconds, MAX_SECONDS)
    phase = Phase(name, clients)
    lock = threading.Lock()
    stop = threading.Event()

    def worker(n: int) -> None:
        client = Client(port)
        mine, errors, empty = [], [], []
        for q, path, kind in _requests(n):
            if stop.is_set():
                break
            t0 = time.perf_counter()
            try:
                status, body = client.request("GET", path)
            except OSError as e:
                errors.append(str(e))
                continue
            mine.append(time.perf_counter() - t0)
            error, was_empty = _check(status, body, kind, q, expected)
            if error:
                errors.append(error)
            if was_empty:
                empty.append(f"{q!r} ({kind})")
        client.close()
        with lock:
            phase.latencies += mine
            phase.errors += errors
            phase.empty += empty

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    if midway is not None:
        time.sleep(seconds / 2)
        phase.rebuild = midway()
    remaining = seconds - (time.perf_counter() - t0)
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    phase.seconds = time.perf_counter() - t0
    return phase


def reindex(port: int, token: str, timeout: float = 300) -> dict:
    """Start a full rebuild through the admin API and wait for its result.

    The status comes over the connection that started it, so from the worker process running
    the rebuild; another worker knows only that a rebuild runs (``rebuilding``).
    """
    admin = Client(port, token)
    status, body = admin.request("POST", "/api/admin/reindex?full=true")
    if status != 202:
        raise RuntimeError(f"POST /api/admin/reindex answered {status}: {body[:200]!r}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.2)
        status, body = admin.request("GET", "/api/admin/reindex")
        state = json.loads(body)
        if not state["running"] and not state["rebuilding"]:
            admin.close()
            return state["last"] or {"ok": False, "error": "the status came from another worker process "
                                                           "(the connection was reopened); result unknown"}
    raise RuntimeError(f"the rebuild did not finish within {timeout:.0f} s")


def run(clients: int = 16, seconds: float = 30, threads: int | None = None, plain: bool = True,
        with_rebuild: bool = True, workers: int | None = None) -> list[Phase]:
    """The load phases against one fresh server (*threads*, *workers*: None for its defaults)."""
    clients = max(1, min(clients, MAX_CLIENTS))
    phases = []
    with sanad_server(threads=threads, workers=workers) as (port, token, shape):
        expected = expected_hits(port)
        hammer(port, min(clients, 4), 1.0, expected, "warm-up")
        if plain:
            phases.append(hammer(port, clients, seconds, expected, "search"))
        if with_rebuild:
            phases.append(hammer(port, clients, seconds, expected, "search + full rebuild",
                                 midway=lambda: reindex(port, token)))
    for p in phases:
        p.server = shape
    return phases


def table(phases: list[Phase]) -> str:
    rows = ["| phase | clients | s | requests | errors | empty | req/s | p50 ms | p99 ms | max ms | rebuild s |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in phases:
        r = p.row()
        rebuild = "" if r["rebuild_s"] is None else f"{r['rebuild_s']:.1f}"
        rows.append(f"| {r['phase']} | {r['clients']} | {r['seconds']:.0f} | {r['requests']} | {r['errors']} | "
                    f"{r['empty']} | {r['rps']:.1f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | "
                    f"{rebuild} |")
    return "\n".join(rows)


def write_readme(phases: list[Phase], args: argparse.Namespace) -> None:
    """Replace (or add) the "## Load" section of bench/README.md; other sections are left alone."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    about = (
        f"`load.py`: `sanad serve` ({_shape(phases, args)}) on 127.0.0.1 over the seed corpus, "
        f"{args.clients} keep-alive clients for {args.seconds:.0f} s per phase, a mix of {len(QUERIES)} queries "
        "(Azerbaijani as written and typed in ASCII, Russian, English, phrases, prefixes, operators, "
        "cross-language names): 80 % API searches, 15 % result pages, 5 % reader pages. Every answer "
        "is checked: an error is anything but HTTP 200, an empty answer is no hits for a query that "
        "has hits. In the second phase a full rebuild is started half-way through "
        "`POST /api/admin/reindex?full=true` and runs in the server while it answers. Clients and "
        f"server share the machine ({os.cpu_count()} cores, Python {platform.python_version()})."
    )
    section = "## Load\n\n" + textwrap.fill(about, width=92, break_on_hyphens=False) + "\n\n" + table(phases) + "\n"
    pattern = re.compile(r"^## Load\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    README.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def _shape(phases: list[Phase], args: argparse.Namespace) -> str:
    """How the server ran: as it said, else as it was asked."""
    if phases and phases[0].server:
        return phases[0].server
    workers, threads = getattr(args, "workers", None), getattr(args, "threads", None)
    return "waitress" + (f", {workers} workers" if workers else "") + (f", {threads} threads" if threads else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=16, help="concurrent clients (at most 64) [16]")
    ap.add_argument("--seconds", type=float, default=30, help="length of each phase, at most 600 [30]")
    ap.add_argument("--workers", type=int, default=None, help="server processes [sanad serve's default]")
    ap.add_argument("--threads", type=int, default=None,
                    help="waitress threads of each server process [sanad serve's default]")
    ap.add_argument("--no-plain", action="store_true", help="only the phase with a rebuild")
    ap.add_argument("--no-rebuild", action="store_true", help="only the phase without a rebuild")
    ap.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    args = ap.parse_args()
    phases = run(args.clients, args.seconds, args.threads, plain=not args.no_plain, with_rebuild=not args.no_rebuild,
                 workers=args.workers)
    print(f"sanad serve: {phases[0].server}" if phases else "no phase ran")
    print(table(phases))
    for p in phases:
        if p.rebuild is not None:
            print(f"rebuild: {p.rebuild.get('summary') or p.rebuild.get('error')}")
        for line in (p.errors + p.empty)[:10]:
            print(f"  {p.name}: {line}")
    if args.write_readme:
        write_readme(phases, args)
    bad = any(p.errors or p.empty or (p.rebuild is not None and not p.rebuild.get("ok")) for p in phases)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
