"""The Groups page: sessions list, the session editor with its keyboard-only attendance
checklist, saving in the background, the note-names warning, and series with "attended A of P".
Real SQLCipher vault, real widgets offscreen, keys sent to whatever widget has the focus."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.groups import Facilitator, FacilitatorKind, GroupSession, Place, Series
from exitdoors_desktop.core.people import Client, ClientStatus, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.groups_repo import ChecklistEntry, GroupRepository
from exitdoors_desktop.ui.groups.checklist import AttendanceChecklistModel
from exitdoors_desktop.ui.groups.editor import SessionEditorDialog, parse_start
from exitdoors_desktop.ui.groups.models import (
    SeriesProgressModel,
    SeriesTableModel,
    SessionTableModel,
)
from exitdoors_desktop.ui.groups.page import GroupsPage
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.tasks import TaskRunner

TODAY = dt.date(2025, 3, 14)
FIRST = ("Amara", "Bea", "Celeste", "Delia", "Esme", "Farah", "Gia", "Hana", "Ines", "Juno",
         "Kira", "Lena", "Mira", "Nia", "Oona", "Pia", "Quinn", "Rosa", "Sana", "Tess")  # fmt: skip


@pytest.fixture
def ctx(session):
    return AppContext(session, load_definitions(), lambda: TODAY)


@pytest.fixture
def clients(session) -> dict[str, str]:
    """20 active synthetic clients (name -> id) and two who are not active."""
    repo = ClientRepository(session)
    active = [Client(new_id(), f"{first} Example", aliases=(f"{first[0]}{i:02d} Sample",))
              for i, first in enumerate(FIRST)]  # fmt: skip
    repo.save_many(active, today=TODAY)
    out = {c.preferred_name: c.id for c in active}
    for name, status in (("Vera Placeholder", ClientStatus.GRADUATED),
                         ("Wren Placeholder", ClientStatus.PAUSED)):  # fmt: skip
        c = Client(new_id(), name, status=status)
        repo.save(c, today=TODAY)
        out[name] = c.id
    return out


def make_page(qtbot, ctx) -> GroupsPage:
    page = GroupsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    return page


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, mods)


def type_text(qtbot, text: str) -> None:
    for ch in text:  # each key to whatever has the focus now, as a person typing
        qtbot.keyClicks(focused(), ch)


def shown(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.windowHandle().requestActivate()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)


def test_models_pass_qtmodeltester(qtmodeltester, ctx, session, clients):
    settings = ctx.definitions.program.groups
    ids = list(clients.values())
    series = Series("ser-1", "Spring course", "skills_training", 4)
    repo = GroupRepository(session, settings)
    repo.save_series(series)
    s1 = GroupSession("g1", TODAY, "skills_training", Place.COMMUNITY, dt.time(18), 90,
                      "Budgeting", others_count=2, series_id="ser-1")  # fmt: skip
    s2 = GroupSession("g2", TODAY - dt.timedelta(days=3), "support_group", Place.ONLINE)
    repo.save_session(s1, ids[:3], TODAY)
    repo.save_session(s2, ids[2:4], TODAY)
    # Same day, no start time: sorts below the one that has a time (no None/time comparison).
    repo.save_session(GroupSession("g3", TODAY, "support_group", Place.OFFICE), [], TODAY)
    sessions = repo.sessions()
    m = SessionTableModel(settings, "fr")
    m.set_sessions(sessions, repo.all_series())
    qtmodeltester.check(m)
    assert m.rowCount() == 3 and m.index(0, m.DATE).data() == "2025-03-14 18:00"
    assert m.index(1, m.DATE).data() == "2025-03-14"
    assert m.index(0, m.TYPE).data() == "Formation aux compétences"  # the program's fr label
    assert m.index(0, m.SIZE).data() == "5" and m.index(0, m.SERIES).data() == "Spring course"
    sm = SeriesTableModel(settings, "en")
    sm.set_series(repo.all_series(), sessions)
    qtmodeltester.check(sm)
    assert sm.index(0, 2).data() == "1 of 4"
    pm = SeriesProgressModel()
    pm.set_progress(
        {ids[0]: repo.series_for_client(ids[0])[0][1]}, dict(ClientRepository(session).names())
    )
    qtmodeltester.check(pm)
    assert pm.index(0, 1).data() == "attended 1 of 4"
    cm = AttendanceChecklistModel()
    cm.set_entries(repo.checklist(), checked=ids[:2])
    qtmodeltester.check(cm)
    cm.set_query("sample")
    qtmodeltester.check(cm)


def test_checklist_lists_only_active_clients_and_filters_by_alias(qtbot, ctx, clients):
    page = make_page(qtbot, ctx)
    dialog = page.open_new_session()
    model = dialog.checklist.model
    names = [model.entry(r).name for r in range(model.rowCount())]
    assert len(names) == 20 and "Vera Placeholder" not in names and "Wren Placeholder" not in names
    dialog.checklist.search.setText("m12")  # Mira's alias "M12 Sample"
    assert [model.entry(r).name for r in range(model.rowCount())] == ["Mira Example"]
    dialog.checklist.search.setText("nobody like this")
    assert model.rowCount() == 0 and dialog.checklist.empty.isVisibleTo(dialog)
    dialog.reject()


def test_record_a_15_person_session_by_keyboard_only(qtbot, ctx, session, clients):
    page = make_page(qtbot, ctx)
    shown(qtbot, page)
    page.view.setFocus()
    press(
        qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = page.editor
    assert isinstance(dialog, SessionEditorDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.date.hasFocus(), timeout=2000)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.start
    type_text(qtbot, "18:30")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "90")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.type
    for _ in range(3):  # support group -> psycho-education -> group counselling -> skills
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)  # series: none
    assert focused() is dialog.topic
    type_text(qtbot, "Budgeting")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.facilitators
    press(qtbot, Qt.Key.Key_Space)  # the one staff user facilitated
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.place
    press(qtbot, Qt.Key.Key_Down)  # community -> office
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.note
    type_text(qtbot, "Good energy; the room was cold.")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.others
    type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.checklist.search
    came = FIRST[:15]
    for first in came:
        type_text(qtbot, first.lower()[:4])  # a letter from the list starts a new search
        press(qtbot, Qt.Key.Key_Return)  # to the first match
        assert focused() is dialog.checklist.view
        press(qtbot, Qt.Key.Key_Space)  # tick her
    assert dialog.checklist.count.text() == "15 ticked"
    press(qtbot, Qt.Key.Key_Tab)  # moves on from the list ...
    assert focused() is dialog.save_button  # ... to Save
    with qtbot.waitSignal(page.session_saved, timeout=3000) as saved:
        press(qtbot, Qt.Key.Key_Space)
    stored: GroupSession = saved.args[0]
    repo = GroupRepository(session, ctx.definitions.program.groups)
    got = repo.get_session(stored.id)
    assert (got.date, got.start, got.length_minutes, got.type, got.topic, got.place) == (
        TODAY,
        dt.time(18, 30),
        90,
        "skills_training",
        "Budgeting",
        Place.OFFICE,
    )
    assert got.note == "Good energy; the room was cold." and got.others_count == 3
    assert got.facilitators == (Facilitator(FacilitatorKind.USER, session.user_id),)
    assert repo.attendees(stored.id) == sorted(clients[f"{f} Example"] for f in came)
    assert got.linked_count == 15 and got.size == 18
    assert not dialog.isVisible()
    assert page.model.rowCount() == 1 and page.model.index(0, SessionTableModel.SIZE).data() == "18"


def test_checklist_keys_up_down_space_untick_and_enter_moves_on(qtbot, ctx, clients):
    page = make_page(qtbot, ctx)
    dialog = page.open_new_session()
    shown(qtbot, dialog)
    cl = dialog.checklist
    cl.search.setFocus()
    type_text(qtbot, "example")
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is cl.view and cl.current_row() == 0
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Space)
    assert cl.checked() == [clients["Bea Example"], clients["Celeste Example"]]
    press(qtbot, Qt.Key.Key_Space)  # Bea again: unticked
    assert cl.checked() == [clients["Celeste Example"]]
    press(qtbot, Qt.Key.Key_Backspace)  # back to the search, one letter less
    assert focused() is cl.search and cl.search.text() == "exampl"
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # Enter in the list goes back to the search, not to Save
    assert focused() is cl.search and cl.search.selectedText() == "exampl" and dialog.isVisible()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)  # Tab moves on
    assert focused() is dialog.save_button and dialog.isVisible()
    dialog.reject()


def test_enter_after_a_tick_goes_to_the_search_so_a_space_never_saves(qtbot, ctx, session, clients):
    """Issue 19: Enter after ticking moved the focus to Save; the space in the next name typed
    clicked it and the session was saved with one attendee."""
    page = make_page(qtbot, ctx)
    dialog = page.open_new_session()
    shown(qtbot, dialog)
    cl = dialog.checklist
    cl.search.setFocus()
    saved: list[object] = []
    page.session_saved.connect(saved.append)
    for name in ("Nia Example", "Bea Example", "Rosa Example"):
        type_text(qtbot, name.lower())  # with its space, typed into whatever has the focus
        assert focused() is cl.search and cl.search.text() == name.lower()
        press(qtbot, Qt.Key.Key_Return)  # to the first match
        assert focused() is cl.view and cl.model.entry(cl.current_row()).name == name
        press(qtbot, Qt.Key.Key_Space)  # tick her
        press(qtbot, Qt.Key.Key_Return)  # on to the next name
        assert focused() is cl.search and cl.search.selectedText() == name.lower()
    assert saved == [] and dialog.isVisible()
    assert set(cl.checked()) == {clients[n] for n in ("Nia Example", "Bea Example", "Rosa Example")}
    assert GroupRepository(session, ctx.definitions.program.groups).sessions() == []
    dialog.reject()


def test_ctrl_enter_saves_and_saving_runs_on_the_worker_thread(qtbot, ctx, session, clients):
    runner = TaskRunner()
    worker = session.sibling()
    ctx.runner, ctx.worker = runner, worker
    try:
        page = make_page(qtbot, ctx)
        dialog = page.open_new_session()
        shown(qtbot, dialog)
        dialog.checklist.search.setFocus()
        type_text(qtbot, "nia")
        press(qtbot, Qt.Key.Key_Return)
        press(qtbot, Qt.Key.Key_Space)
        with qtbot.waitSignal(dialog.session_saved, timeout=3000) as saved:
            press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            assert dialog.saving  # the write was handed to the worker, not done here
        repo = GroupRepository(session, ctx.definitions.program.groups)
        assert repo.attendees(saved.args[0].id) == [clients["Nia Example"]]
    finally:
        assert runner.shutdown()
        worker.lock()


def test_a_note_naming_an_attendee_is_warned_once_before_saving(qtbot, ctx, session, clients):
    page = make_page(qtbot, ctx)
    dialog = page.open_new_session()
    dialog.checklist.search.setText("gia")
    dialog.checklist.model.toggle(0)
    dialog.note.setPlainText("Gia talked about her week.")
    assert "Gia Example" not in dialog.note_hint.text()  # the note says "Gia", not her full name
    dialog.note.setPlainText("Gia Example talked about her week.")
    assert "Gia Example" in dialog.note_hint.text()  # warned while typing
    repo = GroupRepository(session, ctx.definitions.program.groups)
    dialog.save()
    assert repo.sessions() == []  # not saved: the warning is shown instead
    assert dialog.message.isVisibleTo(dialog) and "Gia Example" in dialog.message.text()
    dialog.note.setPlainText("A talk about the week.")
    dialog.save()
    [stored] = repo.sessions()
    assert stored.note == "A talk about the week."


def test_the_same_note_saved_again_after_the_warning_goes_ahead(qtbot, ctx, session, clients):
    page = make_page(qtbot, ctx)
    dialog = page.open_new_session()
    dialog.checklist.search.setText("d03")  # Delia, by her alias
    dialog.checklist.model.toggle(0)
    dialog.note.setPlainText("We read D03 Sample's poem.")
    repo = GroupRepository(session, ctx.definitions.program.groups)
    dialog.save()
    assert repo.sessions() == []
    dialog.save()
    assert len(repo.sessions()) == 1


@pytest.mark.parametrize("start", ["25:00", "6pm", "18:3"])
def test_a_bad_start_time_is_refused_with_a_clear_message(qtbot, ctx, session, start):
    page = make_page(qtbot, ctx)
    dialog = page.open_new_session()
    dialog.start.setText(start)
    dialog.save()
    assert dialog.message.text() == "The start time must look like 18:30."
    assert GroupRepository(session, ctx.definitions.program.groups).sessions() == []
    assert dialog.isVisible() or not dialog.isHidden()


def test_parse_start():
    assert parse_start("") is None
    assert parse_start(" 9:05 ") == dt.time(9, 5)
    assert parse_start("1830") == dt.time(18, 30)
    with pytest.raises(ValueError):
        parse_start("18h30")


def test_a_storage_refusal_is_shown_and_nothing_is_lost(qtbot, ctx, session, clients):
    page = make_page(qtbot, ctx)
    dialog = page.open_new_session()
    dialog.checklist.search.setText("rosa")
    dialog.checklist.model.toggle(0)
    dialog.topic.setText("Tenant rights")
    ClientRepository(session).delete(clients["Rosa Example"])  # gone meanwhile (another device)
    dialog.save()
    assert dialog.message.text() == "Not saved: That record is no longer there."
    assert dialog.topic.text() == "Tenant rights" and dialog.checklist.checked()  # kept
    assert GroupRepository(session, ctx.definitions.program.groups).sessions() == []


def test_editing_keeps_a_linked_woman_who_is_no_longer_active(qtbot, ctx, session, clients):
    repo = GroupRepository(session, ctx.definitions.program.groups)
    gs = GroupSession("g1", TODAY, "support_group", Place.COMMUNITY, topic="Open circle")
    repo.save_session(gs, [clients["Vera Placeholder"], clients["Amara Example"]], TODAY)
    page = make_page(qtbot, ctx)
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    page.view.activated.emit(page.proxy.index(0, 0))
    dialog = page.editor
    assert dialog is not None and dialog.topic.text() == "Open circle"
    assert set(dialog.checklist.checked()) == {
        clients["Vera Placeholder"],
        clients["Amara Example"],
    }
    dialog.checklist.search.setText("amara")
    dialog.checklist.model.toggle(0)  # Amara did not come after all
    dialog.save()
    assert repo.attendees("g1") == [clients["Vera Placeholder"]]
    assert repo.get_session("g1").linked_count == 1


def test_series_created_and_attended_a_of_p_per_client(qtbot, ctx, session, clients):
    page = make_page(qtbot, ctx)
    dialog = page.open_new_series()
    dialog.name.setText("Spring skills course")
    dialog.type.setCurrentIndex(dialog.type.findData("skills_training"))
    dialog.planned.setValue(4)
    for d in (dt.date(2025, 3, 4), dt.date(2025, 3, 11), dt.date(2025, 3, 4)):
        dialog.date.set_date(d)
        dialog.add_date.click()
    assert dialog.message.text() == "2025-03-04 is already planned."
    assert dialog.planned_dates() == (dt.date(2025, 3, 4), dt.date(2025, 3, 11))
    with qtbot.waitSignal(page.series_saved, timeout=2000) as saved:
        dialog.save()
    series: Series = saved.args[0]
    repo = GroupRepository(session, ctx.definitions.program.groups)
    assert repo.series(series.id) == series
    # Two sessions of the series: Hana at both, Juno at one.
    for i, day in enumerate((dt.date(2025, 3, 4), dt.date(2025, 3, 11))):
        editor = page.open_new_session()
        editor.date.set_date(day)
        editor.type.setCurrentIndex(editor.type.findData("skills_training"))
        editor.series.setCurrentIndex(editor.series.findData(series.id))
        for who in ("hana", "juno")[: 2 - i]:
            editor.checklist.search.setText(who)
            editor.checklist.model.toggle(0)
        editor.save()
    page.series_view.selectRow(0)
    progress = {page.progress_model.index(r, 0).data(): page.progress_model.index(r, 1).data()
                for r in range(page.progress_model.rowCount())}  # fmt: skip
    assert progress == {"Hana Example": "attended 2 of 4", "Juno Example": "attended 1 of 4"}
    assert page.series_model.index(0, 2).data() == "2 of 4"


def test_series_dialog_refuses_more_dates_than_sessions(qtbot, ctx, session):
    page = make_page(qtbot, ctx)
    dialog = page.open_new_series()
    dialog.name.setText("Short course")
    dialog.planned.setValue(1)
    for d in (dt.date(2025, 3, 4), dt.date(2025, 3, 11)):
        dialog.date.set_date(d)
        dialog.add_date.click()
    dialog.save()
    assert dialog.message.text() == "There are more planned dates (2) than planned sessions (1)."
    assert GroupRepository(session, ctx.definitions.program.groups).all_series() == []
    dialog.name.clear()
    dialog.save()
    assert dialog.message.text() == "A series needs a name."


def test_checklist_entry_shows_aliases():
    m = AttendanceChecklistModel()
    m.set_entries([ChecklistEntry("c1", "Ada Sample", ("Dee",), None)])
    assert m.index(0, 0).data() == "Ada Sample  (Dee)"


LONG = "Anne-Sophie Bérénice Lefèbvre-Beauchesne de Saint-Jean-sur-Richelieu"


def test_editor_fits_1024x600_and_a_long_name_is_elided_not_scrolled(qtbot, ctx, session):
    ClientRepository(session).save(Client(new_id(), LONG, aliases=("Annie",)), today=TODAY)
    page = make_page(qtbot, ctx)
    page.resize(1024 - 180, 600)  # the window's navigation takes 180 px
    dialog = page.open_new_session()
    shown(qtbot, dialog)
    assert dialog.width() <= 1024 and dialog.height() <= 600 - 40  # room for a title bar
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 560
    view = dialog.checklist.view
    dialog.checklist.search.setText("saint-jean")
    index = view.model().index(0, 0)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == LONG
    assert view.visualRect(index).width() <= view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()
    dialog.reject()


def _views(session) -> list[tuple[str, str, str]]:
    return list(
        session.conn.execute(
            "SELECT entity, row_id, detail FROM audit WHERE action = 'view' ORDER BY seq"
        )
    )


def test_opening_a_session_audits_one_view_and_the_list_audits_none(qtbot, ctx, session, clients):
    repo = GroupRepository(session, ctx.definitions.program.groups)
    gs = GroupSession("g1", TODAY, "support_group", Place.OFFICE)
    repo.save_session(gs, [clients["Amara Example"], clients["Bea Example"]], TODAY)
    page = make_page(qtbot, ctx)
    page.refresh()
    page.open_new_session().reject()
    assert _views(session) == []  # the list and a blank session show no attendee
    page.open_session("g1").reject()
    assert _views(session) == [("group_session", "g1", "2 attendees")]  # the count, not who


def test_an_open_editor_is_closed_with_the_other_dialogs_at_lock(qtbot, ctx, clients):
    from exitdoors_desktop.ui.shell.safety import close_dialogs

    page = make_page(qtbot, ctx)
    dialog = page.open_new_session()
    shown(qtbot, dialog)
    close_dialogs()
    assert not dialog.isVisible()


def test_ctrl_shift_g_works_from_the_navigation_but_not_from_another_page(qtbot, ctx):
    from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    nav, stack = QListWidget(window), QStackedWidget(window)
    other = QWidget(stack)
    page = GroupsPage(ctx, stack)
    stack.addWidget(other)
    stack.addWidget(page)
    row = QHBoxLayout(window)
    row.addWidget(nav)
    row.addWidget(stack)
    window.resize(1200, 700)
    stack.setCurrentWidget(other)
    shown(qtbot, window)
    nav.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, Qt.Key.Key_G, ctrl_shift)
    assert page.editor is None  # the Groups page is not shown
    stack.setCurrentWidget(page)
    nav.setFocus()
    press(qtbot, Qt.Key.Key_G, ctrl_shift)
    assert page.editor is not None and page.editor.isVisible()
    page.editor.reject()


def test_an_impossible_session_date_is_refused_not_corrected(qtbot, ctx, session, clients):
    page = make_page(qtbot, ctx)
    editor = page.open_new_session()
    editor.date.line.setFocus()
    editor.date.line.selectAll()
    qtbot.keyClicks(editor.date.line, "20260230")  # 30 February: no such day
    editor.date.line.editingFinished.emit()
    assert editor.date.date() is None
    editor.save()
    assert editor.message.isVisible() and "not a real date" in editor.message.text()
    assert GroupRepository(session, ctx.definitions.program.groups).sessions() == []
    series = page.open_new_series()
    series.date.clear()
    series.add_date.click()
    assert series.message.text() and series.planned_dates() == ()


def _flush_deletes() -> None:
    """Run the deferred deletes a real event loop would run between two key presses."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def back_to(qtbot, page) -> None:
    """The window manager gives the page back its activation when a dialog closes;
    offscreen has none, so ask for it."""
    page.activateWindow()
    page.windowHandle().requestActivate()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)


