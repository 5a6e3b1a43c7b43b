"""The draft autosaver's lifetime (STYLE 24): a record opened, typed in and closed twice, then
a third, must never reach an autosaver (or its timer) whose Qt side is gone — "DraftAutosaver
already deleted" was seen once on closing a record a second time. The record is deleted the
ways the app deletes it: after a close, and at once with focus still in the typed field."""

from __future__ import annotations

import datetime as dt
import gc
import logging

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ResponseRepository, TransitionRepository
from exitdoors_desktop.ui.forms.drafts import DraftAutosaver
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.record.widget import ClientRecordWidget

TODAY = dt.date(2025, 3, 14)


@pytest.fixture
def client_ids(session) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    for name in ("Bea Sample", "Cleo Example"):  # synthetic
        client = Client(new_id(), name)
        ClientRepository(session).save(client, today=TODAY)
        TransitionRepository(session).record(client.id, State.PHASE_1, Reason.ENROLLED, TODAY)
        ids.append(client.id)
    return ids


def _open_and_type(qtbot, host: QWidget, session, client_id: str, text: str):  # type: ignore[no-untyped-def]
    record = ClientRecordWidget(AppContext(session, load_definitions(), lambda: TODAY), client_id,
                                host)  # fmt: skip
    record.forms.editor.ask_resume = lambda _draft: True
    host.layout().addWidget(record)
    record.show()
    record.start_form("contact_note")
    box = record.forms.editor.renderer.field_widget("note")
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box, timeout=2_000)
    qtbot.keyClicks(box, text)
    return record


def _gone(qtbot, record) -> None:  # type: ignore[no-untyped-def]
    record.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(1_200)  # past the autosave delay: no timer may fire into what was deleted
    gc.collect()


def test_records_typed_in_and_closed_twice_then_a_third_log_no_error(
    qtbot, session, client_ids, caplog
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QVBoxLayout

    caplog.set_level(logging.WARNING)
    host = QWidget()
    QVBoxLayout(host)
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host, timeout=2_000)
    first, second = client_ids
    with qtbot.capture_exceptions() as raised:
        for n in (1, 2):  # closed by its Close path (a draft flushed), then deleted
            record = _open_and_type(qtbot, host, session, first, f"Closed note {n}")
            record.close_record()
            _gone(qtbot, record)
        for n in (1, 2):  # deleted at once, focus still in the field she typed in
            record = _open_and_type(qtbot, host, session, first, f" left {n}")
            record.save_drafts()
            record.release()
            _gone(qtbot, record)
        record = _open_and_type(qtbot, host, session, second, "Third record")
        record.close_record()
        _gone(qtbot, record)
    assert [str(e[1]) for e in raised] == []
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == []
    drafts = ResponseRepository(session).for_client(second, "contact_note", drafts=True)
    assert [d.answers.get("note") for d in drafts] == ["Third record"]


def test_a_closed_autosaver_neither_fires_nor_writes(qtbot) -> None:  # type: ignore[no-untyped-def]
    writes: list[int] = []
    saver = DraftAutosaver(lambda: writes.append(1) is None, delay_ms=10)
    saver.schedule()
    saver.close()
    saver.schedule()  # a late edit signal, after the close
    qtbot.wait(50)
    assert saver.flush() is False
    assert writes == []
    saver.deleteLater()
