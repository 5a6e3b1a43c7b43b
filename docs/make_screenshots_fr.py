"""The French and large-text screenshots, from a fresh synthetic demo vault whose user chose
French (and then 150 % text): at 1366×768, and the caseload, a record and Reports on a small
laptop (1024×600) at 150 % (screenshot_fr_150_1024_*.png): `make screenshots`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from docs.make_screenshots import PASSPHRASE, _over, _settle  # noqa: E402
from exitdoors_desktop.core.definitions import load_definitions  # noqa: E402
from exitdoors_desktop.storage.demo import seed_demo  # noqa: E402
from exitdoors_desktop.storage.secrets import KdfParams  # noqa: E402
from exitdoors_desktop.storage.vault import Vault  # noqa: E402
from exitdoors_desktop.ui.shell.main import application, build_window  # noqa: E402
from exitdoors_desktop.ui.shell.main_window import MainWindow  # noqa: E402
from exitdoors_desktop.ui.shell.settings_dialog import (  # noqa: E402
    SettingsDialog,
    ShellSettings,
    save_settings,
)

DOCS = Path(__file__).resolve().parent


def _open(folder: Path, percent: int, size: tuple[int, int] = (1366, 768)) -> MainWindow:
    s = Vault(folder).unlock("demo", PASSPHRASE)
    save_settings(s, load_definitions().program, ShellSettings(15, "Notes", "fr", percent))
    s.lock()
    window = build_window(folder)
    window.resize(*size)
    window.show()
    _settle()
    window.unlock_page.user.setCurrentText("demo")
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.button.click()
    for _ in range(50):
        _settle(100)
        if window.workspace is not None and window.workspace.caseload.model.rowCount():
            break
    window.resize(*size)  # the size the laptop's screen allows, never more
    _settle(300)
    assert window.width() == size[0] and window.height() == size[1], window.size()
    return window


def _shots(window: MainWindow, prefix: str, *, all_screens: bool) -> None:
    size = window.size()
    ws = window.workspace
    assert ws is not None
    window.grab().save(str(DOCS / f"{prefix}_caseload.png"))
    proxy = ws.caseload.proxy
    target = next(
        (proxy.index(r, 0) for r in range(proxy.rowCount())
         if "Phase 2" in str(proxy.index(r, 1).data())), proxy.index(0, 0),
    )  # fmt: skip
    ws.caseload.table.activated.emit(target)
    _settle(600)
    window.resize(size)  # as a window manager keeps it on the screen
    _settle(300)
    window.grab().save(str(DOCS / f"{prefix}_record.png"))
    record = ws.record
    if all_screens and record is not None:
        tabs = record.tabs  # type: ignore[attr-defined]
        for i, name in ((1, "forms"), (3, "scales"), (5, "consent")):
            tabs.setCurrentIndex(i)
            _settle(400)
            window.grab().save(str(DOCS / f"{prefix}_record_{name}.png"))
    ws.nav.setCurrentRow(3)  # Reports
    _settle(900)
    window.resize(size)
    _settle(300)
    window.grab().save(str(DOCS / f"{prefix}_reports.png"))
    if all_screens:
        dialog = SettingsDialog(window.context(), window.runner, None, window)
        dialog.show()
        _settle(300)
        _over(window, dialog).save(str(DOCS / f"{prefix}_settings.png"))
        dialog.close()
    window.lock()
    window.runner.shutdown()
    window.sync_runner.shutdown()
    window.verify_runner.shutdown()
    window.close()


def main() -> int:
    os.environ["EXITDOORS_INSECURE_TEST_KDF"] = "1"  # cheap KDF for the throwaway demo vault
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        session, _ = Vault(folder).create("demo", PASSPHRASE, kdf=KdfParams.cheap_for_tests())
        seed_demo(session, 80, seed=11)
        session.lock()
        _shots(_open(folder, 100), "screenshot_fr", all_screens=True)
        _shots(_open(folder, 150), "screenshot_fr_150", all_screens=False)
        _shots(_open(folder, 150, (1024, 600)), "screenshot_fr_150_1024", all_screens=False)
    app.quit()
    print("French screenshots written to", DOCS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
