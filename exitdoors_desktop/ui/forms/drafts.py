"""Draft autosave: typed form text goes into the vault (never a file), debounced, and is
flushed synchronously before the vault locks so nothing typed is ever lost.

A draft is an ordinary form response saved with ``draft=True``. A draft of a *new* form
keeps its id when it is finally saved. A draft of an *edit* to an already saved response gets
its own id and remembers the original under ``DRAFT_OF_KEY`` (not a field id: field ids start
with a letter), so a half-finished edit never hides the saved version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from exitdoors_desktop.core.errors import ExitDoorsError
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.storage.program_repo import ResponseRepository

log = logging.getLogger(__name__)

DRAFT_OF_KEY = "_draft_of"
AUTOSAVE_MS = 1000


def split_draft(response: FormResponse) -> tuple[dict[str, object], str | None]:
    """(the answers to show, the id of the saved response this draft edits, if any)."""
    answers = dict(response.answers)
    edit_of = answers.pop(DRAFT_OF_KEY, None)
    return answers, edit_of if isinstance(edit_of, str) else None


def with_draft_marker(answers: Mapping[str, object], edit_of: str | None) -> dict[str, object]:
    out = dict(answers)
    if edit_of:
        out[DRAFT_OF_KEY] = edit_of
    return out


def latest_draft(
    repo: ResponseRepository, client_id: str, form_id: str, *, edit_of: str | None = None
) -> FormResponse | None:
    """Her newest draft of ``form_id``: of a new form, or (with ``edit_of``) of that edit."""
    found = None
    for draft in repo.for_client(client_id, form_id, drafts=True):
        if split_draft(draft)[1] == edit_of:
            found = draft  # oldest first, so the last match is the newest
    return found


class DraftAutosaver(QObject):
    """Calls ``save`` about a second after the last edit, or at once on ``flush``.

    ``save`` returns True when it wrote a draft. Errors are logged without data and swallowed:
    a failed autosave must never take the form (and the typed text) away from the worker.

    ``close()`` is its owner's last word before it is deleted: afterwards nothing schedules,
    fires or writes, so a late edit signal (a field losing focus as the record goes) never
    reaches an autosaver, or a timer, whose Qt side is gone.
    """

    draft_saved = Signal()

    def __init__(
        self, save: Callable[[], bool], delay_ms: int = AUTOSAVE_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._dirty = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setObjectName("draft_timer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def pending(self) -> bool:
        return self._dirty

    @property
    def closed(self) -> bool:
        return self._closed

    def schedule(self) -> None:
        if self._closed:
            return
        self._dirty = True
        self._timer.start()

    def cancel(self) -> None:
        self._dirty = False
        self._timer.stop()

    def close(self) -> None:
        """Stop for good: the timer stopped and cut off, nothing pending. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._dirty = False
        self._timer.stop()
        self._timer.timeout.disconnect(self._on_timer_timeout)

    def flush(self) -> bool:
        """Write now if anything changed since the last write; True if a draft was written."""
        if self._closed:
            return False
        self._timer.stop()
        if not self._dirty:
            return False
        self._dirty = False
        try:
            wrote = self._save()
        except ExitDoorsError as exc:
            log.warning("draft autosave failed: %s", exc.code)
            self._dirty = True
            return False
        # The write may have let the event loop run (an error box): the owner, and this with
        # it, may be gone by now; a signal from a deleted object would raise.
        if wrote and not self._closed and shiboken6.isValid(self):
            self.draft_saved.emit()
        return wrote

    def _on_timer_timeout(self) -> None:
        self.flush()
