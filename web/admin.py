"""The administrator's API: rebuild the index from the corpus while the site keeps answering.

Off unless the ``ADMIN_TOKEN`` setting (``SANAD_ADMIN_TOKEN``) is set; every call then needs
``Authorization: Bearer <token>``, compared in constant time. ``POST /api/admin/reindex``
starts ``index.build`` in a background thread and answers at once (202); ``GET`` reports its
progress and the last result. One rebuild at a time: a second is refused (409) by the
rebuild ``flock`` of ``index.store``, the one lock every process (and ``sanad index``) takes.

The status is also written to ``admin-status.json`` in the index root, so that every
worker process of ``sanad serve --workers N`` reports the rebuild another one runs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from index import build, store
from index.errors import RebuildInProgress, SanadError

from . import openapi
from .errors import ClientError, read_params

bp = Blueprint("admin", __name__, url_prefix="/api/admin")
REALM = 'Bearer realm="Sanad admin"'
STATUS_FILE = "admin-status.json"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Reindexer:
    """Runs a rebuild of *index_root* from *corpus_dir* in a thread, one at a time.

    Whether a rebuild runs is known one way only: the kernel's rebuild lock (``flock``),
    which every process shares and which dies with its holder. ``start`` takes it before it
    answers and the rebuild thread releases it when the result is recorded; the status
    file only carries progress and results to the other worker processes.
    """

    def __init__(self, corpus_dir: Path, index_root: Path, log: logging.Logger | None = None) -> None:
        self.corpus_dir, self.index_root = corpus_dir, index_root
        self.log = log or logging.getLogger(__name__)
        self._state_lock = threading.Lock()    # guards the fields below
        self._running: dict[str, Any] | None = None
        self._last: dict[str, Any] | None = None
        self._thread: threading.Thread | None = None
        self._saved_percent = -1
        self._save_lock = threading.Lock()      # one status write at a time from this process

    def start(self, full: bool = False, skip_bad: bool = False) -> dict[str, Any]:
        """Start a rebuild and return the status; 409 when one is already running."""
        held = ExitStack()
        try:
            held.enter_context(store.rebuild_lock(self.index_root))
        except RebuildInProgress:
            with self._state_lock:
                here = self._running is not None
            raise self.busy("A rebuild started here is still running" if here else
                             "Another rebuild (such as `sanad index` or another worker's) is running on this "
                             "index") from None
        with self._state_lock:
            self._running = {"full": full, "skip_bad": skip_bad, "started_at": _now(), "done": 0, "total": 0,
                             "document": None, "pid": os.getpid()}
            self._saved_percent = -1
        self._save()
        self._thread = threading.Thread(target=self._run, args=(full, skip_bad, held), name="sanad-reindex",
                                        daemon=True)
        try:
            self._thread.start()
        except BaseException:
            held.close()                            # never leave the lock held by no one
            raise
        return self.status()

    def busy(self, what: str) -> ClientError:
        return ClientError(409, "rebuild_running", f"{what}; wait for it to finish (GET /api/admin/reindex "
                                                   "shows its progress) and try again.")

    def _progress(self, done: int, total: int, doc_id: str) -> None:
        with self._state_lock:
            if self._running is not None:
                self._running.update(done=done, total=total, document=doc_id)
        percent = done * 100 // max(total, 1)
        if percent != self._saved_percent:          # the other workers see each whole percent
            self._saved_percent = percent
            self._save()

    def _save(self) -> None:
        """Write the status where the other worker processes read it (atomically, newest last)."""
        path = self.index_root / STATUS_FILE
        tmp = path.with_name(f"{STATUS_FILE}.{os.getpid()}.tmp")
        with self._save_lock:
            with self._state_lock:
                state = {"running": self._running, "last": self._last}
            try:
                tmp.write_text(json.dumps(state), encoding="utf-8")
                os.replace(tmp, path)
            except OSError as e:
                self.log.warning("Could not write the rebuild status for other workers: %s", e)

    def _shared(self) -> dict[str, Any]:
        """What the last rebuild a worker process ran wrote: its progress and its result."""
        try:
            state = json.loads((self.index_root / STATUS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def _run(self, full: bool, skip_bad: bool, held: ExitStack) -> None:
        with held:                                  # the rebuild lock, until the result is recorded
            t0 = time.perf_counter()
            warnings: list[str] = []
            last: dict[str, Any] = {"ok": False, "full": full, "summary": None, "error": None,
                                    "warnings": warnings}
            try:
                report = build(self.corpus_dir, self.index_root, full=full, skip_bad=skip_bad,
                               progress=self._progress, warn=warnings.append, locked=True)
                last.update(ok=True, summary=report.summary(), documents=report.documents,
                            passages=report.passages, skipped=report.skipped)
            except SanadError as e:
                last["error"] = f"{e} The previous index is still live."
            except Exception:  # a bug, not a corpus problem: log it, keep serving the previous index
                self.log.exception("The rebuild failed")
                last["error"] = ("The rebuild failed on the server (it has been logged); the previous index is "
                                 "still live.")
            finally:
                with self._state_lock:
                    started = (self._running or {}).get("started_at")
                    self._last = {**last, "started_at": started, "finished_at": _now(),
                                  "seconds": round(time.perf_counter() - t0, 3)}
                    self._running = None
                self._save()

    def status(self) -> dict[str, Any]:
        """Whether a rebuild runs (with passages done/total) and how the last one ended."""
        rebuilding = store.is_rebuilding(self.index_root)
        with self._state_lock:
            running = dict(self._running) if self._running else None
            last = dict(self._last) if self._last else None
        if running is None:
            shared = self._shared()
            # Another worker's progress counts only while the lock says a rebuild runs: a
            # status file left by a process that died (or by a container that restarted,
            # its pids reused) never makes a rebuild look alive.
            running = shared.get("running") if rebuilding else None
            if shared.get("last") and (last is None or shared["last"].get("finished_at", "") >
                                       last.get("finished_at", "")):
                last = shared["last"]
        return {"running": running is not None, "progress": running, "last": last,
                "rebuilding": running is not None or rebuilding}

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the running rebuild (if any) to end; True when none runs any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()


def reindexer() -> Reindexer:
    return current_app.extensions["sanad_admin"]


def authorize() -> None:
    """Let the request through only with the admin token; otherwise 403 (off) or 401."""
    token = current_app.config["ADMIN_TOKEN"]
    if not token:
        raise ClientError(403, "admin_disabled", "The admin API is off. To switch it on, set SANAD_ADMIN_TOKEN "
                                                 "to a long random secret (16+ characters) and restart Sanad.")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not _same(given.strip(), token):
        error = ', error="invalid_token"' if scheme.lower() == "bearer" else ""
        raise ClientError(401, "unauthorized", "The admin API needs the header Authorization: Bearer "
                                               "<SANAD_ADMIN_TOKEN>.", headers={"WWW-Authenticate": REALM + error})


def _same(given: str, token: str) -> bool:
    """Constant time, and the length hidden too: equal-sized digests are compared, not the texts."""
    def digest(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8", "replace")).digest()
    return hmac.compare_digest(digest(given), digest(token))


@bp.route("/reindex", methods=["GET", "POST"])
def reindex() -> tuple[Response, int]:
    """GET: progress and last result. POST: start a rebuild (202). Example: POST /api/admin/reindex?full=true"""
    authorize()
    r = reindexer()
    if request.method == "GET":
        return jsonify(r.status()), 200
    p = read_params(openapi.REINDEX_PARAMS, request.args)
    response = jsonify(r.start(full=p["full"], skip_bad=p["skip_bad"]))
    response.headers["Location"] = "/api/admin/reindex"
    return response, 202


def init_app(app: Flask) -> None:
    """Give *app* its Reindexer (on the app's corpus and index) and the admin routes."""
    app.extensions["sanad_admin"] = Reindexer(Path(app.config["CORPUS_DIR"]), Path(app.config["INDEX_DIR"]),
                                              app.logger)
    app.register_blueprint(bp)


__all__ = ["bp", "Reindexer", "authorize", "init_app", "reindexer"]
