"""Shared by the ingest tests: a byte-exact snapshot of folders, to prove nothing changed."""

from __future__ import annotations

from pathlib import Path


def snapshot(*folders: Path) -> dict[str, bytes | str]:
    """Every entry below *folders*: file bytes, symlink targets, or the kind of anything else."""
    out: dict[str, bytes | str] = {}
    for folder in folders:
        if not folder.exists():
            continue
        for p in sorted(folder.rglob("*")):
            key = str(p)
            if p.is_symlink():
                out[key] = f"-> {p.readlink()}"
            elif p.is_file():
                out[key] = p.read_bytes()
            else:
                out[key] = "dir" if p.is_dir() else "other"
    return out
