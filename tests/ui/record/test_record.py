"""ClientRecordWidget on a real vault, offscreen: audit, timeline, forms, eligibility, phase
changes, consent, scales, referrals and the phase plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from importlib import resources

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import PartnerAgency, ServiceType
from exitdoors_desktop.core.forms import FormRegistry, FormResponse, parse_form
from exitdoors_desktop.core.lifecycle import Reason, State, TransitionKind
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import (
    ConsentRepository,
    PartnerRepository,
    ReadingRepository,
    ReferralRepository,
    ResponseRepository,
    TransitionRepository,
)
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.record.data import legal_moves
from exitdoors_desktop.ui.record.editor import Mode
from exitdoors_desktop.ui.record.tabs.consent import ConsentHistoryModel
from exitdoors_desktop.ui.record.tabs.forms import FormCatalogModel, ResponseListModel
from exitdoors_desktop.ui.record.tabs.referrals import ReferralTableModel
from exitdoors_desktop.ui.record.tabs.timeline import TimelineTableModel
from exitdoors_desktop.ui.record.transition import TransitionDialog
from exitdoors_desktop.ui.record.widget import ClientRecordWidget

TODAY = dt.date(2025, 3, 14)
CONTACT = {
    "date": "2025-03-10",
    "contact_type": "individual_counselling",
    "location": "community",
    "participants": ["client"],
    "duration_minutes": 45,
    "note": "Talked about the housing list.",
}


@pytest.fixture
def ctx(session):
    return AppContext(session, load_definitions(), lambda: TODAY)


@pytest.fixture
def client_id(session):
    client = Client(new_id(), "Ada Sample", pronouns="she/her", safe_contact_notes="Text only.")
    ClientRepository(session).save(client, today=TODAY)
    t = TransitionRepository(session)
    t.record(client.id, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=40))
    t.record(client.id, State.PHASE_1, Reason.CLIENT_REQUEST, TODAY - dt.timedelta(days=20))
    return client.id


def open_record(qtbot, ctx, client_id) -> ClientRecordWidget:
    w = ClientRecordWidget(ctx, client_id)
    qtbot.addWidget(w)
    w.resize(1100, 700)
    return w


def views(session, client_id) -> int:
    return session.conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'view' AND row_id = ?", (client_id,)
    ).fetchone()[0]


def fill_and_save(w: ClientRecordWidget, form_id: str, answers: dict) -> bool:
    w.forms.editor.confirm_profile_changes = lambda changes: True
    w.start_form(form_id)
    w.forms.editor.renderer.set_answers(answers)
    return w.forms.editor.save()


def test_opening_a_record_writes_exactly_one_view_event(qtbot, ctx, session, client_id):
    before = views(session, client_id)
    w = open_record(qtbot, ctx, client_id)
    assert views(session, client_id) == before + 1
    w.refresh()
    assert fill_and_save(w, "contact_note", CONTACT)
    w.tabs.setCurrentWidget(w.consent)
    assert views(session, client_id) == before + 1


def test_tabs_are_built_when_first_shown_and_read_the_current_record(
    qtbot, ctx, session, client_id
):
    w = open_record(qtbot, ctx, client_id)
    assert set(w._built) == {"timeline"}  # opening builds the header and the timeline only
    assert w.tabs.count() == 6 and w.tabs.currentIndex() == 0
    assert w.save_drafts() is False  # no forms tab yet: nothing typed, nothing to save
    _populate(session, client_id)
    w.refresh()  # only built tabs refresh now; the rest read this snapshot when built
    w.tabs.setCurrentIndex(5)  # Consent: built by being shown
    assert "consent" in w._built and w.tabs.currentWidget() is w._built["consent"]
    assert w.tabs.tabText(5) == "Consent"
    assert w.scales.model.rowCount() == 1  # built on first use, with the reading added above
    assert w.tabs.currentIndex() == 5  # building a tab does not move the worker's view
    assert w.timeline.model.rowCount() >= 3


def test_a_contact_dated_after_today_is_refused_with_words(qtbot, ctx, session, client_id):
    w = open_record(qtbot, ctx, client_id)
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert not fill_and_save(w, "contact_note", {**CONTACT, "date": tomorrow})
    renderer = w.forms.editor.renderer
    errors = renderer.validate()
    assert [(e.path, e.code) for e in errors] == [("date", "date_in_future")]
    block = renderer._all_blocks()["date"]
    assert "after today" in block.error.text() and tomorrow not in block.error.text()
    assert not session.conn.execute(
        "SELECT 1 FROM form_responses WHERE form_id = 'contact_note' AND draft = 0"
    ).fetchone()
    renderer.set_answers({**CONTACT, "date": TODAY.isoformat()})  # today itself is fine
    assert w.forms.editor.save()


def test_header_shows_name_phase_and_uncopyable_safe_contact(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    h = w.header
    assert h.name.text() == "Ada Sample"
    assert h.pronouns.text() == "she/her"
    assert "Phase 1" in h.phase.text() and "day 20 of 91" in h.phase.text()
    assert h.safe_contact.text() == "Text only."
    assert h.safe_contact.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert h.safe_contact.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert not h.consent_warning.isHidden()  # no consent to store recorded yet
    assert h.minor.isHidden()


def _populate(session, client_id):
    ResponseRepository(session).save(
        FormResponse(new_id(), "contact_note", 1, client_id, dt.date(2025, 3, 10), CONTACT)
    )
    ReadingRepository(session).add(client_id, "default", TODAY, {"safety": 3, "money": 2})
    ConsentRepository(session).add(
        client_id, ConsentScope.STORE_ON_DEVICE, ConsentAction.GRANT, TODAY, ConsentMethod.WRITTEN
    )
    referral = {"agency_name": "Example Clinic", "service_type": "legal", "status": "made",
                "date_made": "2025-03-12"}  # fmt: skip
    ResponseRepository(session).save(
        FormResponse(new_id(), "referral", 1, client_id, dt.date(2025, 3, 12), referral)
    )


def test_timeline_lists_everything_newest_first_and_passes_modeltester(
    qtbot, qtmodeltester, ctx, session, client_id
):
    _populate(session, client_id)
    w = open_record(qtbot, ctx, client_id)
    # An unparented model: the tester keeps it alive until its own teardown.
    model = TimelineTableModel(ctx.definitions, "en")
    model.set_snapshot(w.snapshot)
    qtmodeltester.check(model, force_py=True)
    assert w.timeline.model.rowCount() == model.rowCount()
    whats = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert whats == [
        "Consent given", "Scale reading", "Referral", "Contact note", "Phase change",
        "Phase change",
    ]  # fmt: skip
    dates = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    assert "Example Clinic" in model.index(2, 2).data()


def test_every_record_model_passes_modeltester(qtbot, qtmodeltester, ctx, session, client_id):
    _populate(session, client_id)
    w = open_record(qtbot, ctx, client_id)
    w.forms.select_form("contact_note")
    for model in (
        w.forms.phase_model,
        w.forms.other_model,
        w.forms.response_model,
        w.referrals.model,
        w.consent.model,
        w.scales.model,
        w.scales.figures_model,
    ):
        assert model.rowCount() > 0, model
        qtmodeltester.check(model, force_py=True)
    snap = w.snapshot
    # Checked last and unparented, so the tester's teardown finds its model alive.
    for empty in (
        TimelineTableModel(ctx.definitions, "en"),
        FormCatalogModel("en"),
        ResponseListModel(),
        ReferralTableModel(ctx.definitions, "en"),
        ConsentHistoryModel(),
    ):
        qtmodeltester.check(empty, force_py=True)
    assert snap.referrals


def test_contact_note_saved_appears_in_timeline_and_contacts(qtbot, ctx, session, client_id):
    w = open_record(qtbot, ctx, client_id)
    with qtbot.waitSignal(w.record_changed):
        assert fill_and_save(w, "contact_note", CONTACT)
    assert w.forms.editor.mode is Mode.VIEW
    assert [c.date for c in w.snapshot.contacts] == [dt.date(2025, 3, 10)]
    rows = session.conn.execute(
        "SELECT type, location, duration_minutes FROM contacts WHERE client_id = ?", (client_id,)
    ).fetchall()
    assert rows == [("individual_counselling", "community", 45)]
    model = w.timeline.model
    assert model.index(0, 1).data() == "Contact note"
    assert "45 min" in model.index(0, 2).data()
    assert "next contact by 2025-03-17" in w.header.phase.text()


def test_invalid_intake_is_refused_with_inline_errors(qtbot, ctx, session, client_id):
    w = open_record(qtbot, ctx, client_id)
    w.show()
    w.start_form("intake")
    editor = w.forms.editor
    assert not editor.save()
    assert editor.message.isVisible()
    errors = [
        label.text()
        for label in editor.renderer.findChildren(QLabel, "error")
        if label.isVisibleTo(editor.renderer) and label.text()
    ]
    assert "This answer is required." in errors
    assert ResponseRepository(session).for_client(client_id, "intake") == []
    assert editor.mode is Mode.NEW  # still editing: nothing typed is lost


def test_intake_shows_eligibility_flags_a_minor_and_updates_the_profile(
    qtbot, ctx, session, client_id
):
    w = open_record(qtbot, ctx, client_id)
    answers = {
        "intake_date": TODAY.isoformat(),
        "preferred_name": "Ada",
        "pronouns": "she/they",
        "date_of_birth": "2008-01-02",  # 17 on TODAY
        "female_identifying": True,
        "wants_to_exit": True,
        "lives_in_area": True,
        "criteria": ["unemployment", "lacks_positive_supports"],
    }
    assert fill_and_save(w, "intake", answers)
    banner = w.forms.editor.eligibility
    assert not banner.isHidden()
    assert banner.property("eligible") is True
    assert banner.property("minor") is True
    assert "Under 18" in banner.text()
    assert w.header.name.text() == "Ada"
    assert w.header.pronouns.text() == "she/they"
    assert not w.header.minor.isHidden()


def test_ineligible_intake_lists_reasons(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    answers = {"intake_date": TODAY.isoformat(), "preferred_name": "Ada", "age": 30,
               "female_identifying": True, "wants_to_exit": True, "lives_in_area": False,
               "criteria": ["unemployment"]}  # fmt: skip
    assert fill_and_save(w, "intake", answers)
    text = w.forms.editor.eligibility.text()
    assert "Not eligible" in text
    assert "Lives outside the area." in text and "1 of the 2 needed criteria" in text


def test_forms_for_her_phase_come_first(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    own = [w.forms.phase_model.form_at(i).id for i in range(w.forms.phase_model.rowCount())]
    others = [w.forms.other_model.form_at(i).id for i in range(w.forms.other_model.rowCount())]
    assert own[:2] == ["intake", "risk_safety_plan"]  # phase 1 forms, then any-phase ones
    assert "contact_note" in own and "closing_note" in others
    assert "partner_survey" not in own + others


def test_transition_dialog_offers_only_legal_moves(qtbot, ctx, session, client_id):
    w = open_record(qtbot, ctx, client_id)
    dialog = TransitionDialog(ctx, w.store, w.snapshot.history, w)
    qtbot.addWidget(dialog)
    assert dialog.moves() == [
        (State.PHASE_2, TransitionKind.ADVANCE),
        (State.PAUSED, TransitionKind.PAUSE),
        (State.CLOSED, TransitionKind.CLOSE),
    ]
    with pytest.raises(ValueError):
        dialog.choose(State.GRADUATED)
    dialog.choose(State.CLOSED)
    assert "early discharge" in dialog.note.text()
    reasons = [dialog.reason_combo.itemData(i) for i in range(dialog.reason_combo.count())]
    assert reasons == ["withdrew", "lost_contact", "moved", "transferred"]
    t = TransitionRepository(session)
    t.record(client_id, State.PAUSED, Reason.CRISIS, TODAY)
    assert legal_moves(t.history(client_id)) == [
        (State.PHASE_1, TransitionKind.RESUME),
        (State.CLOSED, TransitionKind.CLOSE),
    ]


def _run(choice: State, reason: Reason, date: dt.date | None = TODAY):
    def run(dialog: TransitionDialog):
        dialog.choose(choice, reason)
        dialog.set_date(date)
        dialog.buttons.accepted.emit()
        run.error = dialog.error.text() if dialog.error.isVisibleTo(dialog) else ""
        return dialog.transition

    return run


def test_change_phase_records_and_updates_the_header(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    w.run_transition_dialog = _run(State.PHASE_2, Reason.GOALS_MET)
    t = w.change_phase()
    assert t is not None and t.to_state is State.PHASE_2
    assert "Phase 2" in w.header.phase.text() and "day 0 of 91" in w.header.phase.text()
    assert w.timeline.model.index(0, 2).data() == "Phase 1 → Phase 2 · Goals met"


def test_illegal_transition_is_shown_in_words(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    run = _run(State.PHASE_2, Reason.GOALS_MET, TODAY - dt.timedelta(days=60))
    w.run_transition_dialog = run
    assert w.change_phase() is None
    assert run.error == "The date is before her last phase change."
    assert w.snapshot.state is State.PHASE_1


def test_graduating_opens_the_closing_note(qtbot, ctx, session, client_id):
    t = TransitionRepository(session)
    t.record(client_id, State.PHASE_2, Reason.GOALS_MET, TODAY - dt.timedelta(days=10))
    t.record(client_id, State.PHASE_3, Reason.GOALS_MET, TODAY - dt.timedelta(days=5))
    w = open_record(qtbot, ctx, client_id)
    w.run_transition_dialog = _run(State.GRADUATED, Reason.GOALS_MET)
    w.change_phase()
    editor = w.forms.editor
    assert editor.mode is Mode.NEW and editor.definition.id == "closing_note"
    assert editor.renderer.answers()["reason"] == "graduated"


def test_consent_grant_and_withdrawal_update_the_header(qtbot, ctx, session, client_id):
    w = open_record(qtbot, ctx, client_id)
    tab = w.consent
    tab.scope_combo.setCurrentIndex(tab.scope_combo.findData("store_on_device"))
    tab.grant_radio.setChecked(True)
    tab.method_combo.setCurrentIndex(tab.method_combo.findData("written"))
    tab.witness_edit.setText("Sam (outreach)")
    assert tab.date_edit.date() == ctx.today()  # today unless she says otherwise
    tab.date_edit.line.setText("2026-02-30")  # a wrong date typed: the clear inline error
    assert tab.record() is None and not tab.record_button.isEnabled()
    assert "not a real date" in tab.date_edit.message.text()
    assert tab.error.isHidden()  # said once, under the field
    tab.date_edit.clear()
    assert tab.record() is None
    assert "Enter the date" in tab.error.text()
    tab.date_edit.set_date(TODAY)
    assert tab.record() is not None
    assert w.header.consent_warning.isHidden()
    assert "store on device ✓" in w.header.consent.text()
    assert tab.status_labels["store_on_device"].text() == "Yes"
    asked: list[str] = []
    tab.confirm_withdrawal = lambda what: asked.append(what) or False
    tab.withdraw_radio.setChecked(True)
    assert tab.record() is None  # she did not confirm: nothing recorded
    assert len(ConsentRepository(session).for_client(client_id)) == 1
    tab.confirm_withdrawal = lambda what: True
    record = tab.record()
    assert record is not None and record.action is ConsentAction.WITHDRAW
    assert asked == ["Store on this device"]
    assert "store on device ✗" in w.header.consent.text()
    assert not w.header.consent_warning.isHidden()
    assert tab.model.rowCount() == 2
    events = session.conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'consent_withdrawn' AND row_id = ?",
        (client_id,),
    ).fetchone()[0]
    assert events == 1


def test_partner_consent_needs_a_partner(qtbot, ctx, session, client_id):
    PartnerRepository(session).save(PartnerAgency(new_id(), "Example Clinic"))
    w = open_record(qtbot, ctx, client_id)
    tab = w.consent
    tab.scope_combo.setCurrentIndex(tab.scope_combo.findData("share_with_partner"))
    assert tab.partner_combo.isEnabled() and tab.partner_combo.currentText() == "Example Clinic"
    tab.date_edit.set_date(TODAY)
    assert tab.record() is not None
    assert w.header.consent.text().endswith("· 1 partner")  # not "1 partner(s)"


def test_scale_reading_appears_in_chart_and_history(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    assert w.scales.chart.shown_readings() == []
    w.scales.open_dialog = lambda: (TODAY, {"safety": 3, "accommodation": 5})
    with qtbot.waitSignal(w.record_changed):
        w.scales.add_button.click()
    assert len(w.scales.chart.shown_readings()) == 1
    assert w.scales.model.rowCount() == 1
    assert w.scales.model.index(0, 1).data() == 3
    w.scales.open_dialog = lambda: (TODAY, {"safety": 6, "accommodation": 5})
    w.scales.add_button.click()
    assert [r.values["safety"] for r in w.scales.chart.shown_readings()] == [3, 6]
    assert "Progress since the first in 1 of 2 areas" in w.scales.summary.text()
    assert w.timeline.model.index(0, 1).data() == "Scale reading"


def test_the_radar_gives_way_to_a_table_of_its_figures_from_the_keyboard(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    w.show()
    qtbot.waitExposed(w)
    w.show_tab(w.scales)
    tab = w.scales
    tab.open_dialog = lambda: (TODAY - dt.timedelta(days=30), {"safety": 3, "accommodation": 5})
    tab.add_button.click()
    tab.open_dialog = lambda: (TODAY, {"safety": 6})
    tab.add_button.click()
    assert tab.chart_stack.currentWidget() is tab.chart and tab.chart.accessibleDescription()
    tab.add_button.setFocus()
    qtbot.keyClick(tab.add_button, Qt.Key.Key_Tab)
    assert tab.focusWidget() is tab.table_toggle  # next in the Tab order, beside Add reading
    qtbot.keyClick(tab.table_toggle, Qt.Key.Key_Space)
    assert tab.table_toggle.isChecked()
    assert tab.chart_stack.currentWidget() is tab.figures_table
    assert tab.figures_table.isVisible() and not tab.chart.isVisible()
    model = tab.figures_model
    rows = {
        model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 2).data())
        for r in range(model.rowCount())
    }
    assert rows["Safety"] == ("3", "6")
    assert rows["Housing"] == ("5", "—")  # not rated in the latest reading
    latest = model.headerData(2, Qt.Orientation.Horizontal)
    assert latest == f"Latest reading, {TODAY.isoformat()}"
    qtbot.keyClick(tab.table_toggle, Qt.Key.Key_Space)
    assert tab.chart_stack.currentWidget() is tab.chart


def test_add_reading_dialog_has_one_spin_box_per_area(qtbot, ctx):
    from exitdoors_desktop.ui.record.tabs.scales import AddReadingDialog

    scale = ctx.definitions.default_scale
    dialog = AddReadingDialog(scale, TODAY, "en", {"safety": 4})
    qtbot.addWidget(dialog)
    assert set(dialog.spins) == set(scale.area_ids)
    assert dialog.values() == {"safety": 4}
    dialog.spins["money"].setValue(7)
    assert dialog.values() == {"safety": 4, "money": 7}
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.date() == TODAY and ok.isEnabled()  # today unless she says otherwise
    dialog.date_edit.line.setText("2026-02-30")
    assert dialog.date_edit.problem_text()  # the clear inline sentence
    assert dialog.date() is None and not ok.isEnabled()
    dialog.date_edit.set_date(TODAY)
    assert dialog.date() == TODAY and ok.isEnabled()


def test_referral_with_a_partner_from_the_directory(qtbot, ctx, session, client_id):
    pid = new_id()
    PartnerRepository(session).save(
        PartnerAgency(pid, "Sample Housing Co-op", frozenset({ServiceType.HOUSING}))
    )
    w = open_record(qtbot, ctx, client_id)
    w.referrals.new_button.click()
    editor = w.forms.editor
    assert editor.definition.id == "referral"
    combo = editor.partner_combo
    combo.setCurrentIndex(combo.findData(pid))
    combo.activated.emit(combo.currentIndex())
    answers = editor.renderer.answers()
    assert answers["agency_name"] == "Sample Housing Co-op"
    answers.update(service_type="housing", status="made")
    editor.renderer.set_answers(answers)
    assert editor.save()
    [referral] = ReferralRepository(session).for_client(client_id)
    assert referral.partner_id == pid and referral.made_on == TODAY
    model = w.referrals.model
    assert model.index(0, 2).data() == "Sample Housing Co-op"
    assert model.index(0, 5).data() == "Not given: nothing shared"  # no consent to share yet
    assert w.referrals.summary.text() == "1 referral, 1 still open."  # not "1 referrals"


def _refer(w: ClientRecordWidget, pid: str | None, name: str = "") -> None:
    w.referrals.new_button.click()
    editor = w.forms.editor
    combo = editor.partner_combo
    combo.setCurrentIndex(combo.findData(pid))
    combo.activated.emit(combo.currentIndex())
    answers = editor.renderer.answers()
    if name:
        answers["agency_name"] = name
    answers.update(service_type="housing", status="made")
    editor.renderer.set_answers(answers)


def test_a_referral_without_consent_to_share_is_saved_with_a_clear_warning(
    qtbot, ctx, session, client_id
):
    """Issue 19: saved with no consent to share and no word said. Consent is never a condition
    of service: it is saved, and she is told nothing from the record goes to the agency."""
    pid, other = new_id(), new_id()
    for p, n in ((pid, "Sample Housing Co-op"), (other, "Sample Legal Clinic")):
        PartnerRepository(session).save(PartnerAgency(p, n, frozenset({ServiceType.HOUSING})))
    ConsentRepository(session).add(client_id, ConsentScope.SHARE_WITH_PARTNER,
                                   ConsentAction.GRANT, TODAY, ConsentMethod.WRITTEN,
                                   partner_id=other)  # fmt: skip
    w = open_record(qtbot, ctx, client_id)
    w.show()
    editor = w.forms.editor
    _refer(w, pid)
    note = editor.sharing_note
    assert note.isVisible() and "nothing from her record will be disclosed" in note.text()
    assert editor.save()  # not blocked
    assert "Referral saved without sharing" in editor.message.text()
    assert "nothing from her record will be disclosed" in editor.message.text()
    assert editor.message.isVisible() and not note.isVisible()
    _refer(w, None, "An agency not listed")  # not in the directory: no consent can exist
    assert note.isVisible() and "not in the directory" in note.text()
    assert editor.save() and "not in the directory" in editor.message.text()
    _refer(w, other)  # she consented to share with this one
    assert not note.isVisible()
    assert editor.save() and editor.message.text() == "Saved."
    assert len(ReferralRepository(session).for_client(client_id)) == 3
    w.tabs.setCurrentWidget(w.referrals)
    model = w.referrals.model
    cells = {model.index(r, 2).data(): model.index(r, 5).data() for r in range(model.rowCount())}
    assert cells == {
        "Sample Housing Co-op": "Not given: nothing shared",
        "An agency not listed": "Agency not in directory: nothing shared",
        "Sample Legal Clinic": "Given",
    }


def test_consent_to_share_heading_stands_over_its_own_values(qtbot, ctx, session, client_id):
    """The last column was stretched to the window's edge with its heading centred in it, far
    from the values at its left edge; it read as another column's heading."""
    pid = new_id()
    PartnerRepository(session).save(PartnerAgency(pid, "Co-op", frozenset({ServiceType.HOUSING})))
    w = open_record(qtbot, ctx, client_id)
    w.show()
    _refer(w, pid)
    assert w.forms.editor.save()
    w.tabs.setCurrentWidget(w.referrals)
    view = w.referrals.view
    header = view.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(5) > 0)
    assert header.defaultAlignment() & Qt.AlignmentFlag.AlignLeft
    value = view.visualRect(w.referrals.model.index(0, 5))
    text_width = header.fontMetrics().horizontalAdvance("Consent to share")
    assert header.sectionViewportPosition(5) == value.left()
    assert header.sectionSize(5) < text_width + 80  # as wide as its words, not the window's rest
    assert header.sectionSize(2) > header.sectionSize(5) // 2  # the agency takes the room


