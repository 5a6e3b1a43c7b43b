"""No two controls on screen share an access key (Alt+letter), in English and in French: the
main window on each page, the record on each tab, and each dialog (issue 19: Alt+A belonged
to both Archive… and Add reading…, Alt+O to both Lock and Cycles and costs…)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import State
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.caseload.view import NewClientDialog
from exitdoors_desktop.ui.groups.editor import SessionEditorDialog
from exitdoors_desktop.ui.groups.page import GroupsPage
from exitdoors_desktop.ui.groups.series import SeriesDialog
from exitdoors_desktop.ui.kit.i18n import use_language
from exitdoors_desktop.ui.partners.page import PartnerDialog
from exitdoors_desktop.ui.record.erase import EraseDialog
from exitdoors_desktop.ui.record.tabs.scales import AddReadingDialog
from exitdoors_desktop.ui.record.transition import TransitionDialog
from exitdoors_desktop.ui.reports.cycles import CostCyclesDialog
from exitdoors_desktop.ui.shell.durability import RestoreDialog
from exitdoors_desktop.ui.shell.first_run import JoinDialog
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import SettingsDialog, ShellSettings, save_settings
from exitdoors_desktop.ui.shell.unlock import RecoveryDialog
from exitdoors_desktop.ui.shell.users import AddUserDialog
from exitdoors_desktop.ui.sync.view import ConflictsDialog
from tests.conftest import CHEAP, PASSPHRASE
from tests.ui.access_keys import shared_access_keys
from tests.ui.i18n.conftest import compiled_qm
from tests.ui.shell.conftest import TODAY, long_vault  # noqa: F401  (a fixture)


@pytest.fixture(params=["en", "fr"])
def window(qtbot, long_vault, request) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]  # noqa: F811
    compiled_qm()
    defs = load_definitions()
    session = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
    save_settings(session, defs.program, ShellSettings(15, "Notes", request.param))
    session.lock()
    w = MainWindow(Vault(long_vault[0]), defs, kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    w.resize(1366, 768)
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        w.unlock_page.button.click()
    try:
        yield w
    finally:
        w.lock()
        w.runner.shutdown()
        w.sync_runner.shutdown()
        w.verify_runner.shutdown()
        use_language("en")
        s = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
        save_settings(s, defs.program, ShellSettings(15, "Notes", "en"))
        s.lock()


def test_each_page_has_its_own_access_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    shared = {}
    for row in range(ws.nav.count()):
        ws.nav.setCurrentRow(row)
        qtbot.wait(10)
        if found := shared_access_keys(window):
            shared[ws.nav.item(row).text()] = found
    assert shared == {}


def test_each_record_tab_has_its_own_access_keys(qtbot, window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ws = window.workspace
    assert ws is not None
    ws.open_client(long_vault[1])
    record = ws.record
    assert record is not None
    shared = {}
    for index in range(record.tabs.count()):
        record.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        if found := shared_access_keys(window):
            shared[record.tabs.tabText(index)] = found
    assert shared == {}


def _dialogs(window: MainWindow, cid: str) -> list[QDialog]:
    ws = window.workspace
    assert ws is not None and window.session is not None
    ctx = ws.ctx
    ws.open_client(cid)
    record = ws.record
    assert record is not None
    move = TransitionDialog(ctx, record.store, record.snapshot.history, window)
    move.choose(State.CLOSED)
    groups = ws.page(ws.nav.item(4).text())
    assert isinstance(groups, GroupsPage)
    return [
        NewClientDialog(window, TODAY),
        move,
        AddReadingDialog(ctx.definitions.default_scale, TODAY, ctx.language, None, window),
        SettingsDialog(window.context(), window.runner, CHEAP, window),
        EraseDialog(ctx, cid, window),
        AddUserDialog(["alex"], window),
        JoinDialog(window.runner, window),
        RestoreDialog(window.vault, window.runner, window),
        RecoveryDialog(window.vault, window.runner, CHEAP, ["alex"], window),
        ConflictsDialog(window.session, window),
        PartnerDialog(ctx.definitions, ctx.language, None, window),
        CostCyclesDialog([], window),
        SeriesDialog(ctx, window),
        SessionEditorDialog(ctx, groups.choices(), None, (), window),
    ]


def test_each_dialog_has_its_own_access_keys(qtbot, window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    shared = {}
    for dialog in _dialogs(window, long_vault[1]):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if found := shared_access_keys(dialog):
            shared[dialog.objectName()] = found
        dialog.close()
    assert shared == {}
