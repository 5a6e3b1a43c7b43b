"""The sync controller, status line and conflicts dialog with real vaults and a real server."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QPushButton

from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.ui.sync.view import (
    ConflictsDialog,
    ConflictsModel,
    SyncController,
    SyncStatusWidget,
)


class _Bridge(QObject):
    done = Signal(object, object)


class ThreadRunner:
    """A minimal runner for tests: a plain thread, results delivered by a queued signal."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self._bridge = _Bridge()
        self._bridge.done.connect(lambda cb, value: cb(value))

    def __call__(
        self,
        op: Callable[[], Any],
        ok: Callable[[Any], None],
        fail: Callable[[BaseException], None],
    ) -> None:
        def work() -> None:
            try:
                result = op()
            except BaseException as exc:  # noqa: BLE001 - handed to the callback
                self._bridge.done.emit(fail, exc)
            else:
                self._bridge.done.emit(ok, result)

        t = threading.Thread(target=work)
        t.start()
        self.threads.append(t)

    def join(self) -> None:
        for t in self.threads:
            t.join(timeout=60)


def test_background_round_updates_status_without_blocking(qtbot, team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    a.add_client("Test Ui Sample")
    a.add_client("Test Held Sample", share=False)
    runner = ThreadRunner()
    controller = SyncController(a.session, runner, interval_ms=60_000)
    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(controller.sync_finished, timeout=30_000) as blocker:
        controller.sync_now()
        assert controller.running  # returned at once: the round runs off the GUI thread
    report = blocker.args[0]
    assert report.pushed > 0 and report.held > 0
    assert "held back for consent" in widget.text()
    controller.stop()
    runner.join()


def test_offline_is_shown_and_lock_cancels(qtbot, team, office) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    office.stop()
    runner = ThreadRunner()
    controller = SyncController(a.session, runner, interval_ms=60_000)
    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(controller.sync_failed, timeout=60_000) as blocker:
        controller.sync_now()
    assert blocker.args == ["sync_network"]
    assert "Offline" in widget.text()
    controller.stop()
    controller.sync_now()  # after stop (lock) no round starts
    assert not controller.running
    runner.join()


def test_conflicts_dialog_restores_the_losing_value(qtbot, qtmodeltester, team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    cid = a.add_client("Test Conflict Sample")
    a.sync(), b.sync()
    for device, word in ((a, "from-a"), (b, "from-b")):
        repo = ClientRepository(device.session)
        client = repo.get(cid, audit=False)
        repo.save(dataclasses.replace(client, pronouns=word))
    a.sync(), b.sync(), a.sync()
    final = ClientRepository(a.session).get(cid, audit=False).pronouns
    dialog = ConflictsDialog(a.session if final == "from-b" else b.session)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() >= 1
    row = next(
        i for i in range(dialog.model.rowCount()) if dialog.model.conflict(i)["field"] == "pronouns"
    )
    assert dialog.model.headerData(3, Qt.Orientation.Horizontal) == "Value that lost"
    assert dialog.model.index(row, 1).data() == "client"
    # An unparented twin: the tester outlives the dialog that owns dialog.model.
    qtmodeltester.check(ConflictsModel(dialog._store), force_py=True)
    dialog.view.selectRow(row)
    loser = dialog.model.conflict(row)["losing_value"]
    assert {loser, final} == {"from-a", "from-b"}
    dialog.findChild(QPushButton, "useLosingButton").click()
    owner = a if final == "from-b" else b
    assert ClientRepository(owner.session).get(cid, audit=False).pronouns == loser
    assert all(
        dialog.model.conflict(i)["field"] != "pronouns" for i in range(dialog.model.rowCount())
    )


def test_first_run_wizard_joins_a_team_with_an_invite(qtbot, team, office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.storage.vault import Vault
    from exitdoors_desktop.sync import service
    from exitdoors_desktop.ui.kit.tasks import TaskRunner
    from exitdoors_desktop.ui.shell.first_run import FirstRunWizard, JoinDialog
    from tests.conftest import CHEAP, PASSPHRASE

    (a,) = team(1)
    cid = a.add_client("Test Wizard Sample")
    a.sync()
    config = service.load_config(a.session)
    assert config is not None
    invite = tmp_path / "invite.json"
    words = service.make_invite(a.session, office.token(), invite, memory_kib=8192,
                                iterations=1)  # fmt: skip
    runner = TaskRunner()
    wizard = FirstRunWizard(Vault(tmp_path / "new"), runner, CHEAP)
    qtbot.addWidget(wizard)
    wizard.show()
    dialog = JoinDialog(runner, wizard)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(invite))
    dialog.words.setText("wrong words")
    dialog._on_ok()
    qtbot.waitUntil(lambda: "passphrase" in dialog.message.text().lower(), timeout=15_000)
    assert dialog.invite is None
    dialog.words.setText(words)
    dialog._on_ok()
    qtbot.waitUntil(lambda: dialog.invite is not None, timeout=15_000)
    wizard.set_invite(dialog.invite)
    wizard.next()
    qtbot.keyClicks(wizard.secret.user, "bea")
    qtbot.keyClicks(wizard.secret.passphrase, PASSPHRASE)
    qtbot.keyClicks(wizard.secret.again, PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.joined is not None, timeout=30_000)
    assert wizard.joined is True and "joined" in wizard.recovery.join_status.text()
    session = wizard.session
    assert session is not None and service.load_config(session) is not None
    assert service.run_once(session).waiting  # until the inviting admin's laptop lets it in
    assert service.status(session).waiting_for == "laptop 1"
    a.sync()
    service.run_once(session)
    from exitdoors_desktop.storage.clients_repo import ClientRepository as Repo

    assert Repo(session).exists(cid)
    session.lock()
    runner.shutdown()


def test_status_line_says_unconfirmed_withdrawals_silent_admin_and_unbacked_claims(
    qtbot, team
) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.sync import service

    (a,) = team(1)
    controller = SyncController(a.session, ThreadRunner(), interval_ms=60_000)
    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    status = dataclasses.replace(
        service.status(a.session), unconfirmed_withdrawals=2, register_held_back=1,
        admin_silent_since="2026-04-01T09:00:00+00:00",
        unbacked_claims=(("laptop 2", "2026-04-03T10:00:00+00:00"),),
    )  # fmt: skip
    for _ in range(2):  # the second update shows the same, not twice as much
        controller.status_changed.emit(status)
        text = widget.text()
        assert text.count("2 withdrawal(s) not yet confirmed by the team") == 1
        assert "no word from a team admin since 2026-04-01" in text
        assert text.count("holding back team changes") == 1
        assert "laptop 2 signed that it holds more, not received here since 2026-04-03" in text
