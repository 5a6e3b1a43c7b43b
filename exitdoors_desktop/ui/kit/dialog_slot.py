"""One modeless dialog a page keeps while it is open, forgotten when it closes.

A dialog deleted with deleteLater leaves its Python wrapper behind; a page that keeps that
wrapper and asks it ``isVisible()`` the next time gets "RuntimeError: ... already deleted" and
nothing opens again until a restart (issue 19; STYLE 24). The slot drops its reference when the
dialog finishes and again, for any other way it goes, when the C++ object is destroyed.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


class DialogSlot(Generic[D]):
    """Holds at most one dialog; ``get()`` is the open one or None, never a deleted one."""

    def __init__(self) -> None:
        self._dialog: D | None = None

    def get(self) -> D | None:
        return self._dialog

    def open_one(self, dialog: D) -> D:
        """Keep ``dialog``, show it window-modal, and delete it once it is finished."""
        self._dialog = dialog
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self._forget(d))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self._dialog is dialog:
            self._dialog = None
