"""Fixtures for tests that drive a real Chromium through Playwright.

Playwright never downloads a browser here: the tests use the system's Chromium
(Debian package ``chromium``), found through ``SANAD_CHROMIUM`` or ``PATH``.

When Chromium or the ``playwright`` package is missing, the browser tests are
skipped on a developer machine, but fail when ``SANAD_REQUIRE_BROWSER=1`` or
``CI=true`` is set, so CI cannot go green by silently skipping them.

Every test collected under ``tests/browser/`` gets the ``browser`` marker, so
``pytest -m "not browser"`` leaves them out.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

HERE = Path(__file__).resolve().parent
ARTIFACTS_DIR = HERE.parent / "artifacts"

# Flags for a root-run, network-less, headless machine: no sandbox (root),
# no GPU, and none of Chromium's own background connections (component
# updates, sync, QUIC probes), which this machine's closed network refuses.
# Playwright gives every launch a fresh temporary --user-data-dir by itself
# (it refuses one passed in args), so each session starts from an empty profile.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_TIMEOUT_MS = 15_000

INSTALL_HINT = "install it with `apt-get install chromium` (Debian) to run browser tests"


def browser_required() -> bool:
    """True when a missing browser must fail the run instead of skipping."""
    return (
        os.environ.get("SANAD_REQUIRE_BROWSER", "") == "1"
        or os.environ.get("CI", "").strip().lower() == "true"
    )


def _unavailable(reason: str) -> NoReturn:
    if browser_required():
        pytest.fail(f"{reason} (browser tests are required: SANAD_REQUIRE_BROWSER=1 or CI=true)")
    pytest.skip(reason)


def find_chromium() -> str | None:
    """Path of the Chromium executable: $SANAD_CHROMIUM, else chromium or chromium-browser on PATH."""
    override = os.environ.get("SANAD_CHROMIUM")
    if override:
        return override if os.path.isfile(override) else shutil.which(override)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, not only ours: mark just the ones under this folder.
    marker = pytest.mark.browser
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(marker)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = find_chromium()
    if path is None:
        _unavailable(f"Chromium not found: {INSTALL_HINT}")
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable):
    """One headless Chromium for the whole session (a ``playwright.sync_api.Browser``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: run `make dev-venv` (pip install -r requirements-dev.txt)")

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=chromium_executable,
            args=CHROMIUM_ARGS,
            headless=True,
        )
    except BaseException:
        pw.stop()
        raise
    try:
        yield browser
    finally:
        try:
            browser.close()
        finally:
            pw.stop()


@pytest.fixture
def page(browser):
    """A fresh page in its own browser context (no shared cookies or storage), 1280x900."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``tests/artifacts/`` (git-ignored), for screenshots and other things worth looking at."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


# --- live server -------------------------------------------------------------
# The fixture that starts Sanad itself on 127.0.0.1, for every browser test.
from live_server import live_server  # noqa: E402, F401
