"""bench/rebuild_phases.py times a real rebuild's phases, in the parent and in every worker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REAL_CORPUS

ROOT = Path(__file__).resolve().parent.parent


def phases(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "phases.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "rebuild_phases.py"), str(REAL_CORPUS),
                           "--index-dir", str(tmp_path / "idx"), "--json", str(out), *args],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "| segment |" in proc.stdout
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_small_rebuild_is_timed_in_one_process(tmp_path):
    res = phases(tmp_path)
    assert res["passages"] == 75 and res["workers"] == []
    assert {"read the corpus", "segment", "analyse", "write the segment", "export arrays", "commit",
            "check before going live", "checksums", "swap in"} <= set(res["parent"])
    assert res["parent"]["segment"][2] == 3            # called once per document


def test_workers_report_their_own_phases(tmp_path):
    res = phases(tmp_path, "--procs", "2")
    assert len(res["workers"]) == 2
    assert "analyse" not in res["parent"]
    calls = [w["phases"]["segment"][2] for w in res["workers"] if "segment" in w["phases"]]
    assert sum(calls) == 3                              # every document segmented once, in some worker
    assert all("export arrays" in w["phases"] for w in res["workers"] if "segment" in w["phases"])
