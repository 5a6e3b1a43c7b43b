"""The toolbar always at hand: quick exit for everyone, and Settings and Lock while unlocked."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QSizePolicy, QToolBar, QWidget


class ShellToolbar(QToolBar):
    """The window's one toolbar; the window connects its buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainToolbar")
        self.setMovable(False)
        self.toggleViewAction().setVisible(False)
        self.quick_exit_button = QPushButton(self)
        self.quick_exit_button.setObjectName("quickExitButton")
        self.lock_button = QPushButton(self)
        self.lock_button.setObjectName("lockButton")
        self.settings_button = QPushButton(self)
        self.settings_button.setObjectName("settingsButton")
        self.name()
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.settings_button)
        self.addWidget(self.lock_button)
        self.addWidget(spacer)
        self.addWidget(self.quick_exit_button)

    def name(self) -> None:
        """The toolbar's words, again after the user's language is set at unlock."""
        self.quick_exit_button.setText(self.tr("Quick exit  (F12)"))
        self.quick_exit_button.setToolTip(
            self.tr(
                "Hides the window, locks the notes and empties the clipboard at once. "
                "F12 or Shift+Esc does the same."
            )  # fmt: skip
        )
        self.lock_button.setText(self.tr("L&ock"))
        self.lock_button.setToolTip(self.tr("Lock the notes (Ctrl+L)"))
        self.settings_button.setText(self.tr("S&ettings"))

    def set_unlocked(self, unlocked: bool) -> None:
        """Settings and Lock shown only while unlocked. Widgets in a toolbar are shown and
        hidden through their actions, looked up afresh each time: the Python wrappers of the
        actions addWidget returned were found dead (their C++ objects alive) after the first
        lock of a session opened before the window was first shown (the first-run wizard's),
        so Settings and Lock never came back."""
        mine = (self.settings_button, self.lock_button)
        for action in self.actions():
            if self.widgetForAction(action) in mine:
                action.setVisible(unlocked)
