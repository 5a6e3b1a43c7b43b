"""Shared fixtures: real vault folders with cheap (explicitly insecure) KDF costs, thread checks."""

from __future__ import annotations

import io
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Cheap Argon2id costs (below the 64 MiB / 3-pass floor) are refused unless this is set: the
# suite sets it for itself and for the processes it starts (they inherit the environment).
os.environ["EXITDOORS_INSECURE_TEST_KDF"] = "1"

from exitdoors_desktop.storage.secrets import KdfParams  # noqa: E402
from exitdoors_desktop.storage.vault import Session, Vault  # noqa: E402

PASSPHRASE = "violet lantern over quiet harbour"


def pytest_configure(config: pytest.Config) -> None:
    # PySide6 6.12 on CPython 3.11 drops a reference to None each time a model returns None
    # to Qt; long runs would abort with "deallocating None" (see ui/shell/main.py pin_none).
    from exitdoors_desktop.ui.shell.main import pin_none

    pin_none()


CHEAP = KdfParams.cheap_for_tests()


@pytest.fixture(autouse=True)
def _no_leftover_threads() -> Iterator[None]:
    """Fail any test that leaves a thread of its own running (servers, sync loops, workers)."""
    before = set(threading.enumerate())
    yield
    leftover = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and not t.daemon and t.name != "MainThread"
    ]
    for t in leftover:
        t.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"test left threads running: {still}"


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def session(vault_dir: Path) -> Iterator[Session]:
    vault = Vault(vault_dir)
    s, _recovery = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    yield s
    s.lock()


class Cli:
    """Runs `exitdoors` in-process with stdin lines; returns (exit code, stdout, stderr)."""

    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        from exitdoors_desktop.cli import main

        old = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            code = main(["--data-dir", str(self.data_dir), *args])
        except SystemExit as exc:  # argparse --help / --version
            code = int(exc.code or 0)
        finally:
            sys.stdin = old
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(vault_dir: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(vault_dir, capsys)
