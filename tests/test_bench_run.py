"""bench/run.py on an index built before (``--reuse-index``): it is searched in the library and
over real HTTP without anything written beside it, and the report checks the 1M targets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.bench_modules import bench_module


@pytest.fixture(scope="module")
def run():
    return bench_module("run")


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under *root* (links not followed) with its size and modification time."""
    return {str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in root.rglob("*")}


@pytest.mark.slow
def test_a_reused_index_is_measured_and_left_as_it_was(run, mini_index, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(run, "OUT", tmp_path / "out")
    before = snapshot(mini_index)
    assert run.main(["--sizes", "seed", "--reuse-index", str(mini_index), "--reps", "1"]) == 0
    assert snapshot(mini_index) == before
    res = json.loads((tmp_path / "out" / "perf-seed.json").read_text(encoding="utf-8"))["sizes"]["seed"]
    assert res["reused"] is True and res["passages"] > 0 and res["peers"] == {}
    assert res["http8"]["requests"] == 8 * len(run.QUERIES)
    assert res["http8"]["server_cpu_ms"] > 0 and res["http8"]["client_cpu_ms"] > 0
    assert 0 < res["server_pss"] <= res["server_rss"]
    table = capsys.readouterr().out
    assert "| rebuild, whole `sanad index --full` process (s) | reused index |" in table
    assert "seed rebuild" not in table and "A reused index was only searched" in table


def test_reuse_index_refuses_a_folder_without_an_index(run, tmp_path, monkeypatch):
    monkeypatch.setattr(run, "OUT", tmp_path / "out")
    with pytest.raises(SystemExit) as e:
        run.reused_root("1m", tmp_path)
    assert str(e.value) == (f"--reuse-index {tmp_path}: no built index there (no manifest.json in it or in its "
                            "'current'); build one with: sanad index --full --index-dir DIR")


def test_reuse_index_refuses_an_index_of_another_format(run, mini_index, tmp_path, monkeypatch):
    monkeypatch.setattr(run, "OUT", tmp_path / "out")
    old = tmp_path / "old"
    shutil.copytree(mini_index / "current", old)
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = 1
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        run.reused_root("1m", old)
    assert str(e.value) == (f"--reuse-index {old}: it was built by another version of Sanad: index format 1, "
                            f"this version reads {run.store.SCHEMA_VERSION}; rebuild it with this version "
                            "(sanad index --full --index-dir DIR), or measure it with the version that built it")


def test_reuse_index_takes_one_size(run, mini_index, capsys):
    with pytest.raises(SystemExit):
        run.main(["--sizes", "seed,10k", "--reuse-index", str(mini_index)])
    assert "--reuse-index measures one index: give one size with --sizes (e.g. --sizes 1m)" in capsys.readouterr().err


def test_the_1m_targets_are_met_or_missed_and_memory_is_pss(run):
    lat = {"p50": 25.0, "p95": 90.0, "p99": 250.0}
    one_m = {"size": "1m", "build_s": 35 * 60, "lib": lat, "server_pss": 2 * 2**30, "server_rss": 5 * 2**30}
    assert run.report.targets({"sizes": {"1m": one_m}}) == [
        ("1M rebuild ≤ 40 min: 35.0 min", True),
        ("1M library p50 ≤ 30 ms: 25.0 ms", True),
        ("1M library p99 ≤ 200 ms: 250 ms", False),
        ("1M server memory ≤ 3 GiB: 2,048 MiB", True),
    ]
    reused = {**one_m, "reused": True}
    assert next(t for t, _ in run.report.targets({"sizes": {"1m": reused}})) == "1M library p50 ≤ 30 ms: 25.0 ms"
