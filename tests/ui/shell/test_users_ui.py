"""Settings → Users → Add user… (admin only): the command line's passphrase rules, the same
storage call as `vault adduser`, and the new user unlocks with her role (real vault files)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.people import Role
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.tasks import TaskRunner
from exitdoors_desktop.ui.shell.durability import DurabilityBox
from exitdoors_desktop.ui.shell.users import AddUserDialog
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)
NEW = "a fresh passphrase for nadia"


@pytest.fixture
def runner():  # type: ignore[no-untyped-def]
    r = TaskRunner()
    yield r
    r.shutdown()


def _fill(dialog: AddUserDialog, name: str, role: Role, first: str, again: str) -> bool:
    dialog.name.setText(name)
    dialog.role.setCurrentIndex(dialog.role.findData(role.value))
    dialog.passphrase.setText(first)
    dialog.again.setText(again)
    dialog.try_accept()
    return dialog.result() == AddUserDialog.DialogCode.Accepted


@pytest.mark.parametrize(
    ("name", "first", "again", "words"),
    [
        ("", NEW, NEW, "Give the new user a name"),
        ("ALEX", NEW, NEW, "already exists"),
        ("nadia", NEW, NEW + "x", "differ"),
        ("nadia", "short", "short", "Too short: 5 of 12 characters."),
        ("nadia", "password12345", "password12345", "This one is too common."),
        ("nadia", "", "", "Too short: 0 of 12 characters."),
    ],
)
def test_add_user_dialog_refuses_bad_input_with_a_reason(qtbot, name, first, again, words) -> None:  # type: ignore[no-untyped-def]
    dialog = AddUserDialog(["alex"])
    qtbot.addWidget(dialog)
    assert not _fill(dialog, name, Role.OUTREACH, first, again)
    assert words in dialog.message.text()


def test_admin_adds_a_user_who_then_unlocks_with_her_role(qtbot, vault_dir: Path, runner) -> None:  # type: ignore[no-untyped-def]
    vault = Vault(vault_dir)
    session, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    worker = session.sibling()
    ctx = AppContext(session, load_definitions(), lambda: TODAY, runner=runner, worker=worker)
    box = DurabilityBox(ctx, runner)
    qtbot.addWidget(box)
    assert not box.add_user.isHidden() and not box.users_box.isHidden()
    box.run_add_dialog = lambda d: _fill(d, "nadia", Role.INTAKE, NEW, NEW)
    box.add_user.click()
    qtbot.waitUntil(lambda: box.users.count() == 2, timeout=10_000)
    assert "nadia" in box.users_message.text()
    assert ("nadia", "intake") in vault.users()
    shown = sorted(box.users.item(i).text() for i in range(box.users.count()))
    assert shown == ["alex — Administrator", "nadia — Intake worker"]  # names, not codes
    actions = [r[0] for r in session.conn.execute("SELECT action FROM audit")]
    assert "user_added" in actions
    worker.lock()
    session.lock()
    nadia = vault.unlock("nadia", NEW)
    assert nadia.role == "intake"
    # She is not an admin: no Users box, and the call itself is refused.
    ctx2 = AppContext(nadia, load_definitions(), lambda: TODAY)
    box2 = DurabilityBox(ctx2, runner)
    qtbot.addWidget(box2)
    assert box2.users_box.isHidden()
    with pytest.raises(Exception, match="may not manage users"):
        box2.add_user_named("eve", Role.ADMIN, "another fine passphrase here")
    nadia.lock()


def test_add_user_says_what_the_first_run_wizard_says_as_she_types(qtbot) -> None:  # type: ignore[no-untyped-def]
    """One rule and one set of words: the wizard's live hint, word for word."""
    from exitdoors_desktop.ui.shell.first_run import PassphrasePage

    dialog = AddUserDialog(["alex"])
    page = PassphrasePage()
    qtbot.addWidget(dialog)
    qtbot.addWidget(page)
    for first, again in (("short", ""), ("password12345", ""), (NEW, NEW + "x"),
                         ("kettle orbit", "kettle orbit"), (NEW, NEW)):  # fmt: skip
        for widget in (dialog, page):
            widget.passphrase.setText(first)
            widget.again.setText(again)
        assert dialog.hint.text() == page.hint.text() != "", first
        assert dialog.hint.property("tone") == page.hint.property("tone")
    dialog.name.setText("nadia")
    dialog.passphrase.setText("kettle orbit")
    dialog.again.setText("kettle orbit")
    assert dialog.problem() is None and page.isComplete() is False  # the page needs a name
    page.user.setText("nadia")
    page.passphrase.setText("short")
    page.again.setText("short")
    dialog.passphrase.setText("short")
    dialog.again.setText("short")
    assert not page.isComplete() and dialog.problem() == page.hint.text()
