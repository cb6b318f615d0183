"""Rebuilds back to back while clients search over real HTTP: every answer is complete, from the
old index or the new one; no error, no empty result for a query that has hits."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from index import build, store
from web import create_app

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mini_corpus"
QUERIES = ["Xocalı", "Xocali", "резолюция", "Casablanca summit", '"Casablanca summit"', "OIC OR İƏT",
           "qətnamə*", "summit -Dakar", "Azerbaijan", "резолюции саммита"]
CLIENTS = 4
REBUILDS = 5


@pytest.fixture
def site(tmp_path, http_server):
    root = tmp_path / "idx"
    build(CORPUS, root)
    return http_server(create_app({"INDEX_DIR": str(root)}), threads=CLIENTS), root


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.mark.slow
def test_searches_during_back_to_back_full_rebuilds_never_fail(site):
    base, root = site
    expected = {q: json.loads(fetch(f"{base}/api/search?q={quote(q)}")[1])["total"] for q in QUERIES}
    assert all(expected.values()), expected
    stop = threading.Event()
    errors: list[str] = []
    served: Counter = Counter()
    builds_seen: set[str] = set()

    def client(n: int) -> None:
        i = n
        while not stop.is_set():
            q = QUERIES[i % len(QUERIES)]
            i += 1
            status, body = fetch(f"{base}/api/search?q={quote(q)}&limit=20")
            served["api"] += 1
            if status != 200:
                errors.append(f"{q}: HTTP {status} {body[:200]!r}")
                continue
            data = json.loads(body)
            if data["total"] != expected[q] or not data["results"]:
                errors.append(f"{q}: total {data['total']}, {len(data['results'])} results, "
                              f"expected {expected[q]}")
            if i % 3 == 0:
                status, page = fetch(f"{base}/?q={quote(q)}")
                served["page"] += 1
                if status != 200 or b'class="result' not in page:
                    errors.append(f"page {q}: HTTP {status}")
            if i % 5 == 0:
                status, body = fetch(f"{base}/api/health")
                served["health"] += 1
                if status != 200:
                    errors.append(f"health: HTTP {status} {body[:200]!r}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.3)
        for _ in range(REBUILDS):
            report = build(CORPUS, root, full=True)
            assert report.build is not None
            builds_seen.add(report.build.name)
            time.sleep(0.1)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    live = store.live_build(root)
    assert live is not None and len(builds_seen) == REBUILDS and live.name in builds_seen
    assert errors == [], errors[:5]
    assert served["api"] >= 40, served
    print(f"served during {REBUILDS} rebuilds: {dict(served)}")
