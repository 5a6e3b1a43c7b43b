"""The one background-task helper (shaped like Anki's QueryOp): run ``op`` on a worker thread,
deliver its result or error on the GUI thread, drop callbacks whose parent is gone, and word
errors for people (``show_error``) without ever showing or logging client data."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from exitdoors_desktop.core.errors import Cancelled, ExitDoorsError
from exitdoors_desktop.sync.engine import CancelToken
from exitdoors_desktop.ui.kit.i18n import tr

log = logging.getLogger(__name__)

__all__ = ["CancelToken", "TaskRunner", "error_words", "log_unexpected", "show_error"]


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from the worker is queued to it."""

    finished = Signal(object, object)  # (callback, value)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
    """A pool of ONE thread, so the database work it runs (unlock KDF, caseload load) is
    serialised on one worker connection. Results come back by queued signal: no nested event
    loop, no processEvents(), no widget touched off the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)

    def run(
        self,
        op: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        parent: QObject | None = None,
        *,
        token: CancelToken | None = None,
    ) -> CancelToken:
        """Run ``op()`` off the GUI thread. ``on_success(result)`` or ``on_failure(exc)`` runs
        on the GUI thread, unless ``parent`` was deleted or the returned token was cancelled
        meanwhile. ``op`` may call ``token.check()`` to stop early (raises Cancelled, which is
        always silent). Without ``on_failure`` errors go to ``show_error``."""
        token = token or CancelToken()

        def wanted() -> bool:
            return not token.cancelled and (parent is None or shiboken6.isValid(parent))

        def ok(value: object) -> None:
            if wanted():
                on_success(value)

        def fail(exc: BaseException) -> None:
            if isinstance(exc, Cancelled) or not wanted():
                return
            if on_failure is not None:
                on_failure(exc)
            else:
                show_error(parent if isinstance(parent, QWidget) else None, exc)

        self._pool.start(_Job(op, ok, fail, self._relay))
        return token

    def __call__(self, op: Callable[[], Any], ok: Callable[[Any], None],
                 fail: Callable[[BaseException], None]) -> None:  # fmt: skip
        """The plain ``runner(op, ok, fail)`` shape the sync controller takes."""
        self.run(op, ok, fail)

    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Wait for queued and running work (results still arrive later, by event). Tests call
        this so no thread outlives them; True when everything finished in time."""
        return bool(self._pool.waitForDone(timeout_ms))


# Each entry calls translate() with a literal so lupdate finds every sentence.
_WORDS: dict[str, Callable[[], str]] = {
    "wrong_passphrase": lambda: tr("The user name or passphrase is not right."),
    "throttled": lambda: tr("Too many attempts. Please wait before trying again."),
    "vault_corrupt": lambda: tr(
        "The notes file is damaged or was changed outside the app. Nothing was overwritten "
        "and nothing new was created. Please contact your supervisor before doing anything else."
    ),
    "vault_from_future": lambda: tr(
        "These notes were written by a newer version of the app. Please update the app; "
        "nothing was changed."
    ),
    "vault_missing": lambda: tr("No notes were found in this folder."),
    "vault_exists": lambda: tr("Notes already exist here; nothing was overwritten."),
    "weak_passphrase": lambda: tr(
        "Please choose a longer or less common passphrase (12 characters or more)."
    ),
    "vault_locked": lambda: tr("The notes are locked."),
    "not_found": lambda: tr("That record is no longer there."),
    "illegal_transition": lambda: tr("That phase change is not possible from her current phase."),
    "invalid_input": lambda: tr("Some of what was entered is not valid."),
    "invalid_definition": lambda: tr("A form or program definition is not valid."),
    "sync_error": lambda: tr("Sync did not complete. Work continues offline."),
    "sync_network": lambda: tr("The office server cannot be reached. Work continues offline."),
    "sync_certificate": lambda: tr("The office server's certificate is not the expected one."),
    "sync_auth": lambda: tr("The office server no longer accepts this laptop."),
    "forbidden": lambda: tr("Your role does not allow this. Ask a supervisor or the admin."),
    "forbidden_client": lambda: tr(
        "This client is not on your caseload, so her record does not open for your role. "
        "Ask a supervisor to assign her to you."
    ),
}


def error_words(exc: BaseException) -> str:
    """What to tell the user, chosen by the error's code and translated. Never the exception's
    own text: it may quote data."""
    code = exc.code if isinstance(exc, ExitDoorsError) else "unexpected"
    words = _WORDS.get(code)
    return words() if words else tr("Something went wrong. Nothing you typed was lost.")


def log_unexpected(exc: BaseException) -> None:
    """Log where it happened (type and stack frames), not what: no message, no values."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected error %s\n%s", type(exc).__name__, frames)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The one place errors reach a person. Cancellation is silent."""
    if isinstance(exc, Cancelled):
        return
    if not isinstance(exc, ExitDoorsError):
        log_unexpected(exc)
    QMessageBox.warning(parent, tr("Problem"), error_words(exc))
