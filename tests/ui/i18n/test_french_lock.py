"""The lock screen of a French session is French (issue 19 walk, fr150_1024_42): the unlock
page was built in the system's language before anyone unlocked and never re-read its words."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.ui.i18n.conftest import french_window  # noqa: F401  (a fixture)
from tests.ui.shell.conftest import long_vault  # noqa: F401  (a fixture)


def _words(page) -> list[str]:  # type: ignore[no-untyped-def]
    found = [*page.findChildren(QLabel), *page.findChildren(QPushButton)]
    shown = [w for w in found if w.isVisibleTo(page)]
    return [w.text() for w in shown if w.text()]


def test_the_lock_screen_of_a_french_session_is_french(qtbot, french_window: MainWindow) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    w = french_window
    for attempt in (1, 2):  # the second lock too
        w.lock()
        QApplication.processEvents()
        page = w.unlock_page
        qtbot.waitUntil(page.isVisible, timeout=2000)
        words = _words(page)
        for english in ("Locked", "Unlock", "User", "Passphrase",
                        "Enter your passphrase to open your notes.",
                        "Forgot your passphrase? Use the recovery key"):  # fmt: skip
            assert english not in words, (attempt, english, words)
        assert "Déverrouiller" in words, (attempt, words)
        if attempt == 1:
            page.passphrase.setText(PASSPHRASE)
            with qtbot.waitSignal(w.unlocked, timeout=10_000):
                page.button.click()
