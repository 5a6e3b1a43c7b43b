"""The app as a screen reader meets it: the unlock screen, then (on "unlock" from stdin) the
caseload. Says "unlock-shown" / "caseload-shown" on stdout; quits on "quit"."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer

from exitdoors_desktop.ui.shell.main import application, build_window
from tests.conftest import CHEAP


def main() -> int:
    folder, passphrase = Path(sys.argv[1]), sys.argv[2]
    app = application()
    window = build_window(folder, kdf=CHEAP)
    window.resize(1366, 768)
    window.show()

    def say(text: str) -> None:
        print(text, flush=True)

    def next_command() -> None:
        # The event loop keeps running while stdin is silent: AT-SPI asks the app meanwhile.
        command = sys.stdin.readline().strip()
        if command == "unlock":
            window.unlocked.connect(lambda: QTimer.singleShot(500, lambda: say("caseload-shown")))
            window.unlock_page.user.setCurrentText("alex")
            window.unlock_page.passphrase.setText(passphrase)
            window.unlock_page.button.click()
        else:
            window.lock()
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *_: next_command())
    QTimer.singleShot(500, lambda: say("unlock-shown"))
    code = app.exec()
    window.runner.shutdown(5_000)
    window.sync_runner.shutdown(5_000)
    window.verify_runner.shutdown(5_000)
    return code


if __name__ == "__main__":
    sys.exit(main())
