"""The admin API: POST /api/admin/reindex rebuilds in the background, only for the token holder."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from index import build, store
from web import admin, create_app

from error_shape import error_of

TOKEN = "test-admin-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
URL = "/api/admin/reindex"


@pytest.fixture
def index_root(corpus_copy, tmp_path):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    return root


@pytest.fixture
def admin_app(corpus_copy, index_root):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_root), "CORPUS_DIR": str(corpus_copy),
                       "ADMIN_TOKEN": TOKEN})


@pytest.fixture
def aclient(admin_app):
    return admin_app.test_client()




def finish(app) -> dict:
    assert app.extensions["sanad_admin"].wait(timeout=60)
    return app.test_client().get(URL, headers=AUTH).get_json()


# -- who may ------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["get", "post"])
def test_without_a_token_configured_the_admin_api_is_off_and_says_how_to_switch_it_on(client, method):
    err = error_of(getattr(client, method)(URL, headers=AUTH), 403)
    assert err["code"] == "admin_disabled" and "SANAD_ADMIN_TOKEN" in err["message"]


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", f"Basic {TOKEN}", f"bearer {TOKEN}x",
                                    f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN.upper()}", "Bearer ключ-ключ-ключ",
                                    f"Token {TOKEN}"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_missing_or_wrong_token_is_401_with_www_authenticate(aclient, admin_app, header, method):
    headers = {} if header is None else {"Authorization": header}
    r = getattr(aclient, method)(URL, headers=headers)
    err = error_of(r, 401)
    assert err["code"] == "unauthorized" and "Authorization: Bearer" in err["message"]
    assert r.headers["WWW-Authenticate"].startswith('Bearer realm="Sanad admin"')
    assert admin_app.extensions["sanad_admin"].status()["last"] is None      # nothing was started


def test_the_scheme_name_is_case_insensitive(aclient, admin_app):
    assert aclient.get(URL, headers={"Authorization": f"bearer {TOKEN}"}).status_code == 200


def test_tokens_are_compared_in_constant_time(aclient, monkeypatch):
    calls = []
    real = admin.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)
    monkeypatch.setattr(admin.hmac, "compare_digest", spy)
    aclient.get(URL, headers={"Authorization": "Bearer nope"})
    assert len(calls) == 1
    given, expected = calls[0]
    assert len(given) == len(expected) == 32 and given != expected      # digests: the length stays hidden
    assert aclient.get(URL, headers=AUTH).status_code == 200 and len(calls) == 2


def test_a_short_token_is_refused_at_start(index_root):
    with pytest.raises(ValueError, match="ADMIN_TOKEN must be at least 16 characters"):
        create_app({"INDEX_DIR": str(index_root), "ADMIN_TOKEN": "short"})


def test_the_token_comes_from_the_environment_as_typed(index_root, monkeypatch):
    monkeypatch.setenv("SANAD_ADMIN_TOKEN", "12345678901234567890")   # JSON would make it a number
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_root)})
    assert app.config["ADMIN_TOKEN"] == "12345678901234567890"
    r = app.test_client().get(URL, headers={"Authorization": "Bearer 12345678901234567890"})
    assert r.status_code == 200


def test_corpus_dir_defaults_to_the_environment_then_corpus(index_root, tmp_path, monkeypatch):
    monkeypatch.setenv("SANAD_CORPUS_DIR", str(tmp_path / "elsewhere"))
    assert create_app({"INDEX_DIR": str(index_root)}).config["CORPUS_DIR"] == str(tmp_path / "elsewhere")
    monkeypatch.delenv("SANAD_CORPUS_DIR")
    monkeypatch.chdir(tmp_path)
    assert create_app({"INDEX_DIR": str(index_root)}).config["CORPUS_DIR"] == str(tmp_path / "corpus")


# -- what it does -----------------------------------------------------------------------------------
def test_status_before_any_rebuild(aclient):
    r = aclient.get(URL, headers=AUTH)
    assert r.status_code == 200
    assert r.get_json() == {"running": False, "progress": None, "last": None, "rebuilding": False}


def test_reindex_rebuilds_and_the_site_serves_the_new_index(aclient, admin_app, corpus_copy):
    assert aclient.get("/api/search?q=Zanzibar").get_json()["total"] == 0
    text = corpus_copy / "texts" / "relations.en.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA delegation visited Zanzibar in 1994.\n",
                    encoding="utf-8")
    r = aclient.post(URL, headers=AUTH)
    assert r.status_code == 202 and r.headers["Location"] == URL
    assert r.get_json()["running"] is True
    last = finish(admin_app)["last"]
    assert last["ok"] is True and last["error"] is None and last["seconds"] >= 0
    assert last["summary"].startswith("Indexed 3 documents") and "2 unchanged reused" in last["summary"]
    assert last["started_at"] and last["finished_at"]
    assert aclient.get("/api/search?q=Zanzibar").get_json()["total"] == 1


def test_full_reindex_reanalyses_everything(aclient, admin_app):
    assert aclient.post(URL + "?full=true", headers=AUTH).status_code == 202
    last = finish(admin_app)["last"]
    assert last["ok"] and last["full"] is True and "reused" not in last["summary"]


def test_a_bad_parameter_is_400(aclient):
    err = error_of(aclient.post(URL + "?full=perhaps", headers=AUTH), 400)
    assert err["param"] == "full"


@pytest.fixture
def gate(monkeypatch):
    """Rebuilds that wait for ``gate.set()`` half-way, reporting progress 5 of 10 passages."""
    event = threading.Event()
    real_build = admin.build

    def slow_build(corpus_dir, index_root, **kw):
        kw["progress"](5, 10, "test-en")
        assert event.wait(30)
        return real_build(corpus_dir, index_root, **kw)
    monkeypatch.setattr(admin, "build", slow_build)
    yield event
    event.set()


def test_progress_and_a_second_rebuild_is_409(aclient, admin_app, gate):
    assert aclient.post(URL, headers=AUTH).status_code == 202
    status = aclient.get(URL, headers=AUTH).get_json()
    assert status["running"] is True and status["rebuilding"] is True
    assert {k: status["progress"][k] for k in ("done", "total", "document")} == \
        {"done": 5, "total": 10, "document": "test-en"}
    err = error_of(aclient.post(URL + "?full=1", headers=AUTH), 409)
    assert err["code"] == "rebuild_running" and "still running" in err["message"]
    assert "GET /api/admin/reindex" in err["message"]
    gate.set()
    status = finish(admin_app)
    assert status["running"] is False and status["progress"] is None and status["last"]["ok"]
    assert aclient.post(URL, headers=AUTH).status_code == 202       # free again
    finish(admin_app)


def test_every_worker_reports_the_rebuild_another_one_runs(aclient, admin_app, corpus_copy, index_root, gate):
    """`sanad serve --workers 2`: each worker process has its own app; a status GET may land on
    either, and must show the same rebuild and the same result."""
    other = create_app({"TESTING": True, "INDEX_DIR": str(index_root), "CORPUS_DIR": str(corpus_copy),
                        "ADMIN_TOKEN": TOKEN}).test_client()
    assert aclient.post(URL, headers=AUTH).status_code == 202
    deadline = time.monotonic() + 5                 # the rebuild thread reports its progress soon
    while (status := other.get(URL, headers=AUTH).get_json())["progress"]["done"] != 5 \
            and time.monotonic() < deadline:
        time.sleep(0.01)
    assert status["running"] is True and status["progress"]["done"] == 5
    assert error_of(other.post(URL, headers=AUTH), 409)["code"] == "rebuild_running"
    gate.set()
    finish(admin_app)
    status = other.get(URL, headers=AUTH).get_json()
    assert status["running"] is False and status["last"]["ok"]
    assert status["last"] == aclient.get(URL, headers=AUTH).get_json()["last"]


def test_a_rebuild_whose_process_died_is_not_reported_running(aclient, index_root):
    (index_root / admin.STATUS_FILE).write_text(json.dumps({"running": {"pid": 2 ** 22 + 7, "done": 1},
                                                            "last": None}), encoding="utf-8")
    assert aclient.get(URL, headers=AUTH).get_json()["running"] is False


def test_a_stale_status_naming_a_live_pid_does_not_block_rebuilds(aclient, admin_app, index_root):
    """After a container restart pids start again, so the pid a status file names may be alive
    (here: this very process). Only the rebuild lock says whether a rebuild runs."""
    (index_root / admin.STATUS_FILE).write_text(json.dumps({"running": {"pid": os.getpid(), "done": 1},
                                                            "last": None}), encoding="utf-8")
    status = aclient.get(URL, headers=AUTH).get_json()
    assert status["running"] is False and status["rebuilding"] is False
    assert aclient.post(URL, headers=AUTH).status_code == 202
    assert finish(admin_app)["last"]["ok"] is True


def test_a_rebuild_in_another_process_is_409(aclient, index_root):
    with store.rebuild_lock(index_root):          # what `sanad index` holds while it runs
        err = error_of(aclient.post(URL, headers=AUTH), 409)
        assert "Another rebuild" in err["message"]
        assert aclient.get(URL, headers=AUTH).get_json()["rebuilding"] is True


def test_a_corpus_fault_is_reported_and_the_live_index_stays(aclient, admin_app, corpus_copy, index_root):
    before = store.live_build(index_root)
    (corpus_copy / "texts" / "overview.ru.txt").write_bytes(b"ok\n\xff broken")
    assert aclient.post(URL, headers=AUTH).status_code == 202
    last = finish(admin_app)["last"]
    assert last["ok"] is False
    assert "overview.ru.txt:2: invalid UTF-8" in last["error"] and "previous index is still live" in last["error"]
    assert store.live_build(index_root) == before
    assert aclient.get("/api/search?q=Dakar").get_json()["total"] >= 1
    assert aclient.post(URL + "?skip_bad=true", headers=AUTH).status_code == 202
    last = finish(admin_app)["last"]
    assert last["ok"] is True and last["skipped"] == ["test-ru"] and "overview.ru.txt" in last["warnings"][0]


def test_an_unexpected_failure_is_logged_not_shown(aclient, admin_app, monkeypatch, caplog):
    def boom(*a, **k):
        raise RuntimeError("secret internals")
    monkeypatch.setattr(admin, "build", boom)
    assert aclient.post(URL, headers=AUTH).status_code == 202
    last = finish(admin_app)["last"]
    assert last["ok"] is False and "secret" not in last["error"] and "logged" in last["error"]
    assert "secret internals" in caplog.text
