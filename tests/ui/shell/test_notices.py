"""Export CSV and PDF say they are done, in a notice on screen that screen readers announce
(issue 19: nothing said the file was written). Each export is done twice in a row."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QPushButton

from exitdoors_desktop.sync.engine import SyncReport
from exitdoors_desktop.ui.reports.page import ReportsPage
from exitdoors_desktop.ui.shell.main_window import MainWindow


def _on_screen(window: MainWindow) -> bool:
    notice = window.notice
    spot = QRect(notice.mapTo(window, notice.rect().topLeft()), notice.size())
    return notice.isVisible() and window.rect().contains(spot) and notice.width() > 0


def test_export_csv_and_pdf_show_a_notice_each_time(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 600)
    ws = window.workspace
    assert ws is not None
    labels = [ws.nav.item(i).text() for i in range(ws.nav.count())]
    ws.nav.setCurrentRow(labels.index("Reports"))
    page = ws.page("Reports")
    assert isinstance(page, ReportsPage)
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    shown: list[str] = []
    window.notice.notice_shown.connect(shown.append)
    for round_ in (1, 2):
        for fmt in ("csv", "pdf"):
            window.notice.clear_notice()
            target = tmp_path / f"round{round_}.{fmt}"
            page.choose_file = lambda _fmt, target=target: target
            button = page.findChild(QPushButton, f"report_export_{fmt}")
            assert button is not None and button.isEnabled()
            with qtbot.waitSignal(page.report_exported, timeout=10_000):
                button.click()
            assert target.exists()
            assert window.notice.text() == f"Report written: {target.name}"
            assert window.notice.accessibleName() == window.notice.text()
            assert _on_screen(window), (fmt, round_)
    assert len(shown) == 4


def test_a_sync_she_asked_for_says_when_it_finished(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Sync now ends with a notice; background rounds pass quietly, and so does a failure
    (the status line says why)."""
    sync, status = window.sync, window.sync_status
    assert sync is not None and status is not None
    window.notice.clear_notice()
    sync.sync_finished.emit(SyncReport())  # a background round
    assert not window.notice.isVisible()
    for _ in (1, 2):
        status.sync_requested.emit()
        sync.sync_finished.emit(SyncReport())
        assert window.notice.isVisible() and window.notice.text() == "Sync finished."
        window.notice.clear_notice()
    status.sync_requested.emit()
    sync.sync_failed.emit("sync_network")
    sync.sync_finished.emit(SyncReport())  # a later background round
    assert not window.notice.isVisible()
