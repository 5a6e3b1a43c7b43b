"""The Consent tab as the issue 19 walk used it: a wrong date is said once and blocks Record,
the message goes once the date is right, Record pressed twice saves once, and the history's
short columns (Action, How) show whole at 1366 px."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.entities import PartnerAgency
from exitdoors_desktop.core.people import new_id
from exitdoors_desktop.storage.program_repo import ConsentRepository, PartnerRepository
from tests.ui.record import test_record
from tests.ui.record.test_record import TODAY, open_record

# The record tests' fixtures: a context on today's vault and a client in phase 1.
ctx = test_record.ctx
client_id = test_record.client_id


def _shown(top, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        label.text()
        for label in top.findChildren(QLabel)
        if label.isVisibleTo(top) and words in label.text()
    ]


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    qtbot.wait(20)


def test_a_wrong_date_is_said_once_blocks_record_and_goes_when_fixed(qtbot, ctx, client_id):  # type: ignore[no-untyped-def]
    w = open_record(qtbot, ctx, client_id)
    w.show()
    w.show_tab(w.consent)
    tab = w.consent
    qtbot.waitExposed(tab)
    for attempt in (1, 2):
        tab.date_edit.line.setFocus()
        tab.date_edit.line.selectAll()
        qtbot.keyClicks(tab.date_edit.line, "2026-02-30")
        tab.date_edit.line.editingFinished.emit()
        _settle(qtbot)
        assert not tab.record_button.isEnabled(), attempt
        assert tab.record() is None
        _settle(qtbot)
        assert len(_shown(tab, "not a real date")) == 1, attempt
        tab.date_edit.line.selectAll()
        qtbot.keyClicks(tab.date_edit.line, TODAY.isoformat())
        _settle(qtbot)
        assert _shown(tab, "not a real date") == [], attempt
        assert not tab.error.isVisibleTo(tab)
        assert tab.record_button.isEnabled()


def test_record_pressed_twice_saves_one_consent(qtbot, ctx, session, client_id):  # type: ignore[no-untyped-def]
    w = open_record(qtbot, ctx, client_id)
    w.show()
    w.show_tab(w.consent)
    tab = w.consent
    tab.scope_combo.setCurrentIndex(tab.scope_combo.findData("store_on_device"))
    tab.grant_radio.setChecked(True)
    tab.record_button.click()
    tab.record_button.click()  # the second press of a quick double press
    _settle(qtbot)
    assert len(ConsentRepository(session).for_client(client_id)) == 1
    assert tab.model.rowCount() == 1
    # A new choice makes Record available again: a second, different consent is saved.
    tab.scope_combo.setCurrentIndex(tab.scope_combo.findData("share_with_office"))
    assert tab.record_button.isEnabled()
    tab.record_button.click()
    tab.record_button.click()
    _settle(qtbot)
    assert len(ConsentRepository(session).for_client(client_id)) == 2
    # The same scope again on another choice (withdrawn, then given back) is allowed.
    tab.confirm_withdrawal = lambda what: True
    tab.withdraw_radio.setChecked(True)
    tab.record_button.click()
    tab.grant_radio.setChecked(True)
    tab.record_button.click()
    assert len(ConsentRepository(session).for_client(client_id)) == 4


def test_history_shows_action_and_how_whole_at_1366(qtbot, ctx, session, client_id):  # type: ignore[no-untyped-def]
    partner = PartnerAgency(new_id(), "Demo Counselling Collective (synthetic)")
    PartnerRepository(session).save(partner)
    consents = ConsentRepository(session)
    for scope in (ConsentScope.STORE_ON_DEVICE, ConsentScope.DEIDENTIFIED_EVALUATION):
        consents.add(client_id, scope, ConsentAction.GRANT, TODAY, ConsentMethod.WRITTEN, "demo")
    consents.add(
        client_id, ConsentScope.SHARE_WITH_PARTNER, ConsentAction.GRANT, TODAY,
        ConsentMethod.VERBAL, "demo", partner.id,
    )  # fmt: skip
    consents.add(
        client_id, ConsentScope.DEIDENTIFIED_EVALUATION, ConsentAction.WITHDRAW, TODAY,
        ConsentMethod.VERBAL, "demo",
    )  # fmt: skip
    w = open_record(qtbot, ctx, client_id)
    w.resize(1186, 560)  # the record's share of a 1366×768 window
    w.show()
    w.show_tab(w.consent)
    qtbot.waitExposed(w.consent)
    _settle(qtbot)
    view, model = w.consent.view, w.consent.model
    metrics = QFontMetrics(view.font())
    cut = []
    for col in (2, 3):  # Action, How: a word each, never "Withdr…" or "Ver…"
        for row in range(model.rowCount()):
            text = model.index(row, col).data()
            if metrics.horizontalAdvance(text) + 12 > view.columnWidth(col):
                cut.append(f"{text!r} in {view.columnWidth(col)} px")
    assert cut == []
