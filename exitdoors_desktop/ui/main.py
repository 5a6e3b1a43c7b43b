"""Start the desktop app: the first-run wizard when there is no vault, else the unlock screen."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.first_run import FirstRunWizard
from exitdoors_desktop.ui.main_window import MainWindow
from exitdoors_desktop.ui.tasks import TaskRunner


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("notes")  # neutral: this name can show in task switchers
    app.setOrganizationName("notes")
    app.setStyleSheet(_style())
    icon = resources.files("resources") / "icons" / "app.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _style() -> str:
    try:
        return (resources.files("resources") / "style.qss").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def build_window(data_dir: Path, *, kdf: KdfParams | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> MainWindow:  # fmt: skip
    return MainWindow(Vault(data_dir), load_definitions(), kdf=kdf, today=today)


def run(data_dir: Path, *, kdf: KdfParams | None = None) -> int:
    app = application()
    vault = Vault(data_dir)
    window = build_window(data_dir, kdf=kdf)
    if not vault.exists():
        runner = TaskRunner()
        wizard = FirstRunWizard(vault, runner, kdf)
        wizard.setWindowTitle(window.windowTitle())
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.session is None:
            runner.shutdown()
            return 0
        runner.shutdown()
        window.unlock_page.refresh()
        window.open_session(wizard.session)
    window.show()
    if os.environ.get("EXITDOORS_READY_MARKER"):
        print("window-shown", flush=True)  # for start-up benchmarks and the bundle smoke test
    return app.exec()
