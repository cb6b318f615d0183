"""Sanad's app under waitress on 127.0.0.1 (ephemeral port), for tests that need real HTTP:
served from a background thread (``background_server``), or as ``sanad serve`` in a child
process (``serve_process``). Import as ``from tests.servers import background_server``."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from waitress import wasyncore

from web.server import make_server

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def background_server(app, threads: int = 4) -> Iterator[str]:
    """Serve *app* while the block runs; yields the base URL (``http://127.0.0.1:<port>``).

    The loop thread closes the sockets itself: closing them from another thread races with
    its ``select`` (EBADF).
    """
    server = make_server(app, "127.0.0.1", 0, threads=threads)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, count=1, use_poll=server.adj.asyncore_use_poll)
        server.task_dispatcher.shutdown(timeout=5)
        wasyncore.close_all(server._map)

    thread = threading.Thread(target=loop, name="sanad-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=15)


@dataclass
class ServeProcess:
    """A running ``sanad serve``: its process, base URL and what it wrote to stderr so far."""

    proc: subprocess.Popen
    url: str
    stderr_file: IO[str]
    banner: str = ""         # the line it printed on starting: where and how it serves

    def workers(self) -> list[int]:
        """The pids of the worker processes (the server's children), from /proc."""
        return children(self.proc.pid)

    def stderr(self) -> str:
        self.stderr_file.seek(0)
        return self.stderr_file.read()

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 30) -> int:
        """Send *signum* and wait for the server to end; its exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        return self.proc.wait(timeout)


@contextmanager
def serve_process(index_dir: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[ServeProcess]:
    """``sanad serve --port 0 --index-dir INDEX_DIR ARGS…`` in a child process (its own process
    group), yielded once it has printed its address; killed with its group on the way out."""
    cmd = [sys.executable, "-m", "web.cli", "serve", "--host", "127.0.0.1", "--port", "0",
           "--index-dir", str(index_dir), *args]
    environ = {**os.environ, **(env or {})}
    environ.pop("SANAD_DEBUG", None)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=err, text=True,
                                start_new_session=True)
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if not m:
                proc.wait(30)
                err.seek(0)
                raise RuntimeError(f"sanad serve did not start: {line!r} {err.read()[-2000:]}")
            yield ServeProcess(proc, f"http://127.0.0.1:{m.group(1)}", err, line.strip())
        finally:
            with contextlib.suppress(ProcessLookupError):    # the server and any worker it left behind
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
            if proc.stdout is not None:
                proc.stdout.close()


def children(pid: int) -> list[int]:
    """The pids of *pid*'s child processes (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                out.append(int(entry.name))
    return sorted(out)


def is_running(pid: int) -> bool:
    """True while *pid* exists and is not a zombie waiting to be reaped."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False
