"""The background-task helper: results on the GUI thread, one worker thread, callbacks dropped
for a deleted parent or a cancelled token, Cancelled silent, errors worded by code."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from exitdoors_desktop.core.errors import Cancelled, Throttled, VaultCorrupt, WrongPassphrase
from exitdoors_desktop.ui.kit.tasks import TaskRunner, error_words, show_error


@pytest.fixture
def runner():  # type: ignore[no-untyped-def]
    r = TaskRunner()
    yield r
    r.shutdown()


def test_result_arrives_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[object, bool]] = []
    worker_threads: list[bool] = []

    def op() -> int:
        worker_threads.append(threading.current_thread() is threading.main_thread())
        return 42

    runner.run(
        op, lambda v: seen.append((v, threading.current_thread() is threading.main_thread()))
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [(42, True)]
    assert worker_threads == [False]


def test_one_job_at_a_time(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    running, peak, done = [0], [0], []
    lock = threading.Lock()

    def op() -> None:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        threading.Event().wait(0.02)
        with lock:
            running[0] -= 1

    for _ in range(4):
        runner.run(op, lambda _v: done.append(1))
    qtbot.waitUntil(lambda: len(done) == 4, timeout=5_000)
    assert peak == [1]


def test_failure_goes_to_on_failure(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def op() -> None:
        raise WrongPassphrase("no")

    runner.run(op, lambda _v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert isinstance(errors[0], WrongPassphrase)


def test_callbacks_dropped_when_parent_is_gone(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    parent = QWidget()
    seen: list[object] = []
    runner.run(lambda: release.wait(5), seen.append, seen.append, parent)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent), timeout=2_000)
    release.set()
    runner.shutdown()
    qtbot.wait(50)  # let the queued result arrive (and be dropped)
    assert seen == []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_cancelled_token_drops_results_and_cancelled_is_silent(
    qtbot, runner: TaskRunner, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(
        "exitdoors_desktop.ui.kit.tasks.QMessageBox.warning", lambda *a: shown.append(a[2])
    )
    release = threading.Event()
    seen: list[object] = []
    token = runner.run(lambda: release.wait(5), seen.append)
    token.cancel()
    release.set()

    def raises_cancelled() -> None:
        raise Cancelled("stop")

    runner.run(raises_cancelled, seen.append)  # no on_failure: would go to show_error
    runner.shutdown()
    qtbot.wait(50)
    assert seen == [] and shown == []


def test_op_can_check_its_token(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.ui.kit.tasks import CancelToken

    token = CancelToken()
    token.cancel()
    results: list[object] = []
    runner.run(lambda: token.check(), results.append, results.append, token=token)
    runner.shutdown()
    qtbot.wait(50)
    assert results == []


def test_errors_are_worded_by_code_not_message() -> None:
    assert "not right" in error_words(WrongPassphrase("secret detail"))
    assert "damaged" in error_words(VaultCorrupt("path /home/x"))
    assert "wait" in error_words(Throttled("x", 3))
    assert "Something went wrong" in error_words(ValueError("Client Name"))
    assert "Client Name" not in error_words(ValueError("Client Name"))


def test_show_error_is_silent_for_cancelled(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[object] = []
    monkeypatch.setattr(
        "exitdoors_desktop.ui.kit.tasks.QMessageBox.warning", lambda *a: shown.append(a)
    )
    show_error(None, Cancelled("x"))
    assert shown == []
