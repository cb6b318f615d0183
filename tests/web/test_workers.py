"""``sanad serve --workers N``: several processes answer on one port, each with its own index
readers; Ctrl+C or SIGTERM stops them all, a worker that dies stops the server (status 1), and a
rebuild in one worker is seen by the others. Real processes, real HTTP (Linux /proc)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from index import build, store
from tests.servers import ROOT, is_running, serve_process

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker pids from /proc")

TOKEN = "test-admin-token-0123456789"


def get(url: str, token: str | None = None, method: str = "GET") -> tuple[int, dict]:
    """One request over a new connection (so any worker may take it)."""
    headers = {"Authorization": f"Bearer {token}", "Connection": "close"} if token else {"Connection": "close"}
    req = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        with e:
            return e.code, json.load(e)


@contextmanager
def only(pid: int, others: list[int]):
    """Only worker *pid* can take connections while the block runs (the others are stopped)."""
    for other in others:
        if other != pid:
            os.kill(other, signal.SIGSTOP)
    try:
        yield
    finally:
        for other in others:
            if other != pid:
                os.kill(other, signal.SIGCONT)


def wait_for_workers(server, n: int) -> list[int]:
    deadline = time.monotonic() + 10
    while len(server.workers()) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    return server.workers()


def test_each_worker_serves_with_one_thread_unless_told(mini_index):
    """One thread a worker: a second one only contends for the worker's GIL (bench/README.md)."""
    with serve_process(mini_index, "--workers", "2") as server:
        assert "(waitress, 2 workers × 1 thread;" in server.banner
        pids = wait_for_workers(server, 2)
        assert get(server.url + "/api/search?q=summit")[0] == 200
        # Each worker: its main loop, its one waitress thread, the balancer and the parent watch.
        assert [len(list(Path(f"/proc/{pid}/task").iterdir())) for pid in pids] == [4, 4]
    with serve_process(mini_index, "--workers", "2", "--threads", "3") as server:
        assert "(waitress, 2 workers × 3 threads;" in server.banner
        pids = wait_for_workers(server, 2)
        assert get(server.url + "/api/search?q=summit")[0] == 200
        assert [len(list(Path(f"/proc/{pid}/task").iterdir())) for pid in pids] == [6, 6]


def test_every_worker_answers_and_sigterm_stops_them_all(mini_index):
    with serve_process(mini_index, "--workers", "2", "--threads", "2") as server:
        pids = wait_for_workers(server, 2)
        assert len(pids) == 2
        for pid in pids:
            with only(pid, pids):
                status, body = get(server.url + "/api/search?q=summit")
                assert status == 200 and body["total"] > 0
                assert get(server.url + "/api/health")[1]["status"] == "ok"
        assert server.stop(signal.SIGTERM) == 0
        assert not any(is_running(pid) for pid in pids), "a worker outlived the server"
        assert server.stderr() == ""


def test_ctrl_c_stops_every_worker(mini_index):
    with serve_process(mini_index, "--workers", "2") as server:
        pids = wait_for_workers(server, 2)
        os.killpg(server.proc.pid, signal.SIGINT)        # what the terminal sends on Ctrl+C
        assert server.proc.wait(30) == 0
        assert not any(is_running(pid) for pid in pids)


def test_a_worker_that_dies_stops_the_server_with_status_1(mini_index):
    with serve_process(mini_index, "--workers", "2") as server:
        dead, other = wait_for_workers(server, 2)
        os.kill(dead, signal.SIGKILL)
        assert server.proc.wait(30) == 1
        assert f"Worker process {dead} was killed by SIGKILL; stopping the other workers." in server.stderr()
        assert not is_running(other)


def test_one_worker_serves_in_the_server_process_itself(mini_index):
    with serve_process(mini_index, "--workers", "1") as server:
        assert get(server.url + "/api/health")[1]["status"] == "ok"
        assert server.workers() == []
        assert server.stop(signal.SIGINT) == 0


def test_a_port_in_use_is_an_error_that_names_the_fix(mini_index):
    with serve_process(mini_index, "--workers", "2") as first:
        port = first.url.rpartition(":")[2]
        out = subprocess.run([sys.executable, "-m", "web.cli", "serve", "--port", port, "--workers", "2",
                              "--index-dir", str(mini_index)], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
        assert out.returncode == 2
        assert f"Cannot listen on 127.0.0.1:{port}" in out.stderr and "--port" in out.stderr


@pytest.fixture
def rebuildable(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    return root


def test_workers_share_the_rebuild_lock_and_see_a_rebuild_made_by_another(rebuildable, corpus_copy):
    env = {"SANAD_ADMIN_TOKEN": TOKEN, "SANAD_CORPUS_DIR": str(corpus_copy)}
    admin = "/api/admin/reindex"
    with serve_process(rebuildable, "--workers", "2", env=env) as server:
        pids = wait_for_workers(server, 2)
        # A rebuild elsewhere (here: this test holding the lock) is reported by every worker.
        with store.rebuild_lock(rebuildable):
            for pid in pids:
                with only(pid, pids):
                    assert get(server.url + admin, TOKEN)[1]["rebuilding"] is True
                    status, body = get(server.url + admin, TOKEN, method="POST")
                    assert status == 409 and body["error"]["code"] == "rebuild_running"
        # A rebuild started in one worker: the other then answers from the new index.
        text = corpus_copy / "texts" / "relations.en.txt"
        text.write_text(text.read_text(encoding="utf-8") + "\nA delegation visited Zanzibar in 1994.\n",
                        encoding="utf-8")
        first, second = pids
        with only(first, pids):
            assert get(server.url + "/api/search?q=Zanzibar")[1]["total"] == 0
            assert get(server.url + admin, TOKEN, method="POST")[0] == 202
            deadline = time.monotonic() + 60
            while (state := get(server.url + admin, TOKEN)[1])["running"] and time.monotonic() < deadline:
                time.sleep(0.05)
            assert state["last"]["ok"] is True, state
        for pid in pids:
            with only(pid, pids):
                assert get(server.url + "/api/search?q=Zanzibar")[1]["total"] == 1
        with only(second, pids):
            state = get(server.url + admin, TOKEN)[1]
            assert state["rebuilding"] is False and state["last"]["ok"] is True    # shared through the index root
        assert server.stop() == 0
