"""What the group dialogs share when they save: one background write, the button held while it
runs, a saved notice, and a failure shown in the dialog with nothing typed lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QLabel, QPushButton

from exitdoors_desktop.core.errors import ExitDoorsError
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.tasks import error_words, log_unexpected


class SavingDialog(QDialog):
    """A subclass sets ``ctx``, ``message`` and ``save_button`` and says what was saved."""

    ctx: AppContext
    message: QLabel
    save_button: QPushButton
    saving = False

    def _saved_words(self) -> str:
        raise NotImplementedError

    def _emit_saved(self, stored: object) -> None:
        raise NotImplementedError

    def _start_save(self, op: Callable[[Session], object]) -> None:
        self.saving = True
        self.save_button.setEnabled(False)
        self.message.hide()
        self.ctx.in_background(op, self._on_save_succeeded, self._on_save_failed, self)

    def _on_save_succeeded(self, stored: object) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.ctx.notify(self._saved_words())
        self._emit_saved(stored)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if not isinstance(exc, ExitDoorsError):
            log_unexpected(exc)
        self._say(tr("Not saved: {why}").format(why=error_words(exc)))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
