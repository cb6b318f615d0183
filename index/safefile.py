"""Reading a corpus file without ever publishing anything outside the corpus folder.

A symlink, FIFO, device, socket or directory where a text should be is refused by name: the
file is opened with ``O_NOFOLLOW | O_NONBLOCK`` (a FIFO neither blocks nor is read) and its
type checked on the open descriptor, so it cannot be swapped between the check and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import CorpusError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
_FIX = "corpus files must be regular files inside the corpus folder; put the file itself there"


def read_regular(path: Path, root: Path | None, what: str) -> bytes:
    """The bytes of the regular file *path* inside *root*; *what* says what it is for."""
    if root is not None and not _inside(path, root):
        raise CorpusError(path, f"{what} lies outside the corpus folder (through a symbolic link); {_FIX}")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise CorpusError(path, f"{what} does not exist; fix 'file' in corpus/catalog.toml or add the file") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise CorpusError(path, f"{what} is a symbolic link; {_FIX}") from None
        raise CorpusError(path, f"{what} cannot be read ({e.strerror}); check its permissions") from None
    try:
        mode = os.fstat(fd).st_mode
        for test, kind in _KINDS:
            if test(mode):
                raise CorpusError(path, f"{what} is {kind}, not a file; {_FIX}")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def _inside(path: Path, root: Path) -> bool:
    """Whether *path*'s folder, with every symlink resolved, is *root* or below it."""
    try:
        return path.parent.resolve().is_relative_to(root.resolve())
    except OSError:
        return False
