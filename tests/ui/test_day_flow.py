"""A whole day (and a month) of work, end to end on a real vault file: first run → add a client
→ outreach → consent → intake → eligibility → phase 1 → contact notes → scale readings → phase
plan → phase 2 → lock (with a half-typed note) → unlock → everything still there.

The first test creates the vault with Vault.create and drives the record, outreach and partner
widgets directly (every step checked in detail); the second runs a shorter day through the
shell itself: the first-run wizard, the main window, its Lock button and unlock page.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

from PySide6.QtWidgets import QPlainTextEdit

from exitdoors_desktop.core.consent import ConsentScope
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import ServiceType
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.audit import verify_chain
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import (
    ReadingRepository,
    ReferralRepository,
    ResponseRepository,
)
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.outreach.page import OutreachPage
from exitdoors_desktop.ui.partners.page import PartnersPage
from exitdoors_desktop.ui.record.widget import ClientRecordWidget

_spec = importlib.util.spec_from_file_location(
    "root_conftest", Path(__file__).resolve().parents[1] / "conftest.py"
)
_conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conf)
PASSPHRASE, CHEAP = _conf.PASSPHRASE, _conf.CHEAP

START = dt.date(2025, 2, 3)
HALF_TYPED = "Call back about the housing appointment"


class Clock:
    def __init__(self, today: dt.date) -> None:
        self.day = today

    def __call__(self) -> dt.date:
        return self.day


def run_move(to: State, reason: Reason):
    def run(dialog):
        dialog.choose(to, reason)
        dialog.set_date(dialog.ctx.today())  # the dialog never fills in a date by itself
        dialog.buttons.accepted.emit()
        return dialog.transition

    return run


def unexpected_draft(draft):
    raise AssertionError("no draft should be pending here")


def save_form(record: ClientRecordWidget, form_id: str, answers: dict) -> None:
    record.start_form(form_id)
    editor = record.forms.editor
    editor.confirm_profile_changes = lambda changes: True  # she checked them with the worker
    current = editor.renderer.answers()
    current.update(answers)
    editor.renderer.set_answers(current)
    assert editor.save(), editor.message.text()


def test_whole_day_flow(qtbot, tmp_path):
    clock = Clock(START)
    vault = Vault(tmp_path / "vault")
    session, recovery = vault.create("sam", PASSPHRASE, kdf=CHEAP)  # first run
    assert recovery
    defs = load_definitions()
    ctx = AppContext(session, defs, clock)

    # A partner agency in the directory, for a referral later.
    partners = PartnersPage(ctx)
    qtbot.addWidget(partners)

    def fill_partner(dialog):
        dialog.name_edit.setText("Sample Housing Co-op")
        dialog.service_boxes[ServiceType.HOUSING].setChecked(True)
        return dialog.result_row()

    partners.run_dialog = fill_partner
    partner_id = partners.add_partner()

    # Add a client (the shell's add-client dialog writes the same row).
    client = Client(new_id(), "Esme Example", pronouns="she/her")
    ClientRepository(session).save(client, today=clock())

    record = ClientRecordWidget(ctx, client.id)
    qtbot.addWidget(record)
    record.resize(1100, 720)
    record.show()
    record.forms.editor.ask_resume = unexpected_draft
    record.run_transition_dialog = run_move(State.PRE, Reason.ENROLLED)
    assert record.change_phase() is not None

    # The outreach worker logs the first contact, linked to her.
    outreach = OutreachPage(ctx)
    qtbot.addWidget(outreach)
    outreach.link_client(client.id)
    answers = outreach.renderer.answers()
    answers.update(place_type="drop_in", materials_given=["program_info"])
    outreach.renderer.set_answers(answers)
    assert outreach.save().client_id == client.id

    # Consent, then intake and eligibility.
    record.refresh()
    for scope in (ConsentScope.STORE_ON_DEVICE, ConsentScope.SHARE_WITH_OFFICE):
        tab = record.consent
        tab.scope_combo.setCurrentIndex(tab.scope_combo.findData(scope.value))
        tab.date_edit.set_date(ctx.today())
        assert tab.record() is not None
    assert record.header.consent_warning.isHidden()
    save_form(record, "intake", {
        "intake_date": clock().isoformat(), "preferred_name": "Esme", "pronouns": "she/her",
        "age": 27, "female_identifying": True, "wants_to_exit": True, "lives_in_area": True,
        "criteria": ["unemployment", "homeless_or_at_risk"], "safe_to_text": True,
    })  # fmt: skip
    assert record.forms.editor.eligibility.property("eligible") is True
    assert record.header.name.text() == "Esme"

    # Phase 1: advance, contact notes, readings, the plan, a referral.
    record.run_transition_dialog = run_move(State.PHASE_1, Reason.CLIENT_REQUEST)
    record.change_phase()
    assert "Phase 1" in record.header.phase.text()
    for days, kind in ((2, "individual_counselling"), (9, "accompaniment")):
        clock.day = START + dt.timedelta(days=days)
        save_form(record, "contact_note", {
            "date": clock().isoformat(), "contact_type": kind, "location": "community",
            "participants": ["client"], "duration_minutes": 60,
        })  # fmt: skip
    record.scales.add_reading(START, {"safety": 3, "accommodation": 2, "money": 2})
    save_form(record, "phase_plan", {
        "phase": "phase_1", "agreed_by_client": True,
        "focus_areas": [{"area": "safety", "goal": "A safe place to sleep"},
                        {"area": "accommodation", "goal": "Housing list"}],
    })  # fmt: skip
    record.referrals.new_button.click()
    combo = record.forms.editor.partner_combo
    combo.setCurrentIndex(combo.findData(partner_id))
    combo.activated.emit(combo.currentIndex())
    editor = record.forms.editor
    answers = editor.renderer.answers()
    answers.update(service_type="housing", status="made")
    editor.renderer.set_answers(answers)
    assert editor.save()

    # A month later: a second reading, then phase 2.
    clock.day = START + dt.timedelta(days=35)
    record.scales.add_reading(clock(), {"safety": 5, "accommodation": 3, "money": 2})
    record.run_transition_dialog = run_move(State.PHASE_2, Reason.GOALS_MET)
    record.change_phase()
    assert "Phase 2" in record.header.phase.text()

    # She calls while the worker is typing; the laptop locks before the note is saved.
    record.start_form("contact_note")
    box = record.forms.editor.renderer.field_widget("note")
    assert isinstance(box, QPlainTextEdit)
    qtbot.keyClicks(box, HALF_TYPED)
    assert record.save_drafts()  # the shell's about_to_lock
    timeline_rows = record.timeline.model.rowCount()
    session.lock()
    record.close()

    # Unlock: everything is still there, the half-typed note included.
    again = Vault(tmp_path / "vault").unlock("sam", PASSPHRASE)
    try:
        ctx2 = AppContext(again, defs, clock)
        reopened = ClientRecordWidget(ctx2, client.id)
        qtbot.addWidget(reopened)
        snap = reopened.snapshot
        assert snap.state is State.PHASE_2
        assert [t.to_state for t in snap.history] == [State.PRE, State.PHASE_1, State.PHASE_2]
        assert len(snap.contacts) == 2
        assert len(ReadingRepository(again).for_client(client.id)) == 2
        assert len(reopened.scales.chart.shown_readings()) == 2
        assert ReferralRepository(again).for_client(client.id)[0].partner_id == partner_id
        assert snap.consent.store_on_device and snap.consent.share_with_office
        forms = {r.form_id for r in ResponseRepository(again).for_client(client.id)}
        assert forms == {"outreach_contact", "intake", "contact_note", "phase_plan", "referral"}
        assert reopened.timeline.model.rowCount() == timeline_rows
        assert reopened.header.name.text() == "Esme"
        assert "day 0 of 91" in reopened.header.phase.text()
        reopened.forms.editor.ask_resume = lambda draft: True
        reopened.start_form("contact_note")
        assert reopened.forms.editor.renderer.answers()["note"] == HALF_TYPED
        assert verify_chain(again.conn).ok
    finally:
        again.lock()


def test_whole_day_through_the_main_window(qtbot, tmp_path):
    """The same day through the shell: the first-run wizard, the main window's workspace
    opening the record, its Lock button (about_to_lock → save_drafts) and its unlock page."""
    from PySide6.QtCore import Qt

    from exitdoors_desktop.ui.kit.tasks import TaskRunner
    from exitdoors_desktop.ui.shell.first_run import FirstRunWizard
    from exitdoors_desktop.ui.shell.main import build_window

    folder = tmp_path / "vault"
    runner = TaskRunner()
    wizard = FirstRunWizard(Vault(folder), runner, CHEAP)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    qtbot.keyClicks(wizard.secret.user, "sam")
    qtbot.keyClicks(wizard.secret.passphrase, PASSPHRASE)
    qtbot.keyClicks(wizard.secret.again, PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.session is not None, timeout=15_000)
    session = wizard.session
    runner.shutdown()

    clock = Clock(START)
    window = build_window(folder, kdf=CHEAP, today=clock)
    qtbot.addWidget(window)
    window.show()
    try:
        window.open_session(session)
        client = Client(new_id(), "Fay Sample")
        ClientRepository(session).save(client, today=clock())
        window.workspace.open_client(client.id)
        record = window.workspace.record
        assert isinstance(record, ClientRecordWidget)
        record.forms.editor.ask_resume = unexpected_draft
        for to, reason in ((State.PRE, Reason.ENROLLED), (State.PHASE_1, Reason.CLIENT_REQUEST)):
            record.run_transition_dialog = run_move(to, reason)
            record.change_phase()
        save_form(record, "intake", {
            "intake_date": clock().isoformat(), "preferred_name": "Fay", "age": 31,
            "female_identifying": True, "wants_to_exit": True, "lives_in_area": True,
            "criteria": ["unemployment", "unsafe_abuser"],
        })  # fmt: skip
        assert record.forms.editor.eligibility.property("eligible") is True
        save_form(record, "contact_note", {
            "contact_type": "cbt", "location": "office", "participants": ["client"],
        })  # fmt: skip
        record.scales.add_reading(clock(), {"safety": 4, "money": 3})
        save_form(record, "phase_plan", {
            "phase": "phase_1", "agreed_by_client": True,
            "focus_areas": [{"area": "money", "goal": "Open a bank account"}],
        })  # fmt: skip
        clock.day = START + dt.timedelta(days=30)
        record.run_transition_dialog = run_move(State.PHASE_2, Reason.TIME_ELAPSED)
        record.change_phase()
        record.start_form("contact_note")
        qtbot.keyClicks(record.forms.editor.renderer.field_widget("note"), HALF_TYPED)
        with qtbot.waitSignal(window.about_to_lock):
            qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
        assert window.session is None and not session.is_open

        window.unlock_page.user.setCurrentText("sam")
        qtbot.keyClicks(window.unlock_page.passphrase, PASSPHRASE)
        qtbot.mouseClick(window.unlock_page.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
        window.workspace.open_client(client.id)
        again = window.workspace.record
        assert again.snapshot.state is State.PHASE_2
        assert again.header.name.text() == "Fay"
        assert len(again.snapshot.contacts) == 1 and len(again.snapshot.readings) == 1
        assert any(r.form_id == "phase_plan" for r in again.snapshot.responses)
        again.forms.editor.ask_resume = lambda draft: True
        again.start_form("contact_note")
        assert again.forms.editor.renderer.answers()["note"] == HALF_TYPED
    finally:
        window.lock()
        window.runner.shutdown()
        window.sync_runner.shutdown()
        window.verify_runner.shutdown()
