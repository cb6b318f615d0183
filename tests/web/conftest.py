"""Fixtures for the web layer: an app and a test client on the tiny fixture corpus (``app``,
``client``) and on the real corpus (``real_app``, ``real_client``)."""

from __future__ import annotations

import pytest

from web import create_app


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
