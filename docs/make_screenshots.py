"""Make the README screenshots from a fresh demo vault, offscreen: `make screenshots`.

Every person shown is synthetic (surnames like "Example" and "Sample").
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from exitdoors_desktop.core.lifecycle import Reason, State  # noqa: E402
from exitdoors_desktop.core.people import Client  # noqa: E402
from exitdoors_desktop.storage.clients_repo import ClientRepository  # noqa: E402
from exitdoors_desktop.storage.demo import seed_demo  # noqa: E402
from exitdoors_desktop.storage.program_repo import TransitionRepository  # noqa: E402
from exitdoors_desktop.storage.secrets import KdfParams  # noqa: E402
from exitdoors_desktop.storage.vault import Session, Vault  # noqa: E402
from exitdoors_desktop.ui.shell.main import application, build_window  # noqa: E402

DOCS = Path(__file__).resolve().parent
LONG_NAME = "Anne-Sophie Bérénice Lefèbvre-Beauchesne de Saint-Jean-sur-Richelieu"
PASSPHRASE = "screenshots only, synthetic data"  # noqa: S105 - a throwaway demo vault


def _settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _add_long_name(session: Session) -> str:
    """A synthetic client with a very long name (the layout's hardest case)."""
    cid = str(uuid.uuid4())
    today = dt.date.today()
    ClientRepository(session).save(
        Client(id=cid, preferred_name=LONG_NAME, pronouns="elle/she"), today
    )
    TransitionRepository(session).record(
        cid, State.PRE, Reason.ENROLLED, today - dt.timedelta(days=2)
    )
    return cid


def _over(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with the dialog drawn centred over it (a dialog is its own top-level window
    offscreen, so window.grab() alone would not show it)."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))
    front = dialog.grab()
    at = QPoint((shot.width() - front.width()) // 2, (shot.height() - front.height()) // 2)
    painter.fillRect(front.rect().translated(at).adjusted(-1, -1, 1, 1), QColor("#777"))
    painter.drawPixmap(at, front)
    painter.end()
    return shot


def _group_session(ws: QWidget, window: QWidget, out: Path) -> None:
    """The Groups page with a session being recorded: details, facilitator, ticked women."""
    items = ws.nav.findItems("Groups", Qt.MatchFlag.MatchExactly)  # type: ignore[attr-defined]
    if not items:
        return
    ws.nav.setCurrentItem(items[0])  # type: ignore[attr-defined]
    _settle(600)
    page = ws.pages["Groups"]  # type: ignore[attr-defined]
    dialog = page.open_new_session()
    dialog.type.setCurrentIndex(dialog.type.findData("skills_training"))
    if dialog.series.count() > 1:
        dialog.series.setCurrentIndex(dialog.series.count() - 1)
    dialog.start.setText("18:00")
    dialog.length.setValue(90)
    dialog.topic.setText("Budgeting")
    dialog.facilitators.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.note.setPlainText("Good discussion of budgets; next week: tenant rights.")
    dialog.others.setValue(2)
    model = dialog.checklist.model
    for row in range(0, min(model.rowCount(), 27), 3):
        model.toggle(row)
    dialog.checklist.search.setText("a")
    _settle(300)
    _over(window, dialog).save(str(out))
    dialog.reject()


def main() -> int:
    os.environ["EXITDOORS_INSECURE_TEST_KDF"] = "1"  # cheap KDF for the throwaway demo vault
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        session, _ = Vault(folder).create("demo", PASSPHRASE, kdf=KdfParams.cheap_for_tests())
        seed_demo(session, 80, seed=11)
        long_id = _add_long_name(session)
        session.lock()
        window = build_window(folder)
        window.resize(1366, 768)  # the laptop the app is made for
        window.show()
        _settle()
        window.unlock_page.user.setCurrentText("demo")
        window.grab().save(str(DOCS / "screenshot_unlock.png"))
        window.unlock_page.passphrase.setText(PASSPHRASE)
        window.unlock_page.button.click()
        for _ in range(50):
            _settle(100)
            ws = window.workspace
            if ws is not None and ws.caseload.model.rowCount():
                break
        ws = window.workspace
        assert ws is not None
        window.grab().save(str(DOCS / "screenshot_caseload.png"))
        proxy = ws.caseload.proxy
        # Open someone in phase 2 with a few readings, for a fuller record.
        target = next(
            (proxy.index(r, 0) for r in range(proxy.rowCount())
             if "Phase 2" in str(proxy.index(r, 1).data())), proxy.index(0, 0),
        )  # fmt: skip
        ws.caseload.table.activated.emit(target)
        _settle(600)
        window.grab().save(str(DOCS / "screenshot_record_timeline.png"))
        record = ws.record
        if record is not None:
            tabs = record.tabs  # type: ignore[attr-defined]
            for i in range(tabs.count()):
                if tabs.tabText(i) in ("Scales", "Forms"):
                    tabs.setCurrentIndex(i)
                    _settle(400)
                    window.grab().save(
                        str(DOCS / f"screenshot_record_{tabs.tabText(i).lower()}.png")
                    )
        for name in ("Outreach", "Reports"):
            items = ws.nav.findItems(name, Qt.MatchFlag.MatchExactly)
            if items:
                ws.nav.setCurrentItem(items[0])
                _settle(800)
                window.grab().save(str(DOCS / f"screenshot_{name.lower()}.png"))
        # The smallest screen it must work on, with a very long name: it elides, nothing hides.
        ws.nav.setCurrentRow(0)
        ws.open_client(long_id)
        window.resize(1024, 600)
        _settle(600)
        window.grab().save(str(DOCS / "screenshot_record_1024x600.png"))
        window.resize(1366, 768)
        _group_session(ws, window, DOCS / "screenshot_groups.png")
        window.lock()
        window.runner.shutdown()
        window.close()
    app.quit()
    print("screenshots written to", DOCS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
