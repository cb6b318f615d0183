"""Sanad's app under waitress on 127.0.0.1 (ephemeral port), served from a background thread,
for tests that need real HTTP. Import as ``from tests.servers import background_server``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from waitress import wasyncore

from web.server import make_server


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
            wasyncore.loop(timeout=0.05, map=server._map, count=1)
        server.task_dispatcher.shutdown(timeout=5)
        wasyncore.close_all(server._map)

    thread = threading.Thread(target=loop, name="sanad-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=15)
