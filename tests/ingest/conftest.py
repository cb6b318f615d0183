"""OCR tests need Debian's Tesseract with aze, rus and eng data: skipped without it on a
developer machine, but failed when ``SANAD_REQUIRE_OCR=1`` or ``CI=true`` (``.ci/run``
installs it), so CI cannot go green by silently skipping them."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def ocr_required() -> bool:
    return os.environ.get("SANAD_REQUIRE_OCR", "") == "1" or os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture
def tesseract() -> str:
    """The Tesseract binary, with the aze, rus and eng language data checked."""
    path = shutil.which("tesseract")
    langs = subprocess.run([path, "--list-langs"], capture_output=True, text=True).stdout.split() if path else []
    missing = [lang for lang in ("aze", "rus", "eng") if lang not in langs]
    if path is None or missing:
        reason = ("Tesseract is not installed" if path is None else f"Tesseract lacks {', '.join(missing)} data")
        reason += "; apt-get install tesseract-ocr tesseract-ocr-aze tesseract-ocr-rus tesseract-ocr-eng"
        if ocr_required():
            pytest.fail(f"{reason} (OCR tests are required: SANAD_REQUIRE_OCR=1 or CI=true)")
        pytest.skip(reason)
    return path
