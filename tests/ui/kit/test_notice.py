"""The one "done" notice: shown at once, kept a few seconds, announced to screen readers."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QStatusBar

from exitdoors_desktop.ui.kit import notice as notice_module
from exitdoors_desktop.ui.kit.notice import NOTICE_SECONDS, NoticeLabel


def test_a_notice_stays_a_few_seconds_and_is_announced(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    announced: list[tuple[str, object]] = []

    def record(event: object) -> None:
        assert isinstance(event, QAccessibleAnnouncementEvent)
        announced.append((event.message(), event.politeness()))

    monkeypatch.setattr(notice_module.QAccessible, "updateAccessibility", record)
    bar = QStatusBar()
    qtbot.addWidget(bar)
    label = NoticeLabel(bar)
    bar.addWidget(label, 1)
    bar.show()
    assert NOTICE_SECONDS >= 5 and not label.isVisible()
    with qtbot.waitSignal(label.notice_shown):
        label.show_notice("Report written: outcomes.csv")
    assert label.isVisible() and label.text() == "Report written: outcomes.csv"
    assert label.accessibleName() == "Report written: outcomes.csv"
    assert label.remaining_ms() > (NOTICE_SECONDS - 1) * 1000
    assert announced == [
        ("Report written: outcomes.csv", QAccessible.AnnouncementPoliteness.Polite)
    ]
    # A second notice replaces the first and starts its own time.
    label.show_notice("Backup written.", seconds=0.05)
    assert label.text() == "Backup written." and len(announced) == 2
    with qtbot.waitSignal(label.notice_cleared, timeout=2_000):
        pass
    assert not label.isVisible() and label.text() == ""
