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
    from a thread and returns its base URL; every server is stopped after the test."""
    from contextlib import ExitStack

    from tests.servers import background_server

    with ExitStack() as stack:
        yield lambda app, threads=4: stack.enter_context(background_server(app, threads))
