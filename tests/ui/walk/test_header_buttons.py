"""The record header's buttons (Change phase, Close record, Archive, Erase) are in the visible
part of the header at 1024×600 in every language and text size: at French 150 % they sat
below it, reached only by scrolling the header or tabbing blind."""

from __future__ import annotations

from PySide6.QtCore import QRect

from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.ui.walk.test_screen_walk import _settle


def test_record_header_buttons_are_in_view_at_1024x600(walk_window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]
    w = walk_window
    ws = w.workspace
    assert ws is not None
    ws.open_client(long_vault[1])
    record = ws.record
    assert record is not None
    _settle(w, 1024, 600)
    header = record.header
    viewport = record.header_scroll.viewport()
    seen = QRect(0, 0, viewport.width(), viewport.height())
    out = []
    for button in (header.change_phase, header.close_button, header.archive_button,
                   header.erase_button):  # fmt: skip
        if button.isHidden():
            continue
        where = QRect(button.mapTo(viewport, button.rect().topLeft()), button.size())
        if not seen.contains(where):
            out.append(f"{button.objectName()} at {where.getRect()} outside {seen.getRect()}")
    ws.close_client()
    ws.nav.setCurrentRow(0)
    assert out == [], f"{w.walk_setting}: " + "; ".join(out)  # type: ignore[attr-defined]
