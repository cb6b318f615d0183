"""The README's quick start and examples, run for real."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_block(command: str) -> list[str]:
    """The output lines shown under ``$ <command>`` in the README."""
    m = re.search(r"\$ " + re.escape(command) + r"\n(.*?)```", README, re.S)
    assert m, f"README shows no '$ {command}' block"
    return m.group(1).rstrip("\n").splitlines()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_serve_builds_the_index_and_serves(tmp_path):
    port = free_port()
    env = {**os.environ, "SANAD_INDEX_DIR": str(tmp_path / "idx"), "PORT": str(port)}
    proc = subprocess.Popen(["make", "serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        health = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                    health = json.load(r)
                    break
            except OSError:
                time.sleep(0.3)
        assert health is not None, "make serve did not answer on /api/health"
        assert health["status"] == "ok" and health["passages"] > 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=Xocal%C4%B1", timeout=5) as r:
            assert json.load(r)["total"] > 0
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out = proc.communicate(timeout=30)[0]
    shown = console_block("make serve")
    for expected in ("No index at", "Indexed 3 documents", "Sanad is serving on http://127.0.0.1:"):
        assert any(expected in line for line in shown), expected
        assert expected in out, (expected, out)


def test_analyze_example_output_is_real():
    out = subprocess.run([sys.executable, "-m", "web.cli", "analyze", "--lang", "az",
                          "Azərbaycanın təşkilatlarından"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.rstrip("\n").splitlines() == console_block(
        '.venv/bin/sanad analyze --lang az "Azərbaycanın təşkilatlarından"')


def test_index_example_matches(tmp_path):
    out = subprocess.run([sys.executable, "-m", "web.cli", "index", "--index-dir", str(tmp_path / "idx")],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    shown = console_block(".venv/bin/sanad index")[0]
    pattern = re.escape(shown).replace(r"1\.0", r"[0-9.]+")
    assert re.fullmatch(pattern, out.stdout.strip())


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory) -> str:
    """The README's examples run on an index of the real corpus, built as `sanad index` builds it."""
    idx = str(tmp_path_factory.mktemp("readme") / "idx")
    subprocess.run([sys.executable, "-m", "web.cli", "index", "--index-dir", idx], cwd=ROOT, check=True,
                   capture_output=True)
    return idx


def test_docs_example_matches(corpus_index):
    out = subprocess.run([sys.executable, "-m", "web.cli", "docs", "--index-dir", corpus_index], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == console_block(".venv/bin/sanad docs")


def test_search_example_matches(corpus_index):
    out = subprocess.run([sys.executable, "-m", "web.cli", "search", "Xocali", "--limit", "1", "--index-dir",
                          corpus_index],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    shown = console_block('.venv/bin/sanad search "Xocali" --limit 1')
    def no_timing(lines: list[str]) -> list[str]:
        return [re.sub(r"\([0-9.]+ ms\)", "(… ms)", line) for line in lines]
    assert no_timing(out) == no_timing(shown)


@pytest.mark.parametrize("args", [
    ["mammadzade-2022", "--passage", "21", "--style", "chicago-notes"],
    ["mammadzade-2022", "--passage", "21", "--format", "bibtex"],
])
def test_cite_examples_are_real(real_index, args):
    out = subprocess.run([sys.executable, "-m", "web.cli", "cite", *args, "--index-dir", str(real_index)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == console_block(".venv/bin/sanad cite " + " ".join(args))
