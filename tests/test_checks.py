"""The code checks itself: ``make test`` (and so CI) runs ruff and mypy before any test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_lints_before_it_tests():
    # -n prints the commands that would run, running none of them.
    out = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    steps = [line for line in out if "ruff check" in line or line.endswith("/mypy") or "pytest" in line]
    assert [s.split("/")[-1].split()[0] for s in steps] == ["ruff", "mypy", "python"], out

