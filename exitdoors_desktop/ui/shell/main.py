"""Start the desktop app: the first-run wizard when there is no vault, else the unlock screen;
then the main window, which returns to its unlock screen after every lock."""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.i18n import use_language
from exitdoors_desktop.ui.kit.style import apply_style
from exitdoors_desktop.ui.shell.first_run import FirstRunWizard
from exitdoors_desktop.ui.shell.main_window import MainWindow

# Neutral on purpose: these names show in task switchers, and name the settings folder Qt
# might use (the app itself keeps no settings outside the vault).
APP_NAME = "Notes"


NONE_RESERVE = 1 << 40


def pin_none() -> bool:
    """Work around a PySide6 6.12 bug on CPython 3.11: each time Qt calls a Python override that
    returns None, True or False (data() for a role a model does not answer, an eventFilter's
    verdict …), one reference to that singleton is dropped. After enough calls its count
    reaches zero and the process aborts ("deallocating None" / "deallocating True or False").
    From 3.12 these objects are immortal; on 3.11 give each a reserve of 2**40 references
    once. True when a reserve was added."""
    if sys.version_info >= (3, 12):
        return False
    added = False
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) > NONE_RESERVE // 2:
            continue
        count = ctypes.c_ssize_t.from_address(id(singleton))
        # ob_refcnt is the first field of every object in a release build; check before writing.
        if abs(count.value - sys.getrefcount(singleton)) > 16:
            continue
        count.value += NONE_RESERVE
        added = True
    return added


def application() -> QApplication:
    """The QApplication, made once, named neutrally and styled."""
    pin_none()
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("")
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("")
    apply_style(app)
    # Before anyone has unlocked, the system's language (the user's own follows at unlock).
    use_language("fr" if QLocale.system().language() == QLocale.Language.French else "en")
    return app


def build_window(data_dir: Path, *, kdf: KdfParams | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> MainWindow:  # fmt: skip
    """The main window on its unlock page; does not show it or run the event loop (tests)."""
    return MainWindow(Vault(data_dir), load_definitions(), kdf=kdf, today=today)


def build_app(data_dir: Path, *, kdf: KdfParams | None = None,
              today: Callable[[], dt.date] = dt.date.today) -> tuple[QApplication, MainWindow]:  # fmt: skip
    app = application()
    return app, build_window(data_dir, kdf=kdf, today=today)


def first_run(window: MainWindow, kdf: KdfParams | None) -> bool:
    """Run the wizard if the folder holds no vault; True when the window may be shown."""
    if window.vault.exists():
        return True
    wizard = FirstRunWizard(window.vault, window.runner, kdf)
    wizard.setWindowTitle(window.windowTitle())
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    session = wizard.session
    if session is None:
        return False
    if not accepted:  # closed by quick exit: the vault exists, the session must not stay open
        session.lock()
        window.unlock_page.refresh()
        return False
    window.unlock_page.refresh()
    window.open_session(session)
    return True


def run(data_dir: Path, *, kdf: KdfParams | None = None) -> int:
    """The desktop app. Quick exit (F12 / Shift+Esc / the red button) hides every window,
    locks, empties the clipboard, and then quits: starting again shows the unlock screen."""
    app, window = build_app(data_dir, kdf=kdf)
    # Queued: the quit happens after the lock has finished and the windows are gone.
    window.quick_exit.triggered.connect(lambda _s: QTimer.singleShot(0, app.quit))
    try:
        if not first_run(window, kdf):
            return 0
        window.show()
        if os.environ.get("EXITDOORS_READY_MARKER"):
            print("window-shown", flush=True)  # for start-up benchmarks and the bundle smoke test
        return app.exec()
    finally:
        window.lock()
        window.runner.shutdown(5_000)
        window.sync_runner.shutdown(5_000)
