"""A damaged live index over HTTP: health says "damaged" (503), pages and the API say so clearly
(503), and a plain rebuild brings the same running app back without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import build, store
from web import create_app

# Whoosh leaves a file open when a damaged segment fails to load (closed, with a
# ResourceWarning, when collected): collect inside each test.
pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning",
                                         "ignore::pytest.PytestUnraisableExceptionWarning"),
              pytest.mark.usefixtures("collect_leaked_files")]



def truncate(live: Path) -> None:
    pst = next(live.glob("*.pst"))
    with open(pst, "r+b") as f:
        f.truncate(pst.stat().st_size // 3)


def delete(live: Path) -> None:
    next(live.glob("*_stored.col")).unlink()


@pytest.mark.parametrize("damage", [truncate, delete], ids=["truncated", "deleted"])
def test_damage_is_a_clear_503_and_a_rebuild_recovers(corpus_copy, tmp_path, damage):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    damage(store.live_build(root))
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()

    r = client.get("/api/health")
    assert r.status_code == 503
    health = r.get_json()
    assert health["status"] == "damaged" and health["index"] is False
    assert "damaged" in health["error"] and "sanad index" in health["error"]
    assert str(tmp_path) not in r.get_data(as_text=True)       # no server paths for visitors

    err = client.get("/api/search?q=summit").get_json()["error"]
    assert err["status"] == 503 and err["code"] == "index_damaged" and "sanad index" in err["message"]

    for path in ("/?q=summit", "/doc/test-en"):
        page = client.get(path)
        text = page.get_data(as_text=True)
        assert page.status_code == 503 and page.mimetype == "text/html", path
        assert "The search index cannot be read" in text and "sanad index" in text
        assert "Traceback" not in text and "FileNotFoundError" not in text and "EOFError" not in text
        assert str(tmp_path) not in text

    report = build(corpus_copy, root)                        # plain `sanad index`, not --full
    assert report.reused == []
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/search?q=summit").get_json()["total"] >= 1
    assert client.get("/?q=summit").status_code == 200


def test_the_log_keeps_the_detail(corpus_copy, tmp_path, caplog):
    root = tmp_path / "idx"
    build(corpus_copy, root)
    live = store.live_build(root)
    assert live is not None
    delete(live)
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    client.get("/api/health")
    client.get("/api/search?q=summit")
    assert caplog.text.count(str(root)) >= 2 and "_stored.col is missing" in caplog.text