def test_save_open_and_add_a_second_session_in_one_sitting(qtbot, ctx, session, clients):
    """Issue 19's blocker: after the first saved session the page held the deleted editor, so
    Enter on a row and Ctrl+Shift+G did nothing (RuntimeError ... already deleted)."""
    page = make_page(qtbot, ctx)
    shown(qtbot, page)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    repo = GroupRepository(session, ctx.definitions.program.groups)
    saved_ids = []
    for topic, who in (("Budgeting", "nia"), ("Cooking", "bea")):
        page.view.setFocus()
        press(qtbot, Qt.Key.Key_G, ctrl_shift)
        dialog = page.editor
        assert isinstance(dialog, SessionEditorDialog) and dialog.isVisible()
        dialog.topic.setText(topic)
        dialog.checklist.search.setText(who)
        dialog.checklist.model.toggle(0)
        with qtbot.waitSignal(page.session_saved, timeout=3000) as saved:
            dialog.save_button.click()
        saved_ids.append(saved.args[0].id)
        _flush_deletes()  # the first editor is gone now, as it is a moment after saving
        assert page.editor is None
        # Open the saved session from the list with Enter, as she would.
        back_to(qtbot, page)
        page.view.setFocus()
        row = next(r for r in range(page.model.rowCount())
                   if page.model.session(r).id == saved_ids[-1])  # fmt: skip
        page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(row, 0)))
        press(qtbot, Qt.Key.Key_Return)
        opened = page.editor
        assert isinstance(opened, SessionEditorDialog) and opened.isVisible()
        assert opened is not dialog and opened.topic.text() == topic
        opened.reject()
        _flush_deletes()
        assert page.editor is None
        back_to(qtbot, page)
    assert page.model.rowCount() == 2
    assert {repo.get_session(i).topic for i in saved_ids} == {"Budgeting", "Cooking"}


