"""OutreachPage: anonymous by default, linked on request, Ctrl+Enter saves, recent list without
names for anonymous contacts, drafts kept in the vault."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ResponseRepository
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.words import option_label
from exitdoors_desktop.ui.outreach.page import OUTREACH_FORM, OutreachPage, OutreachRecentModel

TODAY = dt.date(2025, 3, 14)


@pytest.fixture
def ctx(session):
    return AppContext(session, load_definitions(), lambda: TODAY)


@pytest.fixture
def client_id(session):
    client = Client(new_id(), "Cleo Placeholder")
    ClientRepository(session).save(client, today=TODAY)
    return client.id


def make_page(qtbot, ctx) -> OutreachPage:
    page = OutreachPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 700)
    return page


def choose(page: OutreachPage, **answers: object) -> None:
    current = page.renderer.answers()
    current.update(answers)
    page.renderer.set_answers(current)


def test_anonymous_entry_saved_with_ctrl_enter(qtbot, ctx, session):
    page = make_page(qtbot, ctx)
    page.show()
    qtbot.waitExposed(page)
    page.windowHandle().requestActivate()  # shortcuts need an active window
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    assert page.linked_client() is None
    assert page.renderer.answers() == {"date": TODAY.isoformat(), "anonymous": True}
    choose(page, place_type="street", people_reached=3, needs_raised=["housing", "safety"])
    page.renderer.focus_field("place_type")
    with qtbot.waitSignal(page.contact_saved, timeout=2000) as saved:
        qtbot.keyClick(page.renderer.field_widget("place_type"), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    response = saved.args[0]
    assert response.client_id is None
    [stored] = ResponseRepository(session).anonymous(OUTREACH_FORM)
    assert stored.id == response.id and stored.answers["anonymous"] is True
    assert page.model.rowCount() == 1
    assert page.model.index(0, 2).data() == "Anonymous"
    needs = [option_label(ctx.definitions, OUTREACH_FORM, "needs_raised", n, "en")
             for n in ("housing", "safety")]  # fmt: skip
    assert page.model.index(0, 4).data() == ", ".join(needs)
    # Ready for the next one: date and place kept, everything else cleared.
    assert page.renderer.answers() == {
        "date": TODAY.isoformat(), "place_type": "street", "anonymous": True,
    }  # fmt: skip


def test_linked_entry_records_the_client(qtbot, ctx, session, client_id):
    page = make_page(qtbot, ctx)
    choose(page, place_type="drop_in")
    page.link_client(client_id)
    assert page.renderer.answers()["anonymous"] is False  # linking implies not anonymous
    response = page.save()
    assert response is not None and response.client_id == client_id
    assert ResponseRepository(session).for_client(client_id, OUTREACH_FORM)[0].id == response.id
    assert page.model.index(0, 2).data() == "Cleo Placeholder"
    assert page.linked_client() is None  # back to anonymous for the next entry


def test_marking_anonymous_unlinks(qtbot, ctx, client_id):
    page = make_page(qtbot, ctx)
    page.link_client(client_id)
    choose(page, anonymous=True, place_type="street")
    page.renderer.answers_changed.emit()
    assert page.linked_client() is None
    assert page.save().client_id is None


def test_invalid_entry_is_refused(qtbot, ctx, session):
    page = make_page(qtbot, ctx)
    page.show()
    assert page.save() is None  # no place type
    assert page.message.isVisibleTo(page)
    assert ResponseRepository(session).recent(OUTREACH_FORM) == []


def test_unsaved_entry_survives_as_a_draft(qtbot, ctx, session):
    page = make_page(qtbot, ctx)
    page.show()
    choose(page, place_type="online")
    notes = page.renderer.field_widget("notes")
    assert isinstance(notes, QPlainTextEdit)
    qtbot.keyClicks(notes, "Asked about the drop-in hours.")
    assert page.save_drafts() is True
    page.close()
    again = make_page(qtbot, ctx)
    assert not again.banner.isHidden()
    assert again.renderer.answers()["notes"] == "Asked about the drop-in hours."
    saved = again.save()
    assert saved is not None
    assert ResponseRepository(session).recent(OUTREACH_FORM, drafts=True) == []
    assert [r.id for r in ResponseRepository(session).recent(OUTREACH_FORM)] == [saved.id]


def test_start_over_discards_the_draft(qtbot, ctx, session):
    page = make_page(qtbot, ctx)
    page.show()
    qtbot.keyClicks(page.renderer.field_widget("notes"), "x")
    page.save_drafts()
    again = make_page(qtbot, ctx)
    again.start_over.click()
    assert "notes" not in again.renderer.answers()
    assert ResponseRepository(session).recent(OUTREACH_FORM, drafts=True) == []


def test_recent_model_passes_modeltester(qtbot, qtmodeltester, ctx, client_id):
    page = make_page(qtbot, ctx)
    choose(page, place_type="street", alias="should not show", anonymous=True)
    page.save()
    choose(page, place_type="drop_in")
    page.link_client(client_id)
    page.save()
    model = OutreachRecentModel(ctx.definitions, "en")
    model.set_rows([page.model.response(r) for r in range(page.model.rowCount())],
                   {client_id: "Cleo Placeholder"})  # fmt: skip
    qtmodeltester.check(model, force_py=True)
    whos = {model.index(r, 2).data() for r in range(model.rowCount())}
    assert whos == {"Anonymous", "Cleo Placeholder"}
