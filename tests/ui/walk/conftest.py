"""The walk's fixtures: the shell's vault with one long-named client, and one unlocked window
per language and text size (module-scoped: both screen sizes and every screen share it)."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.i18n import use_language
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import ShellSettings, load_settings, save_settings
from tests.conftest import CHEAP, PASSPHRASE
from tests.ui.i18n.conftest import compiled_qm
from tests.ui.shell.conftest import LONG_NAME, TODAY, window  # noqa: F401  (a fixture)

SETTINGS = [("en", 100), ("en", 150), ("fr", 100), ("fr", 150)]
SAFE_CONTACT = (
    "Text only, after 6 pm, from a withheld number. Use the code word 'library'; never leave a "
    "voicemail, her partner checks the phone (synthetic)."
)


@pytest.fixture(scope="module")
def long_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One client whose header is as full as it gets: a very long name, pronouns, a long
    safe-contact note, in phase 2 (the longest phase line, with its day count and next contact)."""
    folder = tmp_path_factory.mktemp("walk") / "vault"
    session, _ = Vault(folder).create("alex", PASSPHRASE, kdf=CHEAP)
    cid = str(uuid.uuid4())
    ClientRepository(session).save(
        Client(id=cid, preferred_name=LONG_NAME, pronouns="elle/she", languages=("Français",),
               safe_contact_notes=SAFE_CONTACT)
    )  # fmt: skip
    moves = TransitionRepository(session)
    moves.record(cid, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=90))
    moves.record(cid, State.PHASE_1, Reason.GOALS_MET, TODAY - dt.timedelta(days=80))
    moves.record(cid, State.PHASE_2, Reason.GOALS_MET, TODAY - dt.timedelta(days=20))
    session.lock()
    return folder, cid


@pytest.fixture(scope="module", params=SETTINGS, ids=[f"{lang}-{pct}" for lang, pct in SETTINGS])
def walk_window(qapp, long_vault, request) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]  # noqa: F811
    language, percent = request.param
    compiled_qm()
    defs = load_definitions()
    s = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
    before = load_settings(s, defs.program)
    save_settings(s, defs.program, ShellSettings(15, "Notes", language, text_percent=percent))
    s.lock()
    w = MainWindow(Vault(long_vault[0]), defs, kdf=CHEAP, today=lambda: TODAY)
    w.show()
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    w.unlock_page.button.click()
    deadline = time.monotonic() + 15
    while w.workspace is None and time.monotonic() < deadline:
        QTest.qWait(20)
    assert w.workspace is not None, "the window did not unlock"
    w.walk_setting = (language, percent)  # type: ignore[attr-defined]
    try:
        yield w
    finally:
        w.lock()
        w.runner.shutdown()
        w.sync_runner.shutdown()
        w.verify_runner.shutdown()
        w.close()
        w.deleteLater()
        use_language("en")
        s = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
        save_settings(s, defs.program, before)
        s.lock()
