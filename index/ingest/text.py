"""Plain UTF-8 text, read as the corpus always has been."""

from __future__ import annotations

from pathlib import Path

from ..catalog import decode_text
from .metadata import doi_in
from .model import Extracted


def extract(data: bytes, path: Path) -> Extracted:
    text = decode_text(data, path)
    return Extracted("text", text, meta=doi_in(text))
