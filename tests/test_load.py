"""A short run of bench/load.py: 8 clients for 5 s over real HTTP while a full rebuild is
started through the admin API half-way; every answer complete, no error."""

from __future__ import annotations

import pytest

from tests.bench_modules import bench_module


@pytest.fixture(scope="module")
def load():
    return bench_module("load")


@pytest.mark.slow
def test_load_with_a_rebuild_midway_has_no_errors(load):
    (phase,) = load.run(clients=8, seconds=5, threads=8, plain=False, with_rebuild=True)
    row = phase.row()
    print(load.table([phase]))
    assert phase.errors == [] and phase.empty == []
    assert phase.rebuild["ok"] is True and phase.rebuild["summary"].startswith("Indexed 3 documents")
    assert row["requests"] >= 50 and row["p50_ms"] > 0


def test_quantiles(load):
    assert load._rank([], 0.5) == 0.0
    values = [float(v) for v in range(1, 101)]
    assert load._rank(values, 0.50) == 50.0 and load._rank(values, 0.99) == 99.0
    assert load._rank([7.0], 0.99) == 7.0


def test_write_readme_replaces_only_its_own_section(load, tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\n## Performance\n\nfast\n\n## Load\n\nold figures\n\n## Relevance\n\ngood\n",
                      encoding="utf-8")
    monkeypatch.setattr(load, "README", readme)
    phase = load.Phase("search", 2, seconds=1.0, latencies=[0.01, 0.02])
    args = type("Args", (), {"threads": 8, "clients": 2, "seconds": 1.0})()
    load.write_readme([phase], args)
    text = readme.read_text(encoding="utf-8")
    assert "old figures" not in text and "| search | 2 | 1 | 2 | 0 | 0 | 2.0 |" in text
    assert text.index("## Performance") < text.index("## Load") < text.index("## Relevance")
    assert "fast" in text and "good" in text
    readme.write_text("# Benchmarks\n\n## Relevance\n\ngood\n", encoding="utf-8")
    load.write_readme([phase], args)
    text = readme.read_text(encoding="utf-8")
    assert text.index("## Relevance") < text.index("## Load") and text.count("## Load") == 1
