"""Errors the indexer raises; each names the file (and line) at fault and what to do."""

from __future__ import annotations

import shlex
from pathlib import Path


def sanad_command(name: str, index_dir: Path | str, *options: str) -> str:
    """The ``sanad NAME`` command line that works on *index_dir*: with ``--index-dir`` unless
    that is where the plain command works anyway."""
    from .store import resolve_index_dir  # store imports this module

    where = [] if Path(index_dir).absolute() == resolve_index_dir() else ["--index-dir",
                                                                       shlex.quote(str(index_dir))]
    return " ".join(["sanad", name, *options, *where])


class SanadError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


class CorpusError(SanadError):
    """A corpus file or the catalogue cannot be used as it is."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None,
                 offset: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.offset = offset
        where = str(path)
        if line is not None:
            where += f":{line}"
        elif offset is not None:
            where += f" (byte {offset})"
        super().__init__(f"{where}: {problem}")


class IndexMissing(SanadError):
    """There is no built index where one was expected."""

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = Path(index_dir)
        super().__init__(f"No index at {index_dir}; build it with: {sanad_command('index', index_dir)}")


class IndexDamaged(SanadError):
    """The live index exists but cannot be read; *file* names the damaged file when known
    (relative to the build, so it can be shown to anyone)."""

    def __init__(self, index_dir: Path | str, detail: str, file: str | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.file = file
        super().__init__(f"The index at {index_dir} is damaged ({detail}); rebuild it with: "
                         f"{sanad_command('index', index_dir, '--full')}")


class BuildFailed(SanadError):
    """A rebuild did not pass its checks; the previous index is still live."""


class RebuildInProgress(SanadError):
    """Another rebuild holds the lock."""
