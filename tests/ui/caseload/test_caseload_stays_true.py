"""The caseload stays true (issue 19): every write through the app — a new client, an intake, a
phase move, a contact note, a consent, a reading, a referral, group attendance, a sync apply,
an erasure — puts her caseload row and its search text right at once, with no reload of
everyone, in the real window on a real vault. Each write is done twice (STYLE 24)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from exitdoors_desktop.core.caseload import CaseloadRow, Flag
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.groups import GroupSession
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.erasure import erase_client
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.sync.engine import SyncReport
from exitdoors_desktop.ui.caseload.view import CaseloadPage, NewClientDialog
from exitdoors_desktop.ui.record.transition import TransitionDialog
from exitdoors_desktop.ui.record.widget import ClientRecordWidget
from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)
OTHERS = ("Bea Example", "Cleo Demo", "Dana Sample", "Zia Test")


@pytest.fixture
def vault_with_ada(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "vault"
    session, _ = Vault(folder).create("alex", PASSPHRASE, kdf=CHEAP)
    clients = ClientRepository(session)
    transitions = TransitionRepository(session)
    ada = new_id()
    for cid, name in [(ada, "Ada Old-Name"), *((new_id(), n) for n in OTHERS)]:
        clients.save(
            Client(cid, name, assigned_worker=session.user_id, date_of_birth=dt.date(1990, 1, 1)),
            today=TODAY,
        )
        transitions.record(cid, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=30))
    session.lock()
    return folder, ada


@pytest.fixture
def window(qtbot, vault_with_ada: tuple[Path, str]) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(Vault(vault_with_ada[0]), load_definitions(), kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        w.unlock_page.button.click()
    assert w.workspace is not None
    qtbot.waitUntil(lambda: w.workspace.caseload.model.rowCount() == 5, timeout=10_000)
    yield w
    w.lock()
    w.runner.shutdown()
    w.sync_runner.shutdown()
    w.verify_runner.shutdown()


@pytest.fixture
def ada(vault_with_ada: tuple[Path, str]) -> str:
    return vault_with_ada[1]


def page(w: MainWindow) -> CaseloadPage:
    assert w.workspace is not None
    return w.workspace.caseload


def row_of(w: MainWindow, client_id: str) -> CaseloadRow | None:
    model = page(w).model
    i = model.row_of(client_id)
    return model.row_at(i) if i >= 0 else None


def found_by_search(w: MainWindow, text: str) -> list[str]:
    p = page(w)
    p.search.setText(text)
    proxy = p.proxy
    return [str(proxy.index(r, 0).data().split(" (")[0]) for r in range(proxy.rowCount())]


class NoReload:
    """Fails the test if the caseload reads everyone again (the point is: it need not)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, w: MainWindow) -> None:
        self.calls = 0
        p = page(w)

        def reload() -> None:
            self.calls += 1

        monkeypatch.setattr(p, "reload", reload)


def record(w: MainWindow, client_id: str) -> ClientRecordWidget:
    assert w.workspace is not None
    w.workspace.open_client(client_id)
    rec = w.workspace.record
    assert rec is not None
    rec.forms.editor.confirm_profile_changes = lambda changes: True
    return rec


def save_form(rec: ClientRecordWidget, form_id: str, answers: dict[str, object]) -> None:
    rec.start_form(form_id)
    rec.forms.editor.renderer.set_answers({**rec.forms.editor.renderer.answers(), **answers})
    assert rec.forms.editor.save()


def contact(day: dt.date) -> dict[str, object]:
    return {"date": day.isoformat(), "contact_type": "individual_counselling",
            "location": "community", "participants": ["client"], "duration_minutes": 45}  # fmt: skip


INTAKE = {"female_identifying": True, "wants_to_exit": True, "lives_in_area": True,
          "criteria": ["unemployment", "lacks_positive_supports"]}  # fmt: skip


