"""Each constant is declared once: the languages, the document-id pattern, the page limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for d in ("index", "search", "web") for p in (ROOT / d).rglob("*.py")]


@pytest.mark.parametrize("pattern, home", [
    (r"""\(\s*["']az["'],\s*["']ru["'],\s*["']en["']\s*\)|\[\s*["']az["'],\s*["']ru["'],\s*["']en["']\s*\]""",
     {"index/analysis/languages.py", "web/i18n.py"}),         # the index's languages; the interface's
    (re.escape("[a-z0-9][a-z0-9-]{0,62}"), {"index/catalog.py"}),
    (r"\b(10_000|10000)\b", {"search/request.py"}),
    (r"maximum=100\b|\b1, 100\)", set()),
])
def test_declared_once(pattern, home):
    found = {str(p.relative_to(ROOT)) for p in SOURCES if re.search(pattern, p.read_text(encoding="utf-8"))}
    assert found == home
