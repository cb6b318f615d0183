"""Spreading connections evenly over the worker processes of ``sanad serve --workers N``.

Every worker accepts from the same listening sockets, and a keep-alive connection stays with
the worker that accepted it. Left to the kernel, whichever worker woke first took it: with 8
clients on 2 workers the split was often 6 to 2, and measured per pass one worker used 4.6 s
of CPU while the other used 0.7 s, so one core idled while the other's clients queued. Here
each worker publishes how many connections it holds in a small table shared by all of them
(anonymous shared memory made before the fork), and listens for new ones only while it holds
no more than the least loaded live worker: the rule of a "least connections" balancer.
"""

from __future__ import annotations

import contextlib
import mmap
import threading
import time

from waitress.server import TcpWSGIServer

RECHECK_SECONDS = 0.05   # how soon a worker that stopped listening looks again
STALE_SECONDS = 3.0      # a worker that has not looked for this long (stopped, dying) is ignored


class Balance:
    """The shared table: for each worker its open connections and when it last looked."""

    def __init__(self, workers: int) -> None:
        self._memory = mmap.mmap(-1, 16 * workers)
        self._table = memoryview(self._memory).cast("q")
        self.workers = workers

    def accepts(self, slot: int, held: int) -> bool:
        """Publish that worker *slot* holds *held* connections; whether it should accept more."""
        now = int(time.monotonic() * 1000)
        table = self._table
        table[2 * slot], table[2 * slot + 1] = held, now
        fresh = now - int(STALE_SECONDS * 1000)
        return all(held <= table[2 * k] for k in range(self.workers) if k != slot and table[2 * k + 1] >= fresh)


class BalancedServer(TcpWSGIServer):
    """A waitress server that takes part in a ``Balance`` as worker *slot* (see ``join``)."""

    balance: Balance
    slot: int
    _waiting: threading.Event      # set while this worker does not listen

    def join(self, balance: Balance, slot: int) -> None:
        self.balance, self.slot, self._waiting = balance, slot, threading.Event()
        threading.Thread(target=self._recheck, name="sanad-balance", daemon=True).start()

    def readable(self) -> bool:
        if not super().readable():
            return False
        # Every dispatcher in the map but the listening sockets and their wake-up pipes is a
        # connection; every worker has the same number of those, so the counts compare.
        if self.balance.accepts(self.slot, len(self._map)):
            self._waiting.clear()
            return True
        self._waiting.set()
        return False

    def _recheck(self) -> None:
        """While not listening, wake the loop now and then: only its own connections' events
        would, and the other workers' counts change without any."""
        while True:
            self._waiting.wait()
            time.sleep(RECHECK_SECONDS)
            with contextlib.suppress(OSError, ValueError):     # the server is closing
                self.pull_trigger()


__all__ = ["Balance", "BalancedServer"]
