"""The real Sanad app under waitress, on 127.0.0.1 with an ephemeral port, over the real
corpus index, served from a background thread for the browser tests.

``conftest.py`` offers the fixture to every browser test; ``serving(index_root)`` runs one
on another index (tests/browser is on sys.path while pytest collects it).
"""

from __future__ import annotations

import re
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# tests/web/ is named like the ``web`` package. When pytest runs as ``.venv/bin/pytest`` the
# project root is not on sys.path and ``import web`` would find that folder (a namespace
# package) instead of the app, so put the root first. (``python -m pytest`` needs no help.)
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
if getattr(sys.modules.get("web"), "__file__", "") is None:
    del sys.modules["web"]

import pytest  # noqa: E402

from tests.servers import background_server  # noqa: E402
from web import create_app  # noqa: E402


@pytest.fixture(scope="session")
def live_server(real_index) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:<port>``) of a running Sanad on the real corpus."""
    with serving(real_index) as url:
        yield url


@contextmanager
def serving(index_root: Path | str, **settings: str) -> Iterator[str]:
    """Sanad on *index_root* (and other *settings*) under waitress (127.0.0.1, ephemeral port)
    while the block runs."""
    with background_server(create_app({"INDEX_DIR": str(index_root), **settings})) as url:
        _wait_until_up(url + "/api/health")
        yield url


def search(page, base: str, query: str) -> None:
    """Type *query* into the search box of the home page and wait for the results page."""
    page.goto(base + "/")
    box = page.get_by_role("combobox", name="Search the corpus")
    box.fill(query)
    with page.expect_navigation():      # results as you type may already have changed the address
        box.press("Enter")
    page.wait_for_url(re.compile(r"/\?q="))


def _wait_until_up(url: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"Sanad did not answer at {url} within {seconds:.0f} s")
        time.sleep(0.1)
