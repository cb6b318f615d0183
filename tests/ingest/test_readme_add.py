"""The README's ``sanad add`` example, run for real on a copy of the real corpus: the same
output line for line (timings aside)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from tests.docmaker import main as make_sample
from web.cli import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ADD = 'sanad add article.pdf --author "Aqşin Məmmədzadə" --year 2022 --container "Tarix və onun problemləri" --index'
SEARCH = 'sanad search "Şuşa şəhərinin azad edilməsi" --doc article --limit 1'


def shown(command: str) -> list[str]:
    m = re.search(r"\$ " + re.escape(command) + r"\n(.*?)(?:\n\$ |```)", README, re.S)
    assert m, command
    return m.group(1).rstrip("\n").split("\n")


def timeless(lines: list[str]) -> list[str]:
    return [re.sub(r"\d+\.\d+ (s|ms)", "… \\1", line) for line in lines]


def test_readme_add_and_search_output(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    make_sample(["article.pdf", "az"])
    env = {"SANAD_CORPUS_DIR": str(tmp_path / "corpus"), "SANAD_INDEX_DIR": str(tmp_path / "idx")}
    runner = CliRunner()
    args = ["add", "article.pdf", "--author", "Aqşin Məmmədzadə", "--year", "2022", "--container",
            "Tarix və onun problemləri", "--index"]
    out = runner.invoke(cli, args, env=env, catch_exceptions=False)
    assert timeless(out.output.rstrip("\n").split("\n")) == timeless(shown(ADD))
    out = runner.invoke(cli, ["search", "Şuşa şəhərinin azad edilməsi", "--doc", "article", "--limit", "1"], env=env,
                        catch_exceptions=False)
    assert timeless(out.output.rstrip("\n").split("\n")) == timeless(shown(SEARCH))
    entry = (tmp_path / "corpus" / "catalog.toml").read_text(encoding="utf-8").split("\n\n")[-1]
    assert entry in README