def test_phase_plan_tab_shows_focus_areas(qtbot, ctx, session, client_id):
    w = open_record(qtbot, ctx, client_id)
    assert w.plan.write_button.text() == "Write the plan…"
    w.plan.write_button.click()
    editor = w.forms.editor
    assert editor.definition.id == "phase_plan"
    answers = editor.renderer.answers()
    assert answers["phase"] == "phase_1"
    answers.update(
        agreed_by_client=True,
        focus_areas=[
            {"area": "safety", "goal": "A safe place to sleep", "responsible": ["client"]},
            {"area": "accommodation", "goal": "Get on the housing list"},
        ],
    )
    editor.renderer.set_answers(answers)
    assert editor.save()
    cards = [c for c in w.plan.findChildren(QLabel, "plan_area")]
    assert sorted(c.text() for c in cards) == ["Housing", "Safety"]
    assert w.plan.write_button.text() == "Revise the plan…"


def test_phase_plan_refuses_more_than_three_focus_areas(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    areas = ["safety", "accommodation", "money", "legal"]
    answers = {"date": TODAY.isoformat(), "phase": "phase_1", "agreed_by_client": True,
               "focus_areas": [{"area": a, "goal": "g"} for a in areas]}  # fmt: skip
    assert not fill_and_save(w, "phase_plan", answers)


def test_old_responses_render_with_their_own_version(qtbot, session, client_id):
    defs = load_definitions()
    raw = json.loads(
        (resources.files("resources") / "forms" / "contact_note.v1.json").read_text("utf-8")
    )
    raw["version"] = 2
    raw["fields"].append({"id": "mood", "type": "text", "label": {"en": "Mood", "fr": "Humeur"}})
    registry = FormRegistry([*defs.forms, parse_form(raw)])
    ctx = AppContext(session, dataclasses.replace(defs, forms=registry), lambda: TODAY)
    rid = new_id()
    ResponseRepository(session).save(
        FormResponse(rid, "contact_note", 1, client_id, dt.date(2025, 3, 10), CONTACT)
    )
    w = open_record(qtbot, ctx, client_id)
    w.open_response(rid)
    editor = w.forms.editor
    assert editor.mode is Mode.VIEW and editor.definition.version == 1
    assert editor.renderer.is_read_only()
    assert "version 1" in editor._status.text()
    w.start_form("contact_note")
    assert editor.definition.version == 2


def test_safe_contact_copies_only_through_the_clipboard_guard(qtbot, ctx, client_id):
    from exitdoors_desktop.ui.shell.safety import ClipboardGuard

    w = open_record(qtbot, ctx, client_id)
    assert w.header.copy_safe_contact.isHidden()  # no guard: no way to copy at all
    copied: list[str] = []
    guard = ClipboardGuard()
    guard.copy = copied.append  # the guard's own tests cover the wiping
    ctx.clipboard = guard
    w2 = open_record(qtbot, ctx, client_id)
    assert not w2.header.copy_safe_contact.isHidden()
    w2.header.copy_safe_contact.click()
    assert copied == ["Text only."]


def test_change_phase_date_is_today_until_changed_and_day_zero_is_flagged(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    dialog = TransitionDialog(ctx, w.store, w.snapshot.history, w)
    qtbot.addWidget(dialog)
    assert dialog.date_edit.date() == TODAY  # today unless she says otherwise (issue 19)
    dialog.choose(State.PHASE_2, Reason.GOALS_MET)
    dialog.date_edit.clear()  # a cleared date is asked for, never guessed
    dialog.buttons.accepted.emit()
    assert dialog.transition is None and "Enter the date" in dialog.error.text()
    dialog.set_date(w.snapshot.history[-1].date)  # the day of her last move
    assert not dialog.day_zero.isHidden() and "same day" in dialog.day_zero.text()
    dialog.set_date(TODAY)
    assert dialog.day_zero.isHidden() or w.snapshot.history[-1].date == TODAY


def test_change_phase_dialog_grows_instead_of_squashing(qtbot, ctx, client_id):
    w = open_record(qtbot, ctx, client_id)
    dialog = TransitionDialog(ctx, w.store, w.snapshot.history, w)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.choose(State.CLOSED)  # the longest note
    qtbot.wait(10)
    for widget in (dialog.move_combo, dialog.reason_combo, dialog.date_edit, dialog.note):
        assert widget.height() >= widget.minimumSizeHint().height()
    assert dialog.height() >= dialog.minimumSizeHint().height()


def test_referral_counts_and_closed_status_read_right(qtbot, ctx, session, client_id):
    from exitdoors_desktop.ui.kit.words import referral_count_text

    assert referral_count_text(1, 1) == "1 referral, 1 still open."
    assert referral_count_text(1, 0) == "1 referral, 0 still open."
    assert referral_count_text(3, 2) == "3 referrals, 2 still open."
    answers = {"agency_name": "Example Clinic", "service_type": "legal", "status": "closed",
               "date_made": "2025-03-12"}  # fmt: skip
    ResponseRepository(session).save(
        FormResponse(new_id(), "referral", 1, client_id, dt.date(2025, 3, 12), answers)
    )
    w = open_record(qtbot, ctx, client_id)
    tab = w.referrals
    assert tab.summary.text() == "1 referral, 0 still open."
    assert tab.model.index(0, 3).data() == "Referral closed"
    details = [w.timeline.model.index(r, 2).data() for r in range(w.timeline.model.rowCount())]
    assert any(d.endswith("· Referral closed") for d in details)
    assert not any("without graduating" in d for d in details)


def test_intake_is_among_her_forms_while_she_is_pre_phase(ctx):
    from exitdoors_desktop.core.lifecycle import PhaseTransition
    from exitdoors_desktop.ui.record.data import forms_for_record

    pre = (PhaseTransition("t1", "c1", TODAY, None, State.PRE, Reason.ENROLLED),)
    own, others = forms_for_record(ctx.definitions, pre)
    assert "intake" in [d.id for d in own]
    assert "intake" not in [d.id for d in others]


def test_change_phase_warns_after_a_not_eligible_or_under_18_intake(qtbot, ctx, session, client_id):
    answers = {"intake_date": TODAY.isoformat(), "preferred_name": "Ada Sample",
               "date_of_birth": "2010-01-02", "female_identifying": True, "wants_to_exit": False,
               "lives_in_area": True, "criteria": ["unemployment"]}  # fmt: skip
    ResponseRepository(session).save(FormResponse(new_id(), "intake", 1, client_id, TODAY, answers))
    w = open_record(qtbot, ctx, client_id)
    dialog = TransitionDialog(ctx, w.store, w.snapshot.history, w)
    qtbot.addWidget(dialog)
    dialog.choose(State.PHASE_2)
    assert "not eligible" in dialog.note.text() and "under 18" in dialog.note.text()
    dialog.choose(State.PAUSED)  # not a move into the program: no such caution
    assert "not eligible" not in dialog.note.text()
