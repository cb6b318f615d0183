"""Settings: declared once, layered defaults → instance file → SANAD_* env → test config."""

from __future__ import annotations

import pytest

from web import config, create_app


def test_defaults_come_from_the_settings_table():
    assert config.defaults() == {s.name: s.default for s in config.SETTINGS}
    assert all(s.help.endswith(".") for s in config.SETTINGS)


def test_layers(mini_index, tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("RESULTS_PER_PAGE = 7\nSITE_NAME = 'From instance'\n", encoding="utf-8")
    app = create_app({"INDEX_DIR": str(mini_index)}, instance_path=str(instance))
    assert app.config["RESULTS_PER_PAGE"] == 7 and app.config["SITE_NAME"] == "From instance"

    monkeypatch.setenv("SANAD_RESULTS_PER_PAGE", "12")
    app = create_app({"INDEX_DIR": str(mini_index)}, instance_path=str(instance))
    assert app.config["RESULTS_PER_PAGE"] == 12 and app.config["SITE_NAME"] == "From instance"

    app = create_app({"INDEX_DIR": str(mini_index), "RESULTS_PER_PAGE": 3}, instance_path=str(instance))
    assert app.config["RESULTS_PER_PAGE"] == 3


def test_index_dir_from_the_environment(mini_index, monkeypatch):
    monkeypatch.setenv("SANAD_INDEX_DIR", str(mini_index))
    app = create_app()
    assert app.config["INDEX_DIR"] == str(mini_index)
    assert app.test_client().get("/api/health").status_code == 200


def test_one_searcher_per_app(app):
    searcher = app.extensions["sanad"]
    client = app.test_client()
    client.get("/api/search?q=summit")
    client.get("/?q=summit")
    assert app.extensions["sanad"] is searcher


@pytest.mark.parametrize("name, value, fragment", [
    ("RESULTS_PER_PAGE", "many", "whole number"), ("RESULTS_PER_PAGE", 0, "between 1 and 100"),
    ("DEFAULT_UI_LANG", "fr", "one of az, ru, en"), ("READER_MATCH_LIMIT", True, "whole number"),
])
def test_bad_settings_fail_loudly_naming_the_setting(mini_index, name, value, fragment):
    with pytest.raises(ValueError, match=name) as e:
        create_app({"INDEX_DIR": str(mini_index), name: value})
    assert fragment in str(e.value)


def test_markdown_table_lists_every_setting():
    table = config.markdown_table()
    for s in config.SETTINGS:
        assert f"`SANAD_{s.name}`" in table


def test_the_readme_shows_the_settings_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert config.markdown_table() in readme
