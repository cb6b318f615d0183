"""The ``sanad`` command: each subcommand, its JSON, and errors that name the fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from web.cli import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)
    return invoke


def test_index_then_search(run, corpus_copy, tmp_path):
    idx = str(tmp_path / "idx")
    out = run("index", "--index-dir", idx, "--corpus", str(corpus_copy))
    assert out.exit_code == 0
    assert out.output.startswith("Indexed 3 documents, ")
    out = run("search", "Xocali", "--index-dir", idx)
    assert out.exit_code == 0
    assert "passages for 'Xocali'" in out.output and "**Xocalı**" in out.output
    assert "/doc/test-article#p" in out.output


def test_search_json_is_the_api_body(run, mini_index):
    out = run("search", "summit", "--json", "--index-dir", str(mini_index), "--limit", "2")
    body = json.loads(out.output)
    assert set(body) >= {"query", "total", "took_ms", "results"}
    assert len(body["results"]) == 2
    assert {"id", "doc_id", "passage", "lang", "kind", "section", "text", "highlight", "score", "citation",
            "url"} <= set(body["results"][0])


def test_search_explain(run, mini_index):
    out = run("search", "Xocali", "--explain", "--index-dir", str(mini_index))
    assert "Xocali → Xocalı (folding)" in out.output


def test_analyze_prints_terms_as_json(run):
    out = run("analyze", "--lang", "az", "Azərbaycanın təşkilatlarından")
    terms = json.loads(out.output)["terms"]
    assert {"field": "az_stem", "term": "azərbaycan", "start": 0, "end": 12, "pos": 0} in terms
    assert {"field": "az_fold", "term": "teskilat", "start": 13, "end": 29, "pos": 1} in terms


def test_analyze_detects_language(run):
    assert json.loads(run("analyze", "резолюции саммита").output)["lang"] == "ru"


def test_errors_name_the_fix(run, tmp_path):
    out = run("search", "Xocalı", "--index-dir", str(tmp_path / "none"))
    assert out.exit_code == 2 and "No index at" in out.output and "sanad index" in out.output
    out = run("serve", "--index-dir", str(tmp_path / "none"))
    assert out.exit_code == 2 and "build it first with: sanad index" in out.output


def test_bad_corpus_keeps_previous_index(run, corpus_copy, tmp_path):
    idx = str(tmp_path / "idx")
    assert run("index", "--index-dir", idx, "--corpus", str(corpus_copy)).exit_code == 0
    (corpus_copy / "texts" / "relations.en.txt").write_bytes(b"\xff")
    out = run("index", "--index-dir", idx, "--corpus", str(corpus_copy))
    assert out.exit_code == 2
    assert "relations.en.txt:1: invalid UTF-8" in out.output
    assert "The previous index (if any) is still live." in out.output
    assert run("search", "Dakar", "--index-dir", idx).exit_code == 0


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"sanad {name}" in readme, name


def test_check_verifies_every_file_and_names_a_damaged_one(run, corpus_copy, tmp_path):
    idx = str(tmp_path / "idx")
    assert run("index", "--index-dir", idx, "--corpus", str(corpus_copy)).exit_code == 0
    out = run("check", "--index-dir", idx)
    assert out.exit_code == 0, out.output
    assert re.match(r"OK: \d+ files \([\d.]+ MiB\) of \S+ match their checksums \([\d.]+ s\)\.", out.output)
    arrays = next((tmp_path / "idx" / "current" / "postings").glob("*.bin"))
    data = bytearray(arrays.read_bytes())
    data[len(data) // 2] ^= 0xFF                     # one byte changed, the size kept
    arrays.write_bytes(bytes(data))
    out = run("check", "--index-dir", idx)
    assert out.exit_code == 1
    assert f"postings/{arrays.name} has changed since it was built (checksum)" in out.output
    assert out.output.rstrip().endswith("Rebuild it with: sanad index")
    assert run("index", "--index-dir", idx, "--corpus", str(corpus_copy)).exit_code == 0
    assert run("check", "--index-dir", idx).exit_code == 0


def test_check_without_an_index(run, tmp_path):
    out = run("check", "--index-dir", str(tmp_path / "none"))
    assert out.exit_code == 2 and "No index at" in out.output and "sanad index" in out.output
