"""Run in a process of its own (the offscreen screen's size is fixed when Qt starts): open the
main window as the app opens it, unlock, and print where the window and its key controls lie.

Usage: python open_window.py VAULT_FOLDER SHOT.png  (QT_QPA_PLATFORM names the screen)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QRect, QTimer
from PySide6.QtWidgets import QWidget

from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.shell.main import application, build_window
from tests.conftest import CHEAP, PASSPHRASE


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def rect(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    r = QRect(top_left, widget.size())
    return [r.left(), r.top(), r.right(), r.bottom()]


def main() -> None:
    folder, shot = Path(sys.argv[1]), sys.argv[2]
    Vault(folder).create("alex", PASSPHRASE, kdf=CHEAP)[0].lock()
    app = application()
    window = build_window(folder, kdf=CHEAP)
    window.show()
    wait(200)
    loop = QEventLoop()
    window.unlocked.connect(loop.quit)
    window.unlock_page.user.setCurrentText("alex")
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.button.click()
    QTimer.singleShot(10_000, loop.quit)
    loop.exec()
    wait(300)
    assert window.workspace is not None
    caseload = window.workspace.caseload
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    window.grab().save(shot)
    out = {
        "available": [available.left(), available.top(), available.right(), available.bottom()],
        "frame": [frame.left(), frame.top(), frame.right(), frame.bottom()],
        "statusBar": rect(window.statusBar()),
        "quickExitButton": rect(window.quick_exit_button),
        "newClientButton": rect(caseload.new_button),
        "caseloadOnlyMine": rect(caseload.findChild(QWidget, "caseloadOnlyMine")),
        "visible": [w.isVisible() for w in (window.statusBar(), window.quick_exit_button)],
    }
    window.lock()
    window.runner.shutdown()
    window.sync_runner.shutdown()
    window.verify_runner.shutdown()
    print("RESULT " + json.dumps(out), flush=True)
    app.quit()


if __name__ == "__main__":
    main()
