"""Lock, quick exit and remote wipe end an unlocked vault the same way: through the window's
SessionScope, leaving no connection open and every key copy zeroed (worker busy or not)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.transport import RevokedError
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.session_scope import SessionScope
from exitdoors_desktop.ui.sync.view import SyncController
from tests.conftest import CHEAP, PASSPHRASE


@pytest.fixture
def window(qtbot, vault_dir: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    vault = Vault(vault_dir)
    session, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    ClientRepository(session).save(Client(id=str(uuid.uuid4()), preferred_name="Test Ida"))
    session.lock()
    w = MainWindow(vault, load_definitions(), kdf=CHEAP)
    qtbot.addWidget(w)
    w.show()
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        w.unlock_page.button.click()
    qtbot.waitUntil(lambda: w.scope is not None and w.scope.verifier is not None, timeout=10_000)
    yield w
    w.lock()
    for runner in (w.runner, w.sync_runner, w.verify_runner):
        runner.shutdown()


def _keys(scope: SessionScope) -> list[bytearray]:
    keys = scope.key_copies()
    assert len(keys) >= 2 and all(any(k) for k in keys)  # real keys, held while unlocked
    return keys


def _all_closed(qtbot, scope: SessionScope, keys: list[bytearray]) -> None:  # type: ignore[no-untyped-def]
    # A connection busy on its task thread is closed there, after its job: wait for it.
    qtbot.waitUntil(lambda: not scope.open_sessions() and not scope.key_copies(), timeout=5_000)
    assert scope.closed
    assert scope.key_copies() == []
    assert all(not any(k) for k in keys), "a key copy was left unzeroed"
    assert all(not s.is_open for s in scope.sessions())


def test_lock_closes_every_connection_and_zeroes_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    scope = window.scope
    assert scope is not None
    assert {id(s) for s in scope.sessions()} >= {id(scope.session), id(scope.worker)}
    keys = _keys(scope)
    window.lock()
    assert window.scope is None and window.closed_scope is scope
    _all_closed(qtbot, scope, keys)


def test_quick_exit_with_a_busy_worker_still_closes_everything(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    scope = window.scope
    assert scope is not None
    keys = _keys(scope)
    release = threading.Event()
    window.runner.run(lambda: release.wait(5), lambda _r: None)  # the worker thread is busy
    window.quick_exit.trigger()
    assert not scope.session.is_open  # the window's own connection: at once
    release.set()
    _all_closed(qtbot, scope, keys)  # the worker's: on its thread, after the job


def test_remote_wipe_closes_every_connection_including_the_worker(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    scope = window.scope
    assert scope is not None and window.sync is not None
    keys = _keys(scope)
    opened: list[Session] = []
    sync_keys: list[bytearray] = []
    real_open = scope.open_sync_connection

    def tracked() -> Session:
        conn = real_open()
        opened.append(conn)
        sync_keys.append(conn._key)  # type: ignore[arg-type]  # noqa: SLF001
        return conn

    def revoked(_worker: Session, **_kwargs: object) -> None:
        raise RevokedError("revoked", wipe=True)

    monkeypatch.setattr(window.sync, "_open_connection", tracked)
    monkeypatch.setattr(SyncController, "configured", lambda self: True)
    monkeypatch.setattr(service, "run_once", revoked)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.scope is None, timeout=10_000)
    assert window.closed_scope is scope
    assert opened, "the sync round took its connection from the scope"
    _all_closed(qtbot, scope, keys + sync_keys)
    assert not scope.session.vault.exists()  # erased


def test_a_closed_scope_opens_nothing_more(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    scope = window.scope
    assert scope is not None
    window.lock()
    assert scope.open_verifier() is None
    from exitdoors_desktop.core.errors import Cancelled

    with pytest.raises(Cancelled):
        scope.open_sync_connection()
    scope.close()  # twice is fine
