"""Drafts on the client record: debounced autosave into the vault, save_drafts() before a lock,
resuming after unlock, and edit drafts that never hide the saved version."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ResponseRepository, TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.forms.drafts import DRAFT_OF_KEY, DraftAutosaver, latest_draft
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.record.editor import Mode
from exitdoors_desktop.ui.record.widget import ClientRecordWidget

TODAY = dt.date(2025, 3, 14)
TYPED = "She wants to talk about her sister next week."


def _tests_conftest():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "root_conftest", Path(__file__).resolve().parents[2] / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PASSPHRASE = _tests_conftest().PASSPHRASE


@pytest.fixture
def client_id(session):
    client = Client(new_id(), "Bea Sample")
    ClientRepository(session).save(client, today=TODAY)
    TransitionRepository(session).record(client.id, State.PHASE_1, Reason.ENROLLED, TODAY)
    return client.id


def open_record(qtbot, session, client_id) -> ClientRecordWidget:
    w = ClientRecordWidget(AppContext(session, load_definitions(), lambda: TODAY), client_id)
    qtbot.addWidget(w)
    w.forms.editor.ask_resume = lambda draft: True
    return w


def note_box(w: ClientRecordWidget) -> QPlainTextEdit:
    box = w.forms.editor.renderer.field_widget("note")
    assert isinstance(box, QPlainTextEdit)
    return box


def test_draft_survives_lock_and_unlock(qtbot, session, vault_dir, client_id):
    w = open_record(qtbot, session, client_id)
    w.show()
    w.start_form("contact_note")
    qtbot.keyClicks(note_box(w), TYPED)
    assert w.save_drafts() is True  # what the shell calls on about_to_lock
    assert w.save_drafts() is False  # nothing new since
    session.lock()
    w.close()

    again = Vault(vault_dir).unlock("alex", PASSPHRASE)
    try:
        w2 = open_record(qtbot, again, client_id)
        offered: list[FormResponse] = []
        w2.forms.editor.ask_resume = lambda draft: offered.append(draft) or True
        w2.start_form("contact_note")
        assert len(offered) == 1
        assert w2.forms.editor.renderer.answers()["note"] == TYPED
        assert w2.forms.editor.mode is Mode.NEW
        # Finishing it turns the same row into a saved form, and the draft is gone.
        answers = w2.forms.editor.renderer.answers()
        answers.update(contact_type="phone_text", location="office", participants=["client"])
        w2.forms.editor.renderer.set_answers(answers)
        assert w2.forms.editor.save()
        repo = ResponseRepository(again)
        assert [r.id for r in repo.for_client(client_id, "contact_note")] == [offered[0].id]
        assert repo.for_client(client_id, drafts=True) == []
        assert w2.snapshot.contacts
    finally:
        again.lock()


def test_typing_autosaves_after_a_pause(qtbot, session, client_id):
    w = open_record(qtbot, session, client_id)
    w.show()
    w.start_form("contact_note")
    qtbot.keyClicks(note_box(w), "Short note")
    repo = ResponseRepository(session)
    assert repo.for_client(client_id, drafts=True) == []  # debounced, not on every key
    qtbot.waitUntil(lambda: bool(repo.for_client(client_id, drafts=True)), timeout=3000)
    [draft] = repo.for_client(client_id, drafts=True)
    assert draft.answers["note"] == "Short note"
    assert w.forms.response_model.rowCount() == 1
    assert "draft" in w.forms.response_model.index(0, 0).data()


def test_opening_a_form_without_typing_writes_no_draft(qtbot, session, client_id):
    w = open_record(qtbot, session, client_id)
    w.start_form("contact_note")
    assert w.save_drafts() is False
    assert ResponseRepository(session).for_client(client_id, drafts=True) == []


def test_declining_a_draft_discards_it_so_the_question_does_not_return(qtbot, session, client_id):
    w = open_record(qtbot, session, client_id)
    w.show()
    w.start_form("contact_note")
    qtbot.keyClicks(note_box(w), TYPED)
    w.save_drafts()
    assert len(ResponseRepository(session).for_client(client_id, drafts=True)) == 1
    asked: list[str] = []
    w.forms.editor.ask_resume = lambda draft: asked.append(draft.id) or False
    w.start_form("contact_note")
    assert "note" not in w.forms.editor.renderer.answers()
    assert ResponseRepository(session).for_client(client_id, drafts=True) == []
    w.forms.editor.close_form()
    w.start_form("contact_note")  # nothing typed since: no draft, no question
    assert len(asked) == 1


def test_drafts_do_not_pile_up(qtbot, session, client_id):
    w = open_record(qtbot, session, client_id)
    w.show()
    w.forms.editor.ask_resume = lambda draft: False
    for n in range(3):
        w.start_form("contact_note")
        qtbot.keyClicks(note_box(w), f"{TYPED} {n}")
        w.save_drafts()
    assert len(ResponseRepository(session).for_client(client_id, drafts=True)) == 1


def test_edit_draft_never_hides_the_saved_form(qtbot, session, client_id):
    repo = ResponseRepository(session)
    rid = new_id()
    saved = {"date": "2025-03-10", "contact_type": "cbt", "location": "office",
             "participants": ["client"], "note": "First version."}  # fmt: skip
    repo.save(FormResponse(rid, "contact_note", 1, client_id, dt.date(2025, 3, 10), saved))
    w = open_record(qtbot, session, client_id)
    w.show()
    w.edit_response(rid)
    editor = w.forms.editor
    assert editor.mode is Mode.EDIT
    box = note_box(w)
    box.selectAll()
    qtbot.keyClicks(box, "Second version.")
    assert w.save_drafts()
    assert repo.get(rid).answers["note"] == "First version."
    assert not repo.is_draft(rid)
    [draft] = repo.for_client(client_id, drafts=True)
    assert draft.id != rid and draft.answers[DRAFT_OF_KEY] == rid
    assert latest_draft(repo, client_id, "contact_note") is None  # not a new-form draft
    w.close_record()
    w2 = open_record(qtbot, session, client_id)
    w2.edit_response(rid)
    assert w2.forms.editor.renderer.answers()["note"] == "Second version."
    assert w2.forms.editor.save()
    assert repo.get(rid).answers["note"] == "Second version."
    assert DRAFT_OF_KEY not in repo.get(rid).answers
    assert repo.for_client(client_id, drafts=True) == []


def test_discarding_a_draft_deletes_it(qtbot, session, client_id):
    w = open_record(qtbot, session, client_id)
    w.show()
    w.start_form("contact_note")
    qtbot.keyClicks(note_box(w), TYPED)
    w.save_drafts()
    w.forms.editor.discard_draft()
    assert w.forms.editor.mode is Mode.EMPTY
    assert ResponseRepository(session).for_client(client_id, drafts=True) == []


def test_closing_the_record_keeps_typed_text(qtbot, session, client_id):
    w = open_record(qtbot, session, client_id)
    w.show()
    w.start_form("contact_note")
    qtbot.keyClicks(note_box(w), TYPED)
    with qtbot.waitSignal(w.closed):
        w.header.close_button.click()
    [draft] = ResponseRepository(session).for_client(client_id, drafts=True)
    assert draft.answers["note"] == TYPED


def test_autosaver_debounces_and_survives_a_failed_write(qtbot):
    calls: list[int] = []

    def save() -> bool:
        calls.append(1)
        if len(calls) == 1:
            from exitdoors_desktop.core.errors import VaultLocked

            raise VaultLocked("locked")
        return True

    saver = DraftAutosaver(save, delay_ms=50)
    saver.schedule()
    saver.schedule()
    assert saver.flush() is False and saver.pending  # failed write: still pending
    with qtbot.waitSignal(saver.draft_saved):
        saver.schedule()
    assert len(calls) == 2 and not saver.pending
