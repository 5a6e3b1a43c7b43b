"""Settings → Users → "Add user…" (admin only): name, role, passphrase twice. The passphrase
rules are the command line's (core/passphrase) and its words the first-run wizard's
(kit/passphrase_hint), shown as she types; the user is written through the same storage call
as `exitdoors vault adduser` (Session.add_user)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.people import Role
from exitdoors_desktop.ui.kit.passphrase_hint import (
    passphrase_refusal,
    passphrase_verdict,
    verdict_words,
)
from exitdoors_desktop.ui.kit.vocabulary import role_name


class AddUserDialog(QDialog):
    """Asks; does not write. ``values()`` after it is accepted: (name, role, passphrase)."""

    def __init__(self, existing: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addUserDialog")
        self.setWindowTitle(self.tr("Add user"))
        self._existing = {n.casefold() for n in existing}
        self.name = QLineEdit(self)
        self.name.setObjectName("addUserName")
        self.role = QComboBox(self)
        self.role.setObjectName("addUserRole")
        for role in Role:
            self.role.addItem(role_name(role), role.value)
        self.role.setCurrentIndex(list(Role).index(Role.CASE_MANAGER))
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("addUserPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("addUserAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel(self)
        self.hint.setObjectName("addUserStrength")
        self.hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("addUserMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.again)
        form.addRow("", self.hint)
        for label, field in (
            (self.tr("Name"), self.name),
            (self.tr("Role"), self.role),
            (self.tr("Passphrase"), self.passphrase),
            (self.tr("Passphrase again"), self.again),
        ):
            field.setAccessibleName(label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        for field in (self.passphrase, self.again):
            field.textChanged.connect(self._on_passphrase_text_changed)

    def problem(self) -> str | None:
        """What is wrong with the form, in words, or None."""
        name = " ".join(self.name.text().split())
        if not name:
            return self.tr("Give the new user a name.")
        if name.casefold() in self._existing:
            return self.tr("A user with this name already exists.")
        return passphrase_refusal(self.passphrase.text(), self.again.text())

    def _on_passphrase_text_changed(self) -> None:
        code, tone = passphrase_verdict(self.passphrase.text(), self.again.text())
        self.hint.setText(verdict_words(code, self.passphrase.text()))
        self.hint.setProperty("tone", tone)
        self.hint.style().unpolish(self.hint)
        self.hint.style().polish(self.hint)

    def try_accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.message.setText(problem)
            return
        self.accept()

    def values(self) -> tuple[str, Role, str]:
        return (
            " ".join(self.name.text().split()),
            Role(str(self.role.currentData())),
            self.passphrase.text(),
        )

    def clear_secrets(self) -> None:
        self.passphrase.clear()
        self.again.clear()
