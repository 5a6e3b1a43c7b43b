"""Each of the five roles, logged in through the real unlock screen on a real vault: exactly
which pages, settings, record actions and clients she is shown (DOMAIN.md's role table).

The expectations are written out below as tables, not derived from core/permissions (the code
under test); the same matrix for the commands is in tests/cli/test_cli_durability.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State, current_state
from exitdoors_desktop.core.people import Client, ClientStatus, Role
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.groups.page import GroupsPage
from exitdoors_desktop.ui.record.transition import TransitionDialog
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import SettingsDialog
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)
PASS = {
    "alex": PASSPHRASE,  # admin (created the vault)
    "sue": "supervisor passphrase long",
    "carm": "case manager passphrase long",
    "ines": "intake worker passphrase long",
    "olive": "outreach worker passphrase long",
}
ROLE_USER = {
    Role.ADMIN: "alex",
    Role.SUPERVISOR: "sue",
    Role.CASE_MANAGER: "carm",
    Role.INTAKE: "ines",
    Role.OUTREACH: "olive",
}
# Clients: who each is assigned to, and who enrolled her.
#   Test Olive  — assigned to olive, enrolled by alex
#   Test Carm   — assigned to carm, enrolled by alex
#   Test Ines   — assigned to carm, enrolled by ines (the intake worker)
#   Test Nobody — assigned to no one, enrolled by alex
ALL = {"Test Olive", "Test Carm", "Test Ines", "Test Nobody"}
SEES = {
    Role.ADMIN: ALL,
    Role.SUPERVISOR: ALL,
    Role.CASE_MANAGER: {"Test Carm", "Test Ines"},
    Role.INTAKE: {"Test Ines"},
    Role.OUTREACH: {"Test Olive"},
}
PAGES = {
    Role.ADMIN: ["Caseload", "Outreach", "Partners", "Reports", "Groups"],
    Role.SUPERVISOR: ["Caseload", "Outreach", "Partners", "Reports", "Groups"],
    Role.CASE_MANAGER: ["Caseload", "Outreach", "Partners", "Groups"],
    Role.INTAKE: ["Caseload", "Partners", "Groups"],
    Role.OUTREACH: ["Caseload", "Outreach", "Partners", "Groups"],
}
# Settings: (Back up now enabled, Retention shown, Users shown with Add/Remove)
SETTINGS = {
    Role.ADMIN: (True, True, True),
    Role.SUPERVISOR: (False, True, False),
    Role.CASE_MANAGER: (False, False, False),
    Role.INTAKE: (False, False, False),
    Role.OUTREACH: (False, False, False),
}
# In a client's record she may see: which action buttons are shown.
ACTIONS = ("erase", "archive", "change_phase", "new_form", "edit_form", "write_plan", "new_referral",
           "record_consent", "add_reading")  # fmt: skip
RECORD = {
    Role.ADMIN: set(ACTIONS),
    Role.SUPERVISOR: set(ACTIONS),
    Role.CASE_MANAGER: set(ACTIONS) - {"erase"},  # archive yes (reversible), erase no
    Role.INTAKE: {"new_form", "edit_form", "record_consent"},
    Role.OUTREACH: set(),
}


@pytest.fixture(scope="module")
def matrix_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("roles") / "vault"
    vault = Vault(folder)
    admin, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    uid = {"alex": admin.user_id or ""}
    for role, name in ROLE_USER.items():
        if name != "alex":
            uid[name] = admin.add_user(name, PASS[name], role, kdf=CHEAP)
    ids: dict[str, str] = {}

    def enrol(session_name: str, name: str, worker: str | None) -> None:
        session = (
            admin if session_name == "alex" else vault.unlock(session_name, PASS[session_name])
        )
        client = Client(id=f"c-{name.split()[1].lower()}", preferred_name=name,
                        assigned_worker=uid[worker] if worker else None)  # fmt: skip
        ClientRepository(session).save(client, TODAY)
        TransitionRepository(session).record(client.id, State.PHASE_1, Reason.ENROLLED, TODAY)
        ids[name] = client.id
        if session is not admin:
            session.lock()

    enrol("alex", "Test Olive", "olive")
    enrol("alex", "Test Carm", "carm")
    enrol("ines", "Test Ines", "carm")
    enrol("alex", "Test Nobody", None)
    admin.lock()
    return folder, ids


@pytest.fixture
def login(qtbot, matrix_vault):  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def open_as(name: str) -> MainWindow:
        w = MainWindow(Vault(matrix_vault[0]), load_definitions(), kdf=CHEAP, today=lambda: TODAY)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        w.unlock_page.user.setCurrentText(name)
        qtbot.keyClicks(w.unlock_page.passphrase, PASS[name])
        with qtbot.waitSignal(w.unlocked, timeout=10_000):
            w.unlock_page.button.click()
        assert w.workspace is not None
        qtbot.waitUntil(lambda: w.workspace.caseload.model.rowCount() > 0, timeout=10_000)
        return w

    yield open_as
    for w in windows:
        w.lock()
        for r in (w.runner, w.sync_runner, w.verify_runner):
            r.shutdown()


def _views(folder: Path, client_id: str) -> int:
    s = Vault(folder).unlock("alex", PASSPHRASE)
    try:
        return int(s.conn.execute(
            "SELECT count(*) FROM audit WHERE action = 'view' AND row_id = ?", (client_id,)
        ).fetchone()[0])  # fmt: skip
    finally:
        s.lock()


def _shown_actions(w: MainWindow) -> set[str]:
    record = w.workspace.record if w.workspace else None
    assert record is not None
    forms = record.forms
    buttons = {
        "erase": record.header.erase_button,
        "archive": record.header.archive_button,
        "change_phase": record.header.change_phase,
        "new_form": forms.new_button,
        "write_plan": record.plan.write_button,
        "new_referral": record.referrals.new_button,
        "record_consent": record.consent.record_button,
        "add_reading": record.scales.add_button,
    }
    shown = {name for name, b in buttons.items() if not b.isHidden()}
    if not forms.editor.read_only:
        shown.add("edit_form")
    return shown


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_sees_and_may_do_exactly_its_list(  # type: ignore[no-untyped-def]
    qtbot, login, matrix_vault, monkeypatch, role: Role
) -> None:
    folder, ids = matrix_vault
    w = login(ROLE_USER[role])
    ws = w.workspace
    assert ws is not None
    # Pages in the navigation.
    assert [ws.nav.item(i).text() for i in range(ws.nav.count())] == PAGES[role]
    # The caseload lists exactly her clients, and search finds no one else.
    assert {r.preferred_name for r in ws.caseload.model.rows()} == SEES[role]
    ws.caseload.search.setText("Test")
    assert ws.caseload.proxy.rowCount() == len(SEES[role])
    ws.caseload.search.setText("Nobody")
    assert ws.caseload.proxy.rowCount() == (1 if "Test Nobody" in SEES[role] else 0)
    ws.caseload.search.clear()
    # The groups attendance checklist: her active clients only.
    groups = GroupsPage(w.context(), ws)
    assert {e.name for e in groups.choices().entries} == SEES[role]
    # A session already linked to all four (recorded by someone else): the others stay ticked
    # but unnamed.
    linked = [e.name for e in groups.choices(list(ids.values())).entries]
    hidden = "(a client not on your caseload)"
    assert set(linked) - {hidden} == SEES[role]
    assert linked.count(hidden) == len(ALL) - len(SEES[role])
    groups.deleteLater()
    # The outreach log's "linked to" list: her clients only.
    if "Outreach" in PAGES[role]:
        outreach = ws.page("Outreach")
        combo = outreach.client_combo  # type: ignore[attr-defined]
        linked = {combo.itemText(i) for i in range(1, combo.count())}
        assert linked == SEES[role]
    # Settings.
    dialog = SettingsDialog(w.context(), w.runner, CHEAP, w)
    box = dialog.durability
    backup, retention, users = SETTINGS[role]
    assert box.backup_now.isEnabled() is backup
    assert (not box.retention.isHidden()) is retention
    assert (not box.users_box.isHidden()) is users
    dialog.deleteLater()
    # Every client: the ones she sees open with exactly her actions; the others are refused
    # with a clear message and no view is audited.
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    for name, cid in ids.items():
        before = _views(folder, cid)
        ws.open_client(cid)
        if name in SEES[role]:
            assert ws.record is not None and ws.record.client_id == cid
            assert _shown_actions(w) == RECORD[role], name
            if "new_form" not in RECORD[role]:  # asked anyway (a shortcut, a signal): no-op
                ws.record.start_form("contact_note")
                ws.record.forms.editor.start_new(load_definitions().forms.latest("contact_note"))
                assert ws.record.forms.editor.save_button.isHidden()
            assert _views(folder, cid) == before + 1
            ws.close_client()
        else:
            assert ws.record is None
            assert warnings and "not on your caseload" in warnings[-1]
            assert _views(folder, cid) == before


def test_archive_is_reversible_and_is_not_erasure(qtbot, login, matrix_vault) -> None:  # type: ignore[no-untyped-def]
    folder, ids = matrix_vault
    cid = ids["Test Carm"]
    w = login("carm")
    assert w.workspace is not None
    w.workspace.open_client(cid)
    record = w.workspace.record
    assert record is not None and not record.header.archive_button.isHidden()

    def run(reason: Reason, date: dt.date):  # type: ignore[no-untyped-def]
        def go(dialog: TransitionDialog):  # type: ignore[no-untyped-def]
            index = dialog.reason_combo.findData(reason.value)
            dialog.reason_combo.setCurrentIndex(index)
            dialog.set_date(date)
            dialog.buttons.accepted.emit()
            return dialog.transition

        return go

    record.run_transition_dialog = run(Reason.MOVED, TODAY)
    record.header.archive_button.click()
    assert current_state(record.snapshot.history) is State.CLOSED
    assert record.header.archive_button.isHidden()  # already archived
    record.forms.editor.close_form()  # the closing note it offered: not needed here
    # Still in the notes, and back through Change phase… (re-enrol).
    kept = ClientRepository(w.session).get(cid, audit=False)
    assert kept.preferred_name == "Test Carm" and kept.status is ClientStatus.CLOSED
    groups = GroupsPage(w.context(), w.workspace)
    assert "Test Carm" not in {e.name for e in groups.choices().entries}  # active only
    record.run_transition_dialog = lambda d: (d.choose(State.PHASE_1), run(
        Reason.RE_ENROLLED, TODAY)(d))[1]  # fmt: skip
    record.header.change_phase.click()
    assert current_state(record.snapshot.history) is State.PHASE_1
    assert not record.header.archive_button.isHidden()
    back = ClientRepository(w.session).get(cid, audit=False)
    assert back.status is ClientStatus.ACTIVE
    assert "Test Carm" in {e.name for e in groups.choices().entries}
