"""A file of the live index truncated or scrambled under a running ``sanad serve``: the
workers live on, the requests that read the index answer 503 in the error shape,
``/api/health`` says ``damaged`` and names the file, other routes keep serving, and a
plain ``sanad index`` brings every worker back to the repaired index."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from index import build, store
from tests.servers import is_running, serve_process
from tests.web.test_workers import only, wait_for_workers

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker pids from /proc")


def get(url: str) -> tuple[int, dict, dict]:
    """Status, JSON body and headers of one request over a new connection."""
    req = urllib.request.Request(url, headers={"Connection": "close"})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, json.load(r), dict(r.headers)
    except urllib.error.HTTPError as e:
        with e:
            return e.code, json.load(e), dict(e.headers)


def truncate(f: Path) -> None:
    with open(f, "r+b") as fh:                      # in place: the mapped pages vanish
        fh.truncate(f.stat().st_size // 2)


def scramble(f: Path) -> None:
    data = bytearray(f.read_bytes())
    for i in range(len(data) // 4, len(data) - len(data) // 4, 5):
        data[i] ^= 0x5A
    with open(f, "r+b") as fh:                      # in place, same size
        fh.write(bytes(data))


FILES: dict[str, Callable[[Path], Path]] = {
    "search arrays": lambda live: next((live / "postings").glob("*.bin")),
    "segment postings": lambda live: next(live.glob("*.pst")),
}


@pytest.mark.parametrize("damage", [truncate, scramble], ids=["truncated", "scrambled"])
@pytest.mark.parametrize("kind", list(FILES))
def test_damage_under_a_running_server(corpus_copy, tmp_path, kind, damage):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    with serve_process(root, "--workers", "2", "--threads", "2") as server:
        pids = wait_for_workers(server, 2)
        assert len(pids) == 2
        for pid in pids:                             # every worker has the build open and mapped
            with only(pid, pids):
                assert get(server.url + "/api/search?q=summit")[0] == 200
        live = store.live_build(root)
        assert live is not None
        victim = FILES[kind](live)
        name = str(victim.relative_to(live))
        damage(victim)
        for pid in pids:
            with only(pid, pids):
                # Words not searched before: their postings are read from the file now.
                status, body, headers = get(server.url + "/api/search?q=" + quote("Azərbaycan резолюция Dakar"))
                assert status == 503, body
                assert body["error"]["code"] == "index_damaged" and "sanad index" in body["error"]["message"]
                assert body["error"]["request_id"] == headers["X-Request-Id"]
                status, health, _ = get(server.url + "/api/health")
                assert status == 503 and health["status"] == "damaged" and health["file"] == name
                assert get(server.url + "/api/openapi.json")[0] == 200       # what does not read the index
        assert all(is_running(pid) for pid in pids) and server.proc.poll() is None
        build(corpus_copy, root)                     # plain `sanad index`: rebuilt from the corpus
        for pid in pids:
            with only(pid, pids):
                status, body, _ = get(server.url + "/api/search?q=summit")
                assert status == 200 and body["total"] >= 1
                assert get(server.url + "/api/health")[1]["status"] == "ok"
        assert server.workers() == pids              # the same workers throughout
