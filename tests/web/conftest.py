"""Fixtures for the web layer: an app and a test client on the tiny fixture corpus (``app``,
``client``) and on the real corpus (``real_app``, ``real_client``)."""

from __future__ import annotations

import sys
from pathlib import Path

# This folder is named like the ``web`` package. When pytest runs as ``.venv/bin/pytest`` the
# project root is not on sys.path and ``import web`` would find this folder (a namespace
# package) instead of the app, so put the root first. (``python -m pytest`` needs no help.)
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
if getattr(sys.modules.get("web"), "__file__", "") is None:
    del sys.modules["web"]

import pytest  # noqa: E402

from web import create_app  # noqa: E402


@pytest.fixture
def app(mini_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(mini_index)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def real_app(real_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(real_index)})


@pytest.fixture
def real_client(real_app):
    return real_app.test_client()


@pytest.fixture
def missing_client(tmp_path):
    """A client whose index root has no index at all."""
    return create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "nothing-here")}).test_client()


@pytest.fixture
def http_server():
    """``http_server(app, threads=4)`` serves *app* under waitress on 127.0.0.1 (ephemeral port)
    from a thread and returns its base URL; every server is stopped after the test.

    The loop thread closes the sockets itself: closing them from another thread races with
    its ``select`` (EBADF).
    """
    import threading

    from waitress import wasyncore

    from web.server import make_server

    running = []

    def start(app, threads: int = 4) -> str:
        srv = make_server(app, "127.0.0.1", 0, threads=threads)
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                wasyncore.loop(timeout=0.05, map=srv._map, count=1)
            srv.task_dispatcher.shutdown(timeout=5)
            wasyncore.close_all(srv._map)
        thread = threading.Thread(target=loop, name="sanad-test-server", daemon=True)
        thread.start()
        running.append((stop, thread))
        return f"http://127.0.0.1:{srv.effective_port}"

    yield start
    for stop, thread in running:
        stop.set()
        thread.join(timeout=15)
