"""The Reports page at 1366×768 (funder and staff view) from a fresh demo vault, offscreen,
and the example report PDF (funder view): `python docs/make_report_screenshots.py`.

Every person behind the figures is synthetic. Also prints the window's minimum width with the
Reports page shown, the figure issue 13 asks for.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate, QEventLoop, Qt, QTimer  # noqa: E402

from exitdoors_desktop.core.metrics import Period  # noqa: E402
from exitdoors_desktop.core.metrics.publish import View  # noqa: E402
from exitdoors_desktop.storage.demo import seed_demo  # noqa: E402
from exitdoors_desktop.storage.report_data import build_report  # noqa: E402
from exitdoors_desktop.storage.secrets import KdfParams  # noqa: E402
from exitdoors_desktop.storage.vault import Vault  # noqa: E402
from exitdoors_desktop.ui.reports.page import ReportsPage  # noqa: E402
from exitdoors_desktop.ui.reports.pdf import report_pdf  # noqa: E402
from exitdoors_desktop.ui.shell.main import application, build_window  # noqa: E402

DOCS = Path(__file__).resolve().parent
PASSPHRASE = "screenshots only, synthetic data"  # noqa: S105 - a throwaway demo vault
SIZE = (1366, 768)


def _settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        session, _ = Vault(folder).create("demo", PASSPHRASE, kdf=KdfParams.cheap_for_tests())
        seed_demo(session, 60, seed=11)
        window = build_window(folder)
        # The example PDF, funder view, over the demo's whole span.
        from exitdoors_desktop.core.definitions import load_definitions

        defs = load_definitions()
        today = dt.date.today()
        period = Period(dt.date(today.year - 3, 1, 1), today)
        report, sections = build_report(session, defs, period, today, View.FUNDER)
        (DOCS / "example_report.pdf").write_bytes(report_pdf(report, sections, defs))
        session.lock()
        window.resize(*SIZE)
        window.show()
        _settle()
        window.unlock_page.user.setCurrentText("demo")
        window.unlock_page.passphrase.setText(PASSPHRASE)
        window.unlock_page.button.click()
        for _ in range(50):
            _settle(100)
            ws = window.workspace
            if ws is not None and ws.caseload.model.rowCount():
                break
        ws = window.workspace
        assert ws is not None
        items = ws.nav.findItems("Reports", Qt.MatchFlag.MatchExactly)
        ws.nav.setCurrentItem(items[0])
        _settle(1500)
        page = window.findChild(ReportsPage)
        assert page is not None
        page.from_edit.setDate(QDate(period.start.year, period.start.month, period.start.day))
        page.refresh()
        _settle(1500)
        window.grab().save(str(DOCS / "screenshot_reports.png"))
        print("window", window.width(), "x", window.height(),
              "minimum with Reports shown:", window.minimumSizeHint().width())  # fmt: skip
        page.view_combo.setCurrentIndex(page.view_combo.findData(View.STAFF.value))
        _settle(1500)
        window.grab().save(str(DOCS / "screenshot_reports_staff.png"))
        window.lock()
        window.runner.shutdown()
        window.close()
    app.quit()
    print("written to", DOCS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
