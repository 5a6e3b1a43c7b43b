"""DialogSlot: a kept dialog is forgotten when it finishes or is destroyed, never held deleted."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog, QWidget

from exitdoors_desktop.ui.kit.dialog_slot import DialogSlot


def _flush() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_finished_dialog_is_forgotten_and_deleted(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    slot: DialogSlot[QDialog] = DialogSlot()
    for _ in range(2):  # the second time works like the first
        gone: list[bool] = []
        dialog = slot.open_one(QDialog(parent))
        dialog.destroyed.connect(lambda *_a, gone=gone: gone.append(True))
        assert slot.get() is dialog and dialog.isVisible()
        dialog.accept()
        assert slot.get() is None
        _flush()
        assert gone == [True]


def test_a_dialog_deleted_another_way_is_forgotten(qtbot):
    parent = QWidget()
    slot: DialogSlot[QDialog] = DialogSlot()
    slot.open_one(QDialog(parent))
    parent.deleteLater()
    _flush()
    assert slot.get() is None
