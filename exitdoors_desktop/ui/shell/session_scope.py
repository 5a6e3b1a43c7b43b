"""The one owner of an open vault's connections: the window's session, the background worker's,
the page checker's and each sync round's. Lock, quick exit and remote wipe all end through
``close()``, so none of them can leave a connection open or a key copy unzeroed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.ui.kit.tasks import TaskRunner, log_unexpected


class SessionScope:
    """Built at unlock from the unlocked session; ``close()`` is safe to call more than once.

    Connections used on a task thread may be mid-query when the vault locks: they are
    interrupted and closed on their own thread after the job, never waited for here (quick exit
    stays fast). Sync rounds close their connection when they end; ``close()`` interrupts them.
    """

    def __init__(self, session: Session, runner: TaskRunner, verify_runner: TaskRunner) -> None:
        self.session = session
        self._runner = runner
        self._verify_runner = verify_runner
        self.worker: Session = session.sibling()
        self.verifier: Session | None = None
        self._sync: set[Session] = set()
        self._all: list[Session] = [session, self.worker]
        self._lock = threading.Lock()  # sync connections open and close on the sync thread
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def open_verifier(self) -> Session | None:
        """The page checker's connection, once per unlock (None if it was opened already)."""
        if self._closed or self.verifier is not None:
            return None
        self.verifier = self.session.sibling()
        self._all.append(self.verifier)
        return self.verifier

    def open_sync_connection(self) -> Session:
        """For one sync round, on the sync thread; the round closes it (``lock()``) when done."""
        with self._lock:
            if self._closed:
                from exitdoors_desktop.core.errors import Cancelled

                raise Cancelled("the vault was locked")
            conn = self.session.sibling()
            self._sync.add(conn)
            self._all.append(conn)
            return conn

    def sessions(self) -> list[Session]:
        """Every connection this scope opened, open or closed (tests check them all)."""
        with self._lock:
            return list(self._all)

    def open_sessions(self) -> list[Session]:
        return [s for s in self.sessions() if s.is_open]

    def key_copies(self) -> list[bytearray]:
        """The key copies still held by open connections (after close(): none)."""
        return [s._key for s in self.sessions() if s._key is not None]  # noqa: SLF001

    def close(self) -> None:
        """Close everything: the worker and the checker on their own threads after their job,
        sync rounds interrupted (they close themselves), then the window's session."""
        if self._closed:
            return
        with self._lock:
            self._closed = True
            sync = list(self._sync)
        _close_on(self.worker, self._runner)
        if self.verifier is not None:
            _close_on(self.verifier, self._verify_runner)
        for conn in sync:
            _interrupt(conn)
        self.session.lock()


def _interrupt(session: Session) -> None:
    if not session.is_open:
        return
    try:
        session.conn.interrupt()
    except Exception as exc:  # noqa: BLE001 - closing still happens on its thread
        log_unexpected(exc)


def _close_on(session: Session, runner: TaskRunner) -> None:
    """Close now if its thread is idle; otherwise interrupt the query and close it there."""
    if not runner.busy():
        session.lock()
        return
    _interrupt(session)
    close: Callable[[], None] = session.lock
    runner.run(close, lambda _none: None, log_unexpected)


__all__ = ["SessionScope"]
