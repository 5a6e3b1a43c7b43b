"""A failed count on the Reports page must fail its test, not hang it.

The page words a failed count with show_error, a modal QMessageBox: offscreen nobody closes it,
and pytest-timeout's default (signal) method cannot interrupt Qt's own event loop, so a
``waitSignal(page.report_refreshed)`` around such a refresh waits forever. A test that means to
fail a count replaces show_error itself (monkeypatch, after this fixture)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_modal_error_box(monkeypatch):
    def fail(_parent, exc):
        pytest.fail(f"the Reports page would show an error box: {exc!r}")

    monkeypatch.setattr("exitdoors_desktop.ui.reports.page.show_error", fail)
