"""The intake starts from what her profile knows, says what saving it would change in the
profile and changes it only when the worker confirms; a date of birth and an age that disagree
are said in place, before eligibility."""

from __future__ import annotations

import datetime as dt

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.intake import ProfileChange
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ResponseRepository, TransitionRepository
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.words import profile_change_text
from exitdoors_desktop.ui.record.widget import ClientRecordWidget

TODAY = dt.date(2026, 6, 1)
REQUIRED = {"female_identifying": True, "wants_to_exit": True, "lives_in_area": True,
            "criteria": ["unemployment", "lacks_positive_supports"]}  # fmt: skip
LONG = "Anne-Sophie Bérénice Lefèbvre-Beauchesne de Saint-Jean-sur-Richelieu"


@pytest.fixture
def client_id(session):  # type: ignore[no-untyped-def]
    client = Client(new_id(), LONG, pronouns="elle/she", date_of_birth=dt.date(1996, 3, 4))
    ClientRepository(session).save(client, today=TODAY)
    TransitionRepository(session).record(client.id, State.PRE, Reason.ENROLLED, TODAY)
    return client.id


def _open(qtbot, session, client_id) -> ClientRecordWidget:  # type: ignore[no-untyped-def]
    w = ClientRecordWidget(AppContext(session, load_definitions(), lambda: TODAY), client_id)
    qtbot.addWidget(w)
    w.forms.editor.ask_resume = lambda draft: True
    return w


def test_intake_opens_with_what_the_profile_knows(qtbot, session, client_id) -> None:  # type: ignore[no-untyped-def]
    w = _open(qtbot, session, client_id)
    w.start_form("intake")
    answers = w.forms.editor.renderer.answers()
    assert answers["preferred_name"] == LONG
    assert answers["pronouns"] == "elle/she"
    assert answers["date_of_birth"] == "1996-03-04"
    assert "age" not in answers  # the date of birth is what counts


def test_profile_changes_are_shown_and_applied_only_when_confirmed(
    qtbot, session, client_id
) -> None:  # type: ignore[no-untyped-def]
    w = _open(qtbot, session, client_id)
    editor = w.forms.editor
    asked: list[tuple[ProfileChange, ...]] = []
    editor.confirm_profile_changes = lambda changes: asked.append(changes) or False
    w.start_form("intake")
    answers = editor.renderer.answers()
    answers.update(REQUIRED, intake_date=TODAY.isoformat(), preferred_name="Marie-Ève",
                   pronouns="elle")  # fmt: skip
    editor.renderer.set_answers(answers)
    assert editor.save()
    assert [c.field for c in asked[0]] == ["preferred_name", "pronouns"]
    text = profile_change_text(asked[0])
    assert text.startswith("The profile will change:")
    assert f"name: “{LONG}” → “Marie-Ève”" in text and "pronouns: “elle/she” → “elle”" in text
    # Declined: the intake is saved, the profile is not touched.
    client = ClientRepository(session).get(client_id, audit=False)
    assert client.preferred_name == LONG and client.pronouns == "elle/she"
    assert len(ResponseRepository(session).for_client(client_id, "intake")) == 1
    assert w.header.name.text() == LONG
    # Confirmed (editing the intake again): applied.
    editor.confirm_profile_changes = lambda changes: True
    editor.edit_current()
    editor.renderer.set_answers({**editor.renderer.answers(), "preferred_name": "Marie-Ève"})
    assert editor.save()
    assert ClientRepository(session).get(client_id, audit=False).preferred_name == "Marie-Ève"


def test_unchanged_intake_asks_nothing(qtbot, session, client_id) -> None:  # type: ignore[no-untyped-def]
    w = _open(qtbot, session, client_id)
    editor = w.forms.editor
    editor.confirm_profile_changes = lambda changes: pytest.fail(f"asked about {changes}")
    w.start_form("intake")
    editor.renderer.set_answers({**editor.renderer.answers(), **REQUIRED,
                                 "intake_date": TODAY.isoformat()})  # fmt: skip
    assert editor.save(), editor.message.text()


def test_dob_and_age_disagreeing_is_said_before_eligibility(qtbot, session, client_id) -> None:  # type: ignore[no-untyped-def]
    w = _open(qtbot, session, client_id)
    editor = w.forms.editor
    w.start_form("intake")
    renderer = editor.renderer
    renderer.set_answers({**renderer.answers(), "intake_date": TODAY.isoformat(), "age": 17})
    editor._on_renderer_answers_changed()  # set_answers is not typing; the check is the same
    assert not editor.age_warning.isHidden()
    assert "gives age 30" in editor.age_warning.text() and "17" in editor.age_warning.text()
    assert editor.eligibility.isHidden()  # nothing decided yet
    renderer.set_answers({**renderer.answers(), "age": 30})
    editor._on_renderer_answers_changed()
    assert editor.age_warning.isHidden()


def test_languages_typed_in_new_client_are_ticked_on_her_intake(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.ui.caseload.view import NewClientDialog

    ctx = AppContext(session, load_definitions(), lambda: TODAY)
    dialog = NewClientDialog(None, TODAY)
    qtbot.addWidget(dialog)
    dialog.name.setText("Test Mira")
    dialog.languages.setText("English; Français; Wolof")
    client_id = dialog.save(ctx)
    w = _open(qtbot, session, client_id)
    w.start_form("intake")
    answers = w.forms.editor.renderer.answers()
    assert answers["languages"] == ["english", "french", "other"]
    assert answers["languages_other"] == "Wolof"
