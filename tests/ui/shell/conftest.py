"""A vault holding one client with a very long name, and the window unlocked on it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.conftest import CHEAP, PASSPHRASE

LONG_NAME = "Anne-Sophie Bérénice Lefèbvre-Beauchesne de Saint-Jean-sur-Richelieu"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def long_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("layout") / "vault"
    session, _ = Vault(folder).create("alex", PASSPHRASE, kdf=CHEAP)
    cid = str(uuid.uuid4())
    ClientRepository(session).save(
        Client(id=cid, preferred_name=LONG_NAME, pronouns="elle/she", languages=("Français",))
    )
    TransitionRepository(session).record(
        cid, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=3)
    )
    session.lock()
    return folder, cid


@pytest.fixture
def window(qtbot, long_vault: tuple[Path, str]) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(Vault(long_vault[0]), load_definitions(), kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        w.unlock_page.button.click()
    yield w
    w.lock()
    w.runner.shutdown()
    w.sync_runner.shutdown()
    w.verify_runner.shutdown()
