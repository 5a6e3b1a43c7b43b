"""Settings → Team with real vaults, a real office server and the real task runner (offscreen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.people import Role
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.engine import RemovedFromTeam
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.tasks import TaskRunner
from exitdoors_desktop.ui.shell.settings_dialog import SettingsDialog
from exitdoors_desktop.ui.sync.team import TeamBox, TeamModel, load_team
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


def _ctx(session: Session, runner: TaskRunner) -> AppContext:
    worker = session.sibling()
    return AppContext(session, load_definitions(), lambda: TODAY, runner=runner, worker=worker)


def _open(qtbot, ctx: AppContext, **kw) -> TeamBox:  # type: ignore[no-untyped-def]
    box = TeamBox(ctx, **kw)
    qtbot.addWidget(box)
    qtbot.waitUntil(lambda: box.epoch.text() != "" or box.waiting.text() != "", timeout=15_000)
    return box


def _row_of(box: TeamBox, device: str) -> int:
    return next(i for i in range(box.model.rowCount()) if box.model.device(i).device == device)


def test_admin_sees_the_team_and_removes_a_laptop(qtbot, qtmodeltester, team, runner) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    b.sync()
    me = service.load_config(a.session)
    other = service.load_config(b.session)
    assert me is not None and other is not None
    asked: list[tuple[str, bool]] = []
    box = _open(qtbot, _ctx(a.session, runner),
                confirm=lambda name, wipe: asked.append((name, wipe)) or True)  # fmt: skip
    before = service.team_info(a.session).epoch
    assert box.epoch.text() == f"Team key: number {before}"
    assert box.model.rowCount() == 2
    assert box.model.headerData(1, Qt.Orientation.Horizontal) == "Added by"
    mine, theirs = _row_of(box, me.device_id), _row_of(box, other.device_id)
    assert box.model.index(mine, 0).data().endswith("(this laptop)")
    assert box.model.index(mine, 1).data() == "created the team"
    assert box.model.index(mine, 3).data() == "Admin"
    # b was added by a: the table names the adder by its neutral name, not an id.
    assert box.model.index(theirs, 1).data() == box.model.device(mine).name
    assert box.model.index(theirs, 4).data() == ""
    assert box.model.index(theirs, 2).data()[:4].isdigit()
    model = TeamModel()
    model.show(box.snapshot)
    qtmodeltester.check(model, force_py=True)

    assert not box.remove.isHidden()
    box.view.selectRow(mine)
    assert not box.remove.isEnabled()  # never this laptop
    box.view.selectRow(theirs)
    assert box.remove.isEnabled()
    with qtbot.waitSignal(box.removed, timeout=30_000) as blocker:
        box.remove.click()
        assert not box.remove.isEnabled()  # running in the background
    assert blocker.args == [other.device_id]
    assert asked == [(box.model.device(theirs).name, False)]
    assert box.model.index(_row_of(box, other.device_id), 4).data() == "removed"
    assert box.epoch.text() == f"Team key: number {before + 1}"
    assert "new key" in box.message.text()
    # The same service the CLI uses saw it; b learns at its next round that it is out.
    info = service.team_info(a.session)
    assert info.epoch == before + 1
    assert not next(d for d in info.devices if d.device == other.device_id).current
    with pytest.raises(RemovedFromTeam):  # told by the admin-signed event, exit code 10
        b.sync()
    seen_by_b = service.team_info(b.session)
    assert not next(d for d in seen_by_b.devices if d.device == other.device_id).current


def test_declined_confirmation_removes_nothing(qtbot, team, runner) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    other = service.load_config(b.session)
    assert other is not None
    box = _open(qtbot, _ctx(a.session, runner), confirm=lambda _name, _wipe: False)
    before = service.team_info(a.session).epoch
    box.view.selectRow(_row_of(box, other.device_id))
    box.remove.click()
    qtbot.wait(200)
    assert not runner.busy()
    info = service.team_info(a.session)
    assert info.epoch == before
    assert all(d.current for d in info.devices)


def test_office_unreachable_while_removing_is_said_and_nothing_changes(  # type: ignore[no-untyped-def]
    qtbot, team, office, runner
) -> None:
    a, b = team(2)
    other = service.load_config(b.session)
    assert other is not None
    box = _open(qtbot, _ctx(a.session, runner), confirm=lambda _name, _wipe: True)
    before = service.team_info(a.session).epoch
    box.view.selectRow(_row_of(box, other.device_id))
    office.stop()
    box.remove.click()
    qtbot.waitUntil(lambda: "cannot be reached" in box.message.text(), timeout=60_000)
    assert box.remove.isEnabled()  # she can try again later
    info = service.team_info(a.session)
    assert info.epoch == before and all(d.current for d in info.devices)


def test_a_pending_laptop_waits_then_a_member_sees_no_remove(qtbot, team, runner) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    box = _open(qtbot, _ctx(b.session, runner))
    assert box.snapshot.info is None
    assert box.waiting.text().startswith("Waiting for ")
    assert "let this laptop in" in box.waiting.text()
    assert box.model.rowCount() == 0 and box.remove.isHidden()
    b.sync()
    box.reload()
    qtbot.waitUntil(lambda: box.model.rowCount() == 2, timeout=15_000)
    assert box.waiting.isHidden()
    assert box.remove.isHidden() and box.wipe.isHidden()  # b joined as a member, not an admin
    assert load_team(b.session).this_laptop_is_admin is False


def test_the_app_role_gates_remove_even_on_the_admin_laptop(qtbot, team, runner) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    a.session.add_user("vol", "volunteer passphrase long", Role.OUTREACH, kdf=CHEAP)
    vol = a.vault.unlock("vol", "volunteer passphrase long")
    try:
        box = _open(qtbot, _ctx(vol, runner))
        assert box.model.rowCount() == 1
        assert box.remove.isHidden()
    finally:
        runner.shutdown()
        vol.lock()


def test_settings_has_team_only_when_sync_is_set_up(qtbot, team, runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.storage.vault import Vault

    (a,) = team(1)
    dialog = SettingsDialog(_ctx(a.session, runner), runner, CHEAP)
    qtbot.addWidget(dialog)
    assert dialog.team is not None
    qtbot.waitUntil(lambda: dialog.team is not None and dialog.team.model.rowCount() == 1,
                    timeout=15_000)  # fmt: skip
    plain, _ = Vault(tmp_path / "plain").create("sam", PASSPHRASE, kdf=CHEAP)
    try:
        alone = SettingsDialog(_ctx(plain, runner), runner, CHEAP)
        qtbot.addWidget(alone)
        assert alone.team is None
    finally:
        runner.shutdown()
        plain.lock()


def test_an_admin_names_a_laptop_and_sees_when_it_last_synced(qtbot, team, runner) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    b.sync()
    a.sync()  # the office's last-seen times come with the round
    other = service.load_config(b.session)
    assert other is not None
    names = iter(["Front desk laptop", "Outreach van"])
    box = _open(qtbot, _ctx(a.session, runner), ask_name=lambda _current: next(names))
    theirs = _row_of(box, other.device_id)
    assert box.model.headerData(5, Qt.Orientation.Horizontal) == "Last synced"
    assert box.model.index(theirs, 5).data()[:4].isdigit()
    for expected in ("Front desk laptop", "Outreach van"):  # twice in a row
        box.view.selectRow(_row_of(box, other.device_id))
        with qtbot.waitSignal(box.loaded, timeout=15_000):
            box.rename.click()
        assert box.model.index(_row_of(box, other.device_id), 0).data() == expected
    # The CLI listing shows the same name: kept on this laptop only.
    assert {d.device: d.name for d in service.team_info(a.session).devices}[
        other.device_id
    ] == "Outreach van"
    assert service.team_info(b.session).devices[1].name != "Outreach van"
