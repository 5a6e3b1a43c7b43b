"""The one background-task helper (shaped like Anki's QueryOp): run ``op`` on a worker thread,
deliver its result or error on the GUI thread, and drop callbacks whose parent is gone."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from exitdoors_desktop.core.errors import Cancelled, ExitDoorsError

log = logging.getLogger(__name__)


class _Relay(QObject):
    finished = Signal(object, object)  # (callback, value)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._on_finished)

    def _on_finished(self, callback: Callable[[Any], None], value: object) -> None:
        callback(value)


class _Job(QRunnable):
    def __init__(self, op: Callable[[], Any], ok: Callable[[Any], None],
                 fail: Callable[[BaseException], None], relay: _Relay) -> None:  # fmt: skip
        super().__init__()
        self._op, self._ok, self._fail, self._relay = op, ok, fail, relay

    def run(self) -> None:
        try:
            result = self._op()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self._relay.finished.emit(self._fail, exc)
        else:
            self._relay.finished.emit(self._ok, result)


class TaskRunner(QObject):
    """A pool of one thread: the work it runs owns its database connection while it runs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()

    def run(
        self,
        op: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        def alive() -> bool:
            return parent is None or shiboken6.isValid(parent)

        def ok(value: object) -> None:
            if alive():
                on_success(value)

        def fail(exc: BaseException) -> None:
            if isinstance(exc, Cancelled) or not alive():
                return
            if on_failure is not None:
                on_failure(exc)
            else:
                show_error(parent, exc)

        self._pool.start(_Job(op, ok, fail, self._relay))

    def __call__(self, op: Callable[[], Any], ok: Callable[[Any], None],
                 fail: Callable[[BaseException], None]) -> None:  # fmt: skip
        self.run(op, ok, fail)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        return bool(self._pool.waitForDone(timeout_ms))


def error_words(exc: BaseException) -> str:
    """What to tell the user: worded by code, never the exception's own text (it may hold data)."""
    code = exc.code if isinstance(exc, ExitDoorsError) else "unexpected"
    words = {
        "wrong_passphrase": "The user name or passphrase is not right.",
        "throttled": "Too many attempts. Please wait before trying again.",
        "vault_corrupt": "The notes file is damaged or was changed outside the app. Nothing was "
        "overwritten. Please contact your supervisor.",
        "vault_from_future": "These notes were written by a newer version of the app. Please "
        "update the app; nothing was changed.",
        "weak_passphrase": "Please choose a longer or less common passphrase (12 characters or "
        "more).",
        "vault_locked": "The notes are locked.",
        "illegal_transition": "That phase change is not possible from her current phase.",
        "invalid_input": "Some of what was entered is not valid.",
        "sync_network": "The office server cannot be reached. Work continues offline.",
        "sync_certificate": "The office server's certificate is not the expected one.",
        "sync_auth": "The office server no longer accepts this laptop.",
    }
    return words.get(code, "Something went wrong. Nothing you typed was lost.")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, ExitDoorsError):
        # Type only: the message of an unexpected error may quote data.
        log.error("unexpected error: %s", type(exc).__name__)
    QMessageBox.warning(parent, "Problem", error_words(exc))
