"""The record's "Erase…" (supervisor, admin): type ERASE, and the client and her whole
history go from this laptop for good (storage/erasure.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from exitdoors_desktop.core.permissions import Permission, require
from exitdoors_desktop.storage.erasure import erase_client
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.tasks import error_words


class EraseDialog(QDialog):
    """The record's "Erase…": type ERASE; the client and her whole history go for good."""

    def __init__(self, ctx: AppContext, client_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eraseDialog")
        self.setWindowTitle(self.tr("Erase for good"))
        self._ctx, self._client_id = ctx, client_id
        self.erased = False
        text = QLabel(
            self.tr("This erases her record and its whole history from this laptop for good; "
                    "backups made before keep it. Type ERASE to confirm."), self)  # fmt: skip
        text.setWordWrap(True)
        self.typed = QLineEdit(self)
        self.typed.setObjectName("eraseConfirm")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.typed)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

    def _on_ok(self) -> None:
        if self.typed.text().strip() != "ERASE":
            self.message.setText(self.tr("Type ERASE to confirm, or Cancel."))
            return
        try:
            require(self._ctx.session.role, Permission.ERASE)
            erase_client(self._ctx.session, self._client_id)
        except Exception as exc:  # noqa: BLE001 - worded for people, no data
            self.message.setText(error_words(exc))
            return
        self.erased = True
        self.accept()
