"""The search library works without Flask: web → search → index, never back."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_search_and_index_do_not_import_flask():
    code = "import sys, search, index; print('flask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_whoosh_is_imported_only_by_index_and_search():
    for path in (ROOT / "web").rglob("*.py"):
        assert "whoosh" not in path.read_text(encoding="utf-8"), path
