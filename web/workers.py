"""Several worker processes for ``sanad serve --workers N``.

One Python process answers on one core at a time (the GIL), so more cores need more
processes. The parent binds the listening sockets, forks the workers, and then only waits:
each worker serves the app under waitress from the shared sockets and opens the index
itself, on its first request. SIGINT (Ctrl+C) or SIGTERM to the parent stops every worker.
A worker that dies on its own is not restarted: the parent stops the others and exits with
status 1, so that whatever supervises Sanad (systemd, a container runtime) restarts the whole.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from types import FrameType
from typing import NoReturn

import click
from waitress.adjustments import Adjustments

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
STOP_SECONDS = 10.0         # how long stopping workers may take before they are killed
PARENT_CHECK_SECONDS = 1.0  # how often a worker checks that its parent still lives


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(signal, "sigtimedwait")


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for *host*:*port* (0 picks a free port), resolved as waitress would.

    Bound here, before the workers are forked, so that they all accept from the same sockets.
    """
    adj = Adjustments(host=host, port=port)
    sockets = []
    try:
        for family, socktype, proto, address in adj.listen:
            sock = socket.socket(family, socktype, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(adj.backlog)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def run(serve_one: Callable[[int], None], workers: int) -> int:
    """Fork *workers* processes that each call *serve_one* with their number (0, 1, …), wait,
    and stop them all.

    *serve_one* serves until SystemExit. Returns the parent's exit status: 0 after SIGINT or
    SIGTERM, 1 when a worker ended on its own.
    """
    waited = STOP_SIGNALS | {signal.SIGCHLD}
    # Blocked, these signals wait for sigtimedwait below instead of interrupting the parent.
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, waited)
    pids: set[int] = set()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        # Everything made so far is shared copy-on-write, and the workers' collections skip it.
        gc.freeze()
        parent = os.getpid()
        for number in range(workers):
            pid = os.fork()
            if pid == 0:
                _worker(functools.partial(serve_one, number), parent, previous_mask)
            pids.add(pid)
        return _supervise(pids, waited)
    finally:
        _stop(pids, waited)
        gc.unfreeze()
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)


def _supervise(pids: set[int], waited: set[signal.Signals]) -> int:
    while True:
        info = signal.sigtimedwait(waited, 3600)
        if info is None:
            continue
        if info.si_signo in STOP_SIGNALS:
            return 0
        ended = _reap(pids)
        for pid, status in ended:
            click.echo(f"Worker process {pid} {_describe(status)}; stopping the other workers.", err=True)
        if ended:
            return 1


def _reap(pids: set[int]) -> list[tuple[int, int]]:
    """The workers that have ended, as (pid, wait status); they are removed from *pids*."""
    ended = []
    for pid in list(pids):
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done, status = pid, 0
        if done:
            pids.discard(pid)
            ended.append((pid, status))
    return ended


def _describe(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return f"exited with status {code}"


def _stop(pids: set[int], waited: set[signal.Signals]) -> None:
    """SIGTERM to every worker, then SIGKILL to those still running after STOP_SECONDS
    (or at once, when a second SIGINT or SIGTERM asks for it)."""
    _signal_all(pids, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    while True:
        _reap(pids)
        if not pids:
            return
        left = deadline - time.monotonic()
        info = signal.sigtimedwait(waited, left) if left > 0 else None
        if info is None or info.si_signo in STOP_SIGNALS:
            _signal_all(pids, signal.SIGKILL)
            for pid in pids:
                os.waitpid(pid, 0)
            pids.clear()
            return


def _signal_all(pids: set[int], signum: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):     # it has exited already
            os.kill(pid, signum)


def _worker(serve_one: Callable[[], None], parent: int, mask: set[int]) -> NoReturn:
    """A forked worker: serve until SIGTERM (or until the parent is gone), then leave."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl+C reaches the parent, which stops us
        signal.signal(signal.SIGTERM, _leave)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        threading.Thread(target=_watch_parent, args=(parent,), name="sanad-parent-watch", daemon=True).start()
        serve_one()
    except SystemExit:
        pass
    except BaseException:
        traceback.print_exc()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # never return into the parent's code, nor run its exit handlers


def _leave(signum: int, frame: FrameType | None) -> NoReturn:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(0)   # waitress's loop ends on it and lets its threads finish


def _watch_parent(parent: int) -> None:
    """Stop this worker when its parent has died (killed with SIGKILL, say): no orphans."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


__all__ = ["bind", "can_fork", "run"]
