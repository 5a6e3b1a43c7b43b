"""PartnersPage: add, edit, filter and delete agencies; the model passes qtmodeltester; the
referral form's partner choice follows the directory."""

from __future__ import annotations

import datetime as dt

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import PartnerAgency, ServiceType
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import PartnerRepository, TransitionRepository
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.partners.page import PartnerDialog, PartnersPage, PartnerTableModel
from exitdoors_desktop.ui.record.widget import ClientRecordWidget

TODAY = dt.date(2025, 3, 14)


@pytest.fixture
def ctx(session):
    return AppContext(session, load_definitions(), lambda: TODAY)


def make_page(qtbot, ctx) -> PartnersPage:
    page = PartnersPage(ctx)
    qtbot.addWidget(page)
    return page


def filler(name: str, services=(), contact="", notes=""):
    def run(dialog: PartnerDialog):
        dialog.name_edit.setText(name)
        for box in dialog.service_boxes.values():
            box.setChecked(False)
        for s in services:
            dialog.service_boxes[s].setChecked(True)
        dialog.contact_edit.setText(contact)
        dialog.notes_edit.setPlainText(notes)
        return dialog.result_row() if dialog.problem() is None else None

    return run


def test_add_edit_delete(qtbot, ctx, session):
    page = make_page(qtbot, ctx)
    repo = PartnerRepository(session)
    page.run_dialog = filler("Example Legal Clinic", [ServiceType.LEGAL], "555-0101", "Tue/Thu")
    with qtbot.waitSignal(page.partners_changed):
        pid = page.add_partner()
    [(agency, contact, notes)] = repo.all()
    assert agency.id == pid and agency.service_types == {ServiceType.LEGAL}
    assert (contact, notes) == ("555-0101", "Tue/Thu")
    assert page.model.index(0, 1).data() == page.model.data(page.model.index(0, 1))
    assert page.selected_row()[0].id == pid  # the new agency is selected
    page.run_dialog = filler(
        "Example Legal Clinic", [ServiceType.LEGAL, ServiceType.IMMIGRATION], "555-0199"
    )
    assert page.edit_selected() == pid
    [(agency, contact, notes)] = repo.all()
    assert agency.service_types == {ServiceType.LEGAL, ServiceType.IMMIGRATION}
    assert contact == "555-0199" and notes is None
    page.confirm_delete = lambda name: False
    assert not page.delete_selected()
    assert len(repo.all()) == 1
    page.confirm_delete = lambda name: True
    assert page.delete_selected()
    assert repo.all() == [] and page.model.rowCount() == 0
    assert not page.edit_button.isEnabled()


def test_cancel_and_empty_name_save_nothing(qtbot, ctx, session):
    page = make_page(qtbot, ctx)
    page.run_dialog = lambda dialog: None
    assert page.add_partner() is None
    page.run_dialog = filler("   ")
    assert page.add_partner() is None
    assert PartnerRepository(session).all() == []
    dialog = PartnerDialog(ctx.definitions, "en")
    qtbot.addWidget(dialog)
    assert dialog.problem() == "The agency needs a name."


def test_filter_and_model(qtbot, qtmodeltester, ctx, session):
    repo = PartnerRepository(session)
    repo.save(PartnerAgency(new_id(), "Sample Housing Co-op", frozenset({ServiceType.HOUSING})))
    repo.save(PartnerAgency(new_id(), "Demo Health Centre", frozenset({ServiceType.HEALTH})),
              "555-0100", "Walk-in mornings")  # fmt: skip
    page = make_page(qtbot, ctx)
    assert page.model.rowCount() == 2
    page.filter_edit.setText("housing")
    assert page.proxy.rowCount() == 1
    page.filter_edit.clear()
    model = PartnerTableModel(ctx.definitions, "en")
    qtmodeltester.check(model, force_py=True)
    model.set_rows(repo.all())
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data() == "Demo Health Centre"
    assert model.index(0, 3).data() == "Walk-in mornings"


def test_referral_partner_choice_follows_the_directory(qtbot, ctx, session):
    client = Client(new_id(), "Dina Demo")
    ClientRepository(session).save(client, today=TODAY)
    TransitionRepository(session).record(client.id, State.PHASE_1, Reason.ENROLLED, TODAY)
    page = make_page(qtbot, ctx)
    page.run_dialog = filler("Placeholder Employment Hub", [ServiceType.EMPLOYMENT])
    pid = page.add_partner()
    record = ClientRecordWidget(ctx, client.id)
    qtbot.addWidget(record)
    combo = record.forms.editor.partner_combo
    assert combo.findData(pid) > 0
    page.confirm_delete = lambda name: True
    page.select_partner(pid)
    page.delete_selected()
    record.refresh()
    assert combo.findData(pid) < 0
