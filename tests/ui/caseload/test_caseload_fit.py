"""The caseload on a small laptop in French at 150 % text (issue 19): her name is readable
(about twenty characters of a long hyphenated French name, the rest elided in the middle with
the whole name in the tooltip and the accessible text), the attention column shows its first
flag's word rather than "+1", and the columns of least use give way first — "Dernier contact"
is back on a 1366×768 screen."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.demo import seed_demo
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.caseload.delegates import FlagChipsDelegate
from exitdoors_desktop.ui.caseload.model import FLAGS, FLAGS_ROLE, LAST, NAME, flag_words
from exitdoors_desktop.ui.kit.columns import CELL_PAD
from exitdoors_desktop.ui.kit.i18n import use_language
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import ShellSettings, save_settings
from tests.conftest import CHEAP, PASSPHRASE
from tests.ui.i18n.conftest import compiled_qm

TODAY = dt.date(2026, 6, 1)
HYPHENATED = "Marie-Ève Essai-Fictive"  # as long as "Marie-Ève Tremblay-Côté" (synthetic)
VERY_LONG = "Anne-Sophie Bérénice Lefèbvre-Beauchesne de Saint-Jean-sur-Richelieu"  # synthetic
SHOTS = os.environ.get("EXITDOORS_TEST_SHOTS")  # a folder: the test saves what it saw there


@pytest.fixture(scope="module")
def fit_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo clients (every phase, flags, contacts) and two hyphenated names, graduated (the
    longest phase word, "Parcours terminé") and with consent missing (the longest flag)."""
    folder = tmp_path_factory.mktemp("fit") / "vault"
    session, _ = Vault(folder).create("alex", PASSPHRASE, kdf=CHEAP)
    seed_demo(session, 24, seed=11, today=TODAY)
    for name in (HYPHENATED, VERY_LONG):
        cid = str(uuid.uuid4())
        ClientRepository(session).save(
            Client(id=cid, preferred_name=name, pronouns="elle", assigned_worker=session.user_id),
            TODAY - dt.timedelta(days=400),
        )
        moves = TransitionRepository(session)
        moves.record(cid, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=400))
    session.lock()
    return folder


@pytest.fixture(scope="module")
def fr150(qapp, fit_vault: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    compiled_qm()
    defs = load_definitions()
    s = Vault(fit_vault).unlock("alex", PASSPHRASE)
    save_settings(s, defs.program, ShellSettings(15, "Notes", "fr", text_percent=150))
    s.lock()
    w = MainWindow(Vault(fit_vault), defs, kdf=CHEAP, today=lambda: TODAY)
    w.show()
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    w.unlock_page.button.click()
    deadline = time.monotonic() + 15
    while (w.workspace is None or not w.workspace.caseload.model.rowCount()) and (
        time.monotonic() < deadline
    ):
        QTest.qWait(20)
    assert w.workspace is not None, "the window did not unlock"
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


def _settle(w: MainWindow, width: int, height: int) -> QTableView:
    w.resize(width, height)
    for _ in range(20):
        QTest.qWait(5)
        if w.width() == width and w.height() == height:
            break
    QApplication.processEvents()
    QTest.qWait(20)
    ws = w.workspace
    assert ws is not None
    ws.nav.setCurrentRow(0)
    return ws.caseload.table


def _row_of(table: QTableView, name: str) -> int:
    model = table.model()
    for row in range(model.rowCount()):
        if str(model.index(row, NAME).data()).startswith(name):
            return row
    raise AssertionError(f"{name} is not listed")


@pytest.mark.parametrize(("width", "height"), [(1024, 600), (1366, 768)], ids=["1024", "1366"])
def test_names_and_first_flags_are_readable_in_french_at_150(
    fr150: MainWindow, width: int, height: int
) -> None:
    table = _settle(fr150, width, height)
    if SHOTS:
        fr150.grab().save(str(Path(SHOTS) / f"caseload_fr_150_{width}.png"))
    model = table.model()
    metrics = table.fontMetrics()
    problems = []
    # Her name: at least twenty characters of "Marie-Ève Essai-Fictive".
    need = metrics.horizontalAdvance(HYPHENATED[:20]) + CELL_PAD
    if table.columnWidth(NAME) < need:
        problems.append(f"name column {table.columnWidth(NAME)} px < {need} for {HYPHENATED!r}")
    # A name longer than that: elided in the middle, the whole in the tooltip and accessibly.
    row = _row_of(table, VERY_LONG)
    index = model.index(row, NAME)
    assert VERY_LONG in str(index.data(Qt.ItemDataRole.ToolTipRole))
    assert VERY_LONG in str(index.data(Qt.ItemDataRole.AccessibleTextRole))
    # Every row's first flag shows its word whole, never only "+1"; the others are counted.
    delegate = table.itemDelegateForColumn(FLAGS)
    assert isinstance(delegate, FlagChipsDelegate)
    first = max(0, table.rowAt(0))
    for r in range(first, min(model.rowCount(), first + 12)):
        flags = model.index(r, FLAGS).data(FLAGS_ROLE) or ()
        if not flags:
            continue
        shown = delegate.chips(table.font(), flags, table.columnWidth(FLAGS))
        chips = [t for t in shown if not t.startswith("+")]
        counted = [f"+{len(flags) - len(chips)}"] if len(chips) < len(flags) else []
        if shown[:1] != [flag_words(flags[0])] or shown[len(chips) :] != counted:
            problems.append(f"row {r}: flags {flags} show {shown}")
    # Nothing beyond the table's right edge.
    used = sum(table.columnWidth(c) for c in range(model.columnCount())
               if not table.isColumnHidden(c))  # fmt: skip
    if used > table.viewport().width() + 1:
        problems.append(f"columns take {used} px of {table.viewport().width()}")
    if width >= 1366 and table.isColumnHidden(LAST):
        problems.append("'Dernier contact' hidden at 1366×768")
    assert problems == [], f"{width}×{height}: " + "; ".join(problems)
