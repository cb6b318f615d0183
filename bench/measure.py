"""Measuring Sanad from outside: whole-process rebuilds, a real server, latency percentiles.

Every load here goes to 127.0.0.1 only, with a bounded number of requests and a deadline.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def sanad_command() -> list[str]:
    """The ``sanad`` console script of this interpreter's environment, else ``python -m web.cli``."""
    script = Path(sys.executable).parent / "sanad"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "web.cli"]


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95 and p99 of *samples* (milliseconds), by linear interpolation."""
    if len(samples) == 1:
        return {"p50": samples[0], "p95": samples[0], "p99": samples[0]}
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98]}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """Key by key, the median over repeated runs."""
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


@dataclass
class BuildRun:
    seconds: float       # wall time of the whole `sanad index --full` process
    peak_rss: int        # bytes, that process's maximum resident set
    inner_seconds: float  # the build's own figure (manifest), without interpreter start-up
    passages: int
    cpu_seconds: float = 0.0  # user + system CPU time of that process: what it costs on an idle machine


def rebuild(corpus: Path, index_root: Path, full: bool = True) -> BuildRun:
    """Run ``sanad index --full`` (or, not *full*, ``sanad index``) as a child process: its
    wall time and its own peak RSS.

    ``os.wait4`` gives the resource usage of that one child (``RUSAGE_CHILDREN`` would
    give the largest over every child so far).
    """
    cmd = [*sanad_command(), "index", *(["--full"] if full else []), "--corpus", str(corpus),
           "--index-dir", str(index_root)]
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise RuntimeError(f"sanad index failed ({proc.returncode}): {err.read().decode()[-2000:]}")
    manifest = json.loads((index_root / "current" / "manifest.json").read_text(encoding="utf-8"))
    return BuildRun(seconds, usage.ru_maxrss * 1024, manifest.get("seconds", 0.0), manifest["passages"],
                    usage.ru_utime + usage.ru_stime)


def time_calls(fn: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    """Milliseconds each call of *fn* took, one per query, in order."""
    out = []
    for q in queries:
        t0 = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """``sanad serve`` on a free loopback port, for the duration of a ``with`` block: its
    default workers and threads unless *options* (``--workers 3``) say otherwise."""

    def __init__(self, index_root: Path, options: Sequence[str] = ()) -> None:
        self.port = free_port()
        cmd = sanad_command() + ["serve", "--host", HOST, "--port", str(self.port), "--index-dir", str(index_root),
                                 *options]
        # A file, not a pipe: a pipe nobody reads would stop the server once it had filled.
        self.err = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__, it lives as long as the server)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.err)
        self.started = time.perf_counter()
        self.ready_seconds = self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                self.err.seek(0)
                raise RuntimeError(f"sanad serve exited: {self.err.read().decode()[-2000:]}")
            con = http.client.HTTPConnection(HOST, self.port, timeout=5)
            try:
                con.request("GET", "/api/health")
                if con.getresponse().status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.05)
            finally:
                con.close()
        raise RuntimeError("sanad serve did not answer /api/health within a minute")

    def peak_rss(self) -> int:
        """Peak resident set so far (VmHWM) of the server and its worker processes, summed,
        in bytes. Pages the workers share (the mapped index) are counted once per process,
        so this overstates what the server holds: see ``pss``."""
        return sum(_vm_hwm(pid) for pid in _tree(self.proc.pid))

    def pss(self) -> int:
        """Proportional set size now (``Pss`` of ``/proc/<pid>/smaps_rollup``) of the server
        and its workers, summed, in bytes: a page shared by *n* of them counts 1/*n* in each,
        so the sum is what the whole tree holds in memory, the mapped index pages once."""
        return sum(_rollup(pid, "Pss:") for pid in _tree(self.proc.pid))

    def cpu_seconds(self) -> float:
        """User + system CPU time the server and its workers have used so far."""
        return sum(_cpu_seconds(pid) for pid in _tree(self.proc.pid))

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.err.close()


def _tree(pid: int) -> list[int]:
    """*pid* and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):       # the task ended meanwhile
                todo += [int(c) for c in (task / "children").read_text().split()]
    return out


def _vm_hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _rollup(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    try:
        # The fields after the command (which may hold spaces) in brackets: utime, stime are 14, 15.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def own_cpu_seconds() -> float:
    """User + system CPU time of this process, every thread (the load's clients) included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def search_path(query: str) -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": query, "limit": 10})


class _Client:
    """One keep-alive connection, as a browser tab or a script would hold."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.con = http.client.HTTPConnection(HOST, port, timeout=600)

    def get(self, path: str) -> float:
        t0 = time.perf_counter()
        try:
            self.con.request("GET", path)
            resp = self.con.getresponse()
        except (http.client.HTTPException, OSError):
            self.con.close()
            self.con = http.client.HTTPConnection(HOST, self.port, timeout=600)
            self.con.request("GET", path)
            resp = self.con.getresponse()
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"GET {path} answered {resp.status}")
        return (time.perf_counter() - t0) * 1000


def http_load(port: int, queries: Sequence[str], clients: int, deadline_s: float = 120,
              server_cpu: Callable[[], float] | None = None) -> dict:
    """Each of *clients* threads sends every query once (rotated), over its own connection.

    Returns latency percentiles (ms), requests per second, the request count and the CPU
    milliseconds per request of this process (the clients) and, with *server_cpu* (a
    ``Server.cpu_seconds``), of the server: on a shared machine the wall figures move
    with the other work, the CPU figures much less. The total is bounded (clients x
    queries) and so is the time (*deadline_s*).
    """
    paths = [search_path(q) for q in queries]
    stop_at = time.perf_counter() + deadline_s

    def worker(k: int) -> list[float]:
        client = _Client(port)
        order = paths[k % len(paths):] + paths[:k % len(paths)]
        out = []
        for p in order:
            if time.perf_counter() > stop_at:
                break
            out.append(client.get(p))
        client.con.close()
        return out

    served0 = server_cpu() if server_cpu else 0.0
    own0, t0 = own_cpu_seconds(), time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        lat = [x for part in pool.map(worker, range(clients)) for x in part]
    wall = time.perf_counter() - t0
    out = {**percentiles(lat), "rps": len(lat) / wall, "requests": len(lat),
           "client_cpu_ms": (own_cpu_seconds() - own0) * 1000 / len(lat)}
    if server_cpu:
        out["server_cpu_ms"] = (server_cpu() - served0) * 1000 / len(lat)
    return out
