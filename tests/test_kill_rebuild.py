"""``kill -9`` of a rebuild at random moments: the previous index keeps serving, the next start
removes the half-written build, and start-up never removes the build of a rebuild that runs."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from index import build, store
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus"
KILLS = 4
QUERIES = ("Xocalı", "резолюция", "Casablanca summit")


def repeated_corpus(dst: Path, copies: int) -> Path:
    """The seed corpus *copies* times over, under new ids: big enough for a rebuild to take a while."""
    (dst / "texts").mkdir(parents=True)
    entries = []
    for k in range(copies):
        for d in tomllib.loads((SEED / "catalog.toml").read_text(encoding="utf-8"))["document"]:
            name = f"{d['id']}-{k:02d}.{d['language']}.txt"
            text = (SEED / d["file"]).read_text(encoding="utf-8")
            (dst / "texts" / name).write_text(f"{text}\n\nCopy {k}.\n", encoding="utf-8")
            fields = {"id": f"{d['id']}-{k:02d}", "file": f"texts/{name}", "language": d["language"],
                      "title": d["title"], "headings": d.get("headings", [])}
            entries.append("[[document]]\n" + "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n"
                                                      for key, value in fields.items()))
    (dst / "catalog.toml").write_text("\n".join(entries), encoding="utf-8")
    return dst


def rebuild_process(corpus: Path, root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "web.cli", "index", "--full", "--index-dir", str(root),
                             "--corpus", str(corpus)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def partials(root: Path) -> list[Path]:
    return list((root / "builds").glob("*.partial"))


def totals(client) -> dict[str, int]:
    return {q: client.get("/api/search", query_string={"q": q}).get_json()["total"] for q in QUERIES}


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, Path, float]:
    """A repeated corpus, its index, and how long one full rebuild in a new process takes."""
    base = tmp_path_factory.mktemp("kill")
    corpus = repeated_corpus(base / "corpus", copies=8)
    root = base / "idx"
    build(corpus, root)
    t0 = time.monotonic()
    proc = rebuild_process(corpus, root)
    out = proc.communicate(timeout=120)[0]
    assert proc.returncode == 0, out
    return corpus, root, time.monotonic() - t0


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(big):
    corpus, root, seconds = big
    live = store.live_build(root)
    expected = totals(create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client())
    assert all(expected.values())
    rng = random.Random(1994)
    outcomes = []
    for _ in range(KILLS):
        proc = rebuild_process(corpus, root)
        # Within the first 60 % of a rebuild's measured time: after that it may already have
        # published and be only closing down, which is not a kill mid-build.
        time.sleep(rng.uniform(0.3, max(0.4, 0.6 * seconds)))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)                 # reap it and close its pipe
        left = partials(root)
        now = store.live_build(root)
        outcomes.append(("killed mid-build" if now == live else "finished first", len(left)))
        if now == live:
            assert proc.returncode == -signal.SIGKILL
        live = now
        # The next start: serves a complete index and removes what the killed rebuild left.
        client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
        assert not partials(root), left
        health = client.get("/api/health").get_json()
        assert health["status"] == "ok" and health["rebuilding"] is False
        assert totals(client) == expected
        assert not store.is_rebuilding(root)          # the kernel released the dead process's lock
    assert sum(o == "killed mid-build" for o, _ in outcomes) >= 2, outcomes
    assert any(n for _, n in outcomes), outcomes       # some kill left a half-written build behind
    print("kills:", outcomes)
    report = build(corpus, root, full=True)
    assert report.documents == 24 and not partials(root)


@pytest.mark.slow
def test_start_up_leaves_a_running_rebuild_alone(big):
    corpus, root, _ = big
    before = store.live_build(root)
    proc = rebuild_process(corpus, root)
    deadline = time.monotonic() + 30
    while not partials(root) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    working = partials(root)
    assert working, "the rebuild never started writing"
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()   # a server starts meanwhile
    assert client.get("/api/health").get_json()["rebuilding"] is True
    assert client.get("/api/search?q=Xocal%C4%B1").status_code == 200              # the old index serves
    out = proc.communicate(timeout=120)[0]
    assert proc.returncode == 0, out
    assert store.live_build(root) not in (None, before)
    assert working[0].with_name(working[0].name.removesuffix(".partial")) == store.live_build(root)


def descendants(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                kids = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            out.update(kids)
            todo += kids
    return out


@pytest.mark.slow
def test_sigkill_of_a_multiprocess_rebuild_leaves_no_workers(tmp_path):
    """From 2,000 passages on, analysis runs in one worker process per core: they die with it."""
    corpus = repeated_corpus(tmp_path / "corpus", copies=28)         # 2,100 passages
    proc = rebuild_process(corpus, tmp_path / "idx")
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = descendants(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the rebuild never started its worker processes"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and "zombie" not in Path(f"/proc/{w}/status").read_text()]
    assert not alive, f"worker processes outlived the killed rebuild: {alive}"
