"""Keep-alive connections are spread evenly over ``sanad serve``'s worker processes, and a
worker that stops (here: SIGSTOP) does not keep the others from taking new connections.
Real processes, real HTTP (Linux /proc)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.servers import serve_process
from web.balance import STALE_SECONDS, Balance

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker sockets from /proc")


def sockets(pid: int) -> int:
    """How many sockets process *pid* holds open."""
    fds = Path(f"/proc/{pid}/fd")
    return sum(1 for fd in fds.iterdir() if os.readlink(fd).startswith("socket:"))


def workers_of(server, n: int) -> list[int]:
    deadline = time.monotonic() + 10
    while len(server.workers()) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    return server.workers()


def connect(url: str) -> http.client.HTTPConnection:
    """A keep-alive connection that has been answered once (so a worker holds it)."""
    where = urlsplit(url)
    con = http.client.HTTPConnection(where.netloc, timeout=10)
    con.request("GET", "/api/health")
    resp = con.getresponse()
    assert resp.status == 200 and json.loads(resp.read())["status"] == "ok"
    return con


def test_keep_alive_connections_are_spread_evenly_over_the_workers(mini_index):
    with serve_process(mini_index, "--workers", "2", "--threads", "2") as server:
        pids = workers_of(server, 2)
        before = [sockets(p) for p in pids]
        held = [connect(server.url) for _ in range(16)]
        try:
            gained = [sockets(p) - b for p, b in zip(pids, before, strict=True)]
            assert sum(gained) == 16
            assert max(gained) - min(gained) <= 1, f"connections per worker: {gained}"
        finally:
            for con in held:
                con.close()


def test_a_stopped_worker_does_not_keep_the_others_from_taking_connections(mini_index):
    with serve_process(mini_index, "--workers", "2", "--threads", "2") as server:
        pids = workers_of(server, 2)
        os.kill(pids[1], signal.SIGSTOP)
        try:
            started = time.monotonic()
            held = [connect(server.url) for _ in range(3)]      # more than the stopped worker holds
            assert time.monotonic() - started < STALE_SECONDS + 5
            for con in held:
                con.close()
        finally:
            os.kill(pids[1], signal.SIGCONT)


def test_a_worker_accepts_only_while_no_live_worker_holds_fewer():
    balance = Balance(3)
    assert balance.accepts(0, 5)            # the others have not looked yet: ignored
    assert balance.accepts(1, 2)
    assert not balance.accepts(0, 5)        # worker 1 holds fewer
    assert balance.accepts(2, 2)            # a tie accepts
    assert not balance.accepts(1, 3)