def test_an_intake_renames_her_row_and_search_finds_the_new_name(
    qtbot, window, ada, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    guard = NoReload(monkeypatch, window)
    rec = record(window, ada)
    for n, name in enumerate(("Ada Newname", "Adaeze Second")):
        save_form(
            rec, "intake", INTAKE | {"intake_date": TODAY.isoformat(), "preferred_name": name}
        )
        row = row_of(window, ada)
        assert row is not None and row.preferred_name == name, f"save {n + 1}"
        assert found_by_search(window, name.split()[1]) == [name]
        assert found_by_search(window, "Old-Name") == []
        found_by_search(window, "")
    # In name order, not where the old name was: Adaeze comes before Bea.
    assert page(window).model.row_at(0).preferred_name == "Adaeze Second"
    assert guard.calls == 0


def test_a_phase_move_shows_the_new_phase_at_once(qtbot, window, ada, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    guard = NoReload(monkeypatch, window)
    rec = record(window, ada)
    for to_state, on in ((State.PHASE_1, TODAY - dt.timedelta(days=3)), (State.PAUSED, TODAY)):

        def run(dialog: TransitionDialog, to_state: State = to_state, on: dt.date = on) -> object:
            dialog.choose(to_state, Reason.CLIENT_REQUEST)
            dialog.set_date(on)
            dialog.buttons.accepted.emit()
            return dialog.transition

        rec.run_transition_dialog = run  # type: ignore[assignment]
        assert rec.change_phase() is not None
        row = row_of(window, ada)
        assert row is not None and row.state is to_state
    found_by_search(window, "")
    page(window).phase_filter.setCurrentIndex(page(window).phase_filter.findData("paused"))
    assert page(window).proxy.rowCount() == 1  # the filter sees the paused state too
    assert guard.calls == 0


def test_a_contact_note_sets_her_last_contact_at_once(qtbot, window, ada, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    guard = NoReload(monkeypatch, window)
    TransitionRepository(window.session).record(
        ada, State.PHASE_1, Reason.CLIENT_REQUEST, TODAY - dt.timedelta(days=20)
    )
    rec = record(window, ada)
    for day in (TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=2)):
        save_form(rec, "contact_note", contact(day))
        row = row_of(window, ada)
        assert row is not None and row.last_contact == day
    assert guard.calls == 0


def test_consent_takes_consent_missing_off_her_row(qtbot, window, ada, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    guard = NoReload(monkeypatch, window)
    before = row_of(window, ada)
    assert before is not None and Flag.CONSENT_MISSING in before.flags
    rec = record(window, ada)
    tab = rec.consent
    tab.confirm_withdrawal = lambda what: True
    for grant in (True, False):
        tab.scope_combo.setCurrentIndex(tab.scope_combo.findData("store_on_device"))
        (tab.grant_radio if grant else tab.withdraw_radio).setChecked(True)
        tab.method_combo.setCurrentIndex(tab.method_combo.findData("written"))
        tab.date_edit.set_date(TODAY)
        assert tab.record() is not None
        row = row_of(window, ada)
        assert row is not None and (Flag.CONSENT_MISSING in row.flags) is not grant
    assert guard.calls == 0


def _rereads_of(qtbot, window: MainWindow, client_id: str) -> list[int]:  # type: ignore[no-untyped-def]
    model = page(window).model
    seen: list[int] = []
    model.dataChanged.connect(
        lambda top, _bottom, _roles: (
            seen.append(top.row()) if model.row_at(top.row()).client_id == client_id else None
        )
    )
    return seen


def test_a_reading_and_a_referral_reread_her_row(qtbot, window, ada, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Neither changes a caseload column today; her row is still read again, so a column that
    # comes to depend on them (or a flag) cannot go stale.
    guard = NoReload(monkeypatch, window)
    seen = _rereads_of(qtbot, window, ada)
    rec = record(window, ada)
    for safety in (3, 6):
        rec.scales.open_dialog = lambda s=safety: (TODAY, {"safety": s})  # type: ignore[misc]
        rec.scales.add_button.click()
    assert len(seen) == 2
    for status in ("made", "made"):
        rec.referrals.new_button.click()
        editor = rec.forms.editor
        editor.renderer.set_answers(
            editor.renderer.answers()
            | {"agency_name": "Example Clinic", "service_type": "housing", "status": status}
        )
        assert editor.save()
    assert len(seen) == 4
    assert guard.calls == 0


def test_group_attendance_sets_last_contact_of_who_came_and_who_no_longer_did(
    qtbot, window, ada, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    guard = NoReload(monkeypatch, window)
    assert window.workspace is not None
    bea = next(r.client_id for r in page(window).model.rows() if r.preferred_name == "Bea Example")
    groups = window.workspace.page("Groups")
    day = TODAY - dt.timedelta(days=1)
    dialog = groups.open_new_session()  # type: ignore[attr-defined]
    dialog.date.set_date(day)
    model = dialog.checklist.model
    for r in range(model.rowCount()):
        if model.entry(r).client_id in (ada, bea):
            model.toggle(r)
    with qtbot.waitSignal(dialog.session_saved, timeout=5000) as saved:
        dialog.save()
    assert row_of(window, ada).last_contact == day  # type: ignore[union-attr]
    assert row_of(window, bea).last_contact == day  # type: ignore[union-attr]
    stored: GroupSession = saved.args[0]
    # The second time: open the same session, Bea did not come after all.
    dialog = groups.open_session(stored.id)  # type: ignore[attr-defined]
    model = dialog.checklist.model
    for r in range(model.rowCount()):
        if model.entry(r).client_id == bea:
            model.toggle(r)
    with qtbot.waitSignal(dialog.session_saved, timeout=5000):
        dialog.save()
    assert row_of(window, ada).last_contact == day  # type: ignore[union-attr]
    assert row_of(window, bea).last_contact is None  # type: ignore[union-attr]
    assert guard.calls == 0


def test_a_sync_apply_rereads_the_clients_it_changed(qtbot, window, ada, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    guard = NoReload(monkeypatch, window)
    assert window.session is not None and window.sync is not None
    # What a sync round does: write on its own connection, then report whom it changed.
    other = window.session.sibling()
    try:
        for name in ("Ada From-Office", "Ada Again"):
            repo = ClientRepository(other)
            repo.save(
                Client(ada, name, assigned_worker=window.session.user_id,
                       date_of_birth=dt.date(1990, 1, 1)),
                today=TODAY,
            )  # fmt: skip
            window.sync.sync_finished.emit(SyncReport(pulled=1, changed_clients={ada}))
            assert row_of(window, ada).preferred_name == name  # type: ignore[union-attr]
            assert found_by_search(window, name.split()[1]) == [name]
    finally:
        other.lock()
    assert guard.calls == 0


def test_a_new_client_is_listed_at_once_and_an_erased_one_goes(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    guard = NoReload(monkeypatch, window)
    p = page(window)
    opened: list[str] = []
    monkeypatch.setattr(window.workspace, "open_client", opened.append)
    p.client_opened.disconnect()
    p.client_opened.connect(opened.append)
    for name in ("Erin First", "Fay Second"):

        def run(self: NewClientDialog, name: str = name) -> QDialog.DialogCode:
            self.name.setText(name)
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(NewClientDialog, "exec", run)
        p.new_button.click()
        assert found_by_search(window, name) == [name]
    found_by_search(window, "")
    assert p.model.rowCount() == 7 and "7 clients" in p.summary.text()
    assert window.session is not None
    erase_client(window.session, opened[0])
    window.context().clients_changed([opened[0]])
    assert row_of(window, opened[0]) is None and p.model.rowCount() == 6
    assert guard.calls == 0


def test_closing_the_record_does_not_read_everyone_again(qtbot, window, ada, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    guard = NoReload(monkeypatch, window)
    for _ in range(2):
        rec = record(window, ada)
        rec.close_record()
        assert window.workspace is not None and window.workspace.record is None
    assert guard.calls == 0


def _row(name: str, state: State = State.PHASE_1) -> CaseloadRow:
    from tests.ui.caseload.test_caseload import row

    return row(name, state=state)


def test_put_rows_moves_adds_and_removes_in_sort_order_under_modeltester(
    qtbot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPersistentModelIndex, Qt

    from exitdoors_desktop.ui.caseload.model import NAME, CaseloadFilterProxy, CaseloadTableModel

    model = CaseloadTableModel(load_definitions().program)
    rows = [_row(n) for n in ("Ana", "Bea", "Cleo", "Dana", "Zoë")]
    model.set_rows(rows)
    proxy = CaseloadFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    cleo = QPersistentModelIndex(model.index(2, NAME))
    import dataclasses

    # Ana renamed Yara: she moves to the end; the others keep their rows and indexes.
    model.put_rows([dataclasses.replace(rows[0], preferred_name="Yara")])
    assert [r.preferred_name for r in model.rows()] == ["Bea", "Cleo", "Dana", "Yara", "Zoë"]
    assert cleo.row() == 1
    proxy.set_search("yara")
    assert proxy.rowCount() == 1
    proxy.set_search("")
    model.put_rows([_row("Eve")], gone=[rows[1].client_id])
    assert [r.preferred_name for r in model.rows()] == ["Cleo", "Dana", "Eve", "Yara", "Zoë"]
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    model.put_rows([dataclasses.replace(rows[4], preferred_name="Abi")])
    assert [r.preferred_name for r in model.rows()] == ["Yara", "Eve", "Dana", "Cleo", "Abi"]
    proxy.set_search("zo")
    assert proxy.rowCount() == 0
    qtmodeltester.check(proxy)


def test_a_load_read_before_a_write_does_not_undo_her_row(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.storage.caseload_query import caseload
    from exitdoors_desktop.ui.kit.context import AppContext

    program = load_definitions().program
    cid = new_id()
    ClientRepository(session).save(Client(cid, "Gia Before"), today=TODAY)
    pending: list[object] = []
    ctx = AppContext(session, load_definitions(), lambda: TODAY)
    p = CaseloadPage(ctx, pending.append)
    qtbot.addWidget(p)
    p.reload()
    stale = caseload(session, program, TODAY)  # what the background load read
    ClientRepository(session).save(Client(cid, "Gia After"), today=TODAY)
    p.refresh_clients([cid])
    pending.pop()(stale)  # ... delivered after the write
    assert p.model.row_at(p.model.row_of(cid)).preferred_name == "Gia After"
    # A load read after the write is taken as it is, and the next one too.
    p.reload()
    ClientRepository(session).save(Client(cid, "Gia Third"), today=TODAY)
    pending.pop()(caseload(session, program, TODAY))
    assert p.model.row_at(p.model.row_of(cid)).preferred_name == "Gia Third"


def test_a_retention_erasure_reports_whom_it_erased(qtbot, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.ui.kit.context import AppContext
    from exitdoors_desktop.ui.kit.tasks import TaskRunner
    from exitdoors_desktop.ui.shell.durability import DurabilityBox
    from tests.conftest import CHEAP, PASSPHRASE

    session, _ = Vault(vault_dir).create("alex", PASSPHRASE, kdf=CHEAP)
    ClientRepository(session).save(Client("c-old", "Test Old"))
    moves = TransitionRepository(session)
    moves.record("c-old", State.PHASE_1, Reason.ENROLLED, dt.date(2014, 1, 1))
    moves.record("c-old", State.CLOSED, Reason.MOVED, dt.date(2015, 1, 1))
    runner, worker = TaskRunner(), session.sibling()
    changed: list[list[str]] = []
    ctx = AppContext(session, load_definitions(), lambda: TODAY, runner=runner, worker=worker,
                     clients_changed=lambda ids: changed.append(list(ids)))  # fmt: skip
    try:
        box = DurabilityBox(ctx, runner, confirm=lambda n: True)
        qtbot.addWidget(box)
        box.erase_due.click()
        qtbot.waitUntil(lambda: bool(changed), timeout=10_000)
        assert changed == [["c-old"]]
    finally:
        runner.shutdown()
        worker.lock()
        session.lock()


def test_a_row_read_before_a_load_started_does_not_undo_that_load(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.storage.caseload_query import caseload
    from exitdoors_desktop.ui.kit.context import AppContext

    program = load_definitions().program
    cid = new_id()
    ClientRepository(session).save(Client(cid, "Hana One"), today=TODAY)
    pending: list[object] = []
    p = CaseloadPage(AppContext(session, load_definitions(), lambda: TODAY), pending.append)
    qtbot.addWidget(p)
    p.reload()
    pending.pop()(caseload(session, program, TODAY))
    ClientRepository(session).save(Client(cid, "Hana Two"), today=TODAY)
    p.refresh_clients([cid])  # her row, from the app's own write
    p.reload()  # e.g. after a sync that changed many clients, her among them
    ClientRepository(session).save(Client(cid, "Hana Three"), today=TODAY)
    pending.pop()(caseload(session, program, TODAY))
    assert p.model.row_at(p.model.row_of(cid)).preferred_name == "Hana Three"