def test_series_dialog_opens_again_after_one_is_saved(qtbot, ctx, session):
    page = make_page(qtbot, ctx)
    first = page.open_new_series()
    first.name.setText("Spring course")
    with qtbot.waitSignal(page.series_saved, timeout=3000):
        first.save_button.click()
    _flush_deletes()
    assert page.series_dialog is None  # dropped with the dialog, not held deleted
    second = page.open_new_series()
    assert second is not first and second.isVisible()
    second.name.setText("Autumn course")
    with qtbot.waitSignal(page.series_saved, timeout=3000):
        second.save_button.click()
    assert page.series_model.rowCount() == 2


def test_the_saved_session_stays_selected_so_enter_opens_it_again(qtbot, ctx, session, clients):
    """Issue 19 walk (s1024_24): after saving a session that was not the top row, the selection
    jumped back to the first row, and Enter opened another session."""
    repo = GroupRepository(session, ctx.definitions.program.groups)
    ids = list(clients.values())
    for n, topic in enumerate(("Newest", "Middle", "Oldest")):
        gs = GroupSession(f"g{n}", TODAY - dt.timedelta(days=7 * n), "support_group",
                          Place.OFFICE, topic=topic)  # fmt: skip
        repo.save_session(gs, ids[n : n + 2], TODAY)
    page = make_page(qtbot, ctx)
    shown(qtbot, page)

    def current_topic() -> str:
        source = page.proxy.mapToSource(page.view.currentIndex())
        return page.model.session(source.row()).topic if source.isValid() else ""

    for attempt, topic in ((1, "Middle"), (2, "Oldest")):
        page.view.setFocus()
        row = next(r for r in range(page.model.rowCount()) if page.model.session(r).topic == topic)
        page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(row, 0)))
        press(qtbot, Qt.Key.Key_Return)
        dialog = page.editor
        assert isinstance(dialog, SessionEditorDialog) and dialog.topic.text() == topic
        dialog.topic.setText(f"{topic} (edited)")
        with qtbot.waitSignal(page.session_saved, timeout=3000):
            dialog.save_button.click()
        _flush_deletes()
        back_to(qtbot, page)
        assert current_topic() == f"{topic} (edited)", attempt
        assert page.view.selectionModel().isRowSelected(page.view.currentIndex().row())
        page.view.setFocus()
        press(qtbot, Qt.Key.Key_Return)
        opened = page.editor
        assert isinstance(opened, SessionEditorDialog), attempt
        assert opened.topic.text() == f"{topic} (edited)", attempt
        opened.reject()
        _flush_deletes()
        back_to(qtbot, page)
