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
    assert out.exit_code == 2 and "build it with: sanad index" in out.output


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
    assert out.output.rstrip().endswith(f"Rebuild it with: sanad index --index-dir {idx}")
    assert run("index", "--index-dir", idx, "--corpus", str(corpus_copy)).exit_code == 0
    assert run("check", "--index-dir", idx).exit_code == 0


def test_check_without_an_index(run, tmp_path):
    out = run("check", "--index-dir", str(tmp_path / "none"))
    assert out.exit_code == 2 and "No index at" in out.output and "sanad index" in out.output


# -- paper cuts a newcomer meets -------------------------------------------------------------
@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A working folder with no corpus and no index, and no SANAD_* locations set."""
    for name in ("SANAD_INDEX_DIR", "SANAD_CORPUS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_index_names_the_index_dir_it_was_given(run, elsewhere):
    other = elsewhere / "other index"
    out = run("search", "summit", "--index-dir", str(other))
    assert out.exit_code == 2
    assert out.output == f"Error: No index at {other}; build it with: sanad index --index-dir '{other}'\n"
    out = run("search", "summit")             # the default location: the plain command builds it
    assert out.output == f"Error: No index at {elsewhere / 'instance' / 'index'}; build it with: sanad index\n"
    out = run("serve", "--index-dir", str(other))
    assert out.exit_code == 2 and f"sanad index --index-dir '{other}'" in out.output


def test_index_from_the_wrong_folder_says_so_and_leaves_nothing_behind(run, elsewhere):
    out = run("index")
    assert out.exit_code == 2
    assert out.output == (f"Error: {elsewhere / 'corpus' / 'catalog.toml'}: catalogue not found; run sanad index "
                          "in the project folder, or pass --corpus DIR (env SANAD_CORPUS_DIR)\n"
                          "The previous index (if any) is still live.\n")
    assert list(elsewhere.iterdir()) == []


def test_a_query_that_starts_with_a_dash_is_told_to_follow_double_dash(run, mini_index):
    out = run("search", "-Dakar", "--index-dir", str(mini_index))
    assert out.exit_code == 2
    assert ("Error: No such option: -D. A query that starts with '-' (a word to exclude) goes last, after '--': "
            "sanad search [OPTIONS] -- -Dakar") in out.output
    out = run("search", "--index-dir", str(mini_index), "--", "summit -Dakar")
    assert out.exit_code == 0 and "passages for 'summit -Dakar'" in out.output


def test_an_unknown_doc_points_at_sanad_docs(run, mini_index):
    out = run("search", "summit", "--doc", "nope", "--index-dir", str(mini_index))
    assert out.exit_code == 2
    assert out.output == (f"Error: Unknown document 'nope'; list the document ids with: sanad docs --index-dir "
                          f"{mini_index}\n")


def test_docs_lists_the_documents(run, mini, mini_index):
    out = run("docs", "--index-dir", str(mini_index))
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert [line.split()[0] for line in lines] == [d["id"] for d in mini.documents()]
    first = mini.documents()[0]
    assert f"{first['passages']} passages (" in lines[0] and lines[0].endswith(first["display_title"])
    listed = json.loads(run("docs", "--json", "--index-dir", str(mini_index)).output)
    assert listed == {"documents": mini.documents()}
