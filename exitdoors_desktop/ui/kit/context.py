"""What every screen of an unlocked window needs, built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.storage.vault import Session

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from exitdoors_desktop.ui.kit.tasks import CancelToken, TaskRunner

T = TypeVar("T")


@dataclass
class AppContext:
    """Passed down explicitly (no global main window, no service locator).

    ``today`` is injected so timing, flags and tests never read the clock themselves.
    ``language`` is "en" or "fr" for definition labels; Qt strings go through tr().
    """

    session: Session
    definitions: Definitions
    today: Callable[[], dt.date] = dt.date.today
    language: str = "en"
    # Called with a short, data-free message to show in the status bar.
    notify: Callable[[str], None] = field(default=lambda _message: None)
    # The window's ClipboardGuard (copy(text) wipes it after 30 s); None in bare tests.
    clipboard: Any = None
    # The window's one worker thread and its own connection, for reads that take long on a
    # big vault (reports). None in bare tests: the work then runs at once, on this thread.
    runner: TaskRunner | None = None
    worker: Session | None = None
    # Called on the GUI thread with the ids of clients a write has just changed (a form,
    # phase, contact, consent, reading, referral, group attendance): the window's caseload
    # re-reads their rows at once. A no-op in bare tests.
    clients_changed: Callable[[Collection[str]], None] = field(default=lambda _ids: None)

    def in_background(
        self,
        op: Callable[[Session], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None],
        parent: QObject | None = None,
    ) -> CancelToken | None:
        """Run ``op(session)`` on the worker connection off the GUI thread; the callbacks run
        on the GUI thread (not at all if ``parent`` is gone or the token is cancelled)."""
        if self.runner is None or self.worker is None:
            try:
                result = op(self.session)
            except Exception as exc:  # noqa: BLE001 - handed to the caller, as on a thread
                on_failure(exc)
            else:
                on_success(result)
            return None
        worker = self.worker
        return self.runner.run(lambda: op(worker), on_success, on_failure, parent)
