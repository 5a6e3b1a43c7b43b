"""ReportsPage offscreen: the published figures on screen, charts, the cycle picker, cost
cycle entry, export with audit, and the staff-only caseload review."""

from __future__ import annotations

import datetime as dt
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.metrics.publish import View
from exitdoors_desktop.storage.audit import recent_events
from exitdoors_desktop.storage.report_data import load_cost_cycles
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.reports.page import ReportsPage
from tests.reports.cohort import specs, write_to_vault


@pytest.fixture
def page(qtbot, session):
    write_to_vault(session)
    ctx = AppContext(session, load_definitions(), lambda: dt.date(2023, 1, 15))
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.from_edit.set_date(dt.date(2017, 1, 1))
    page.to_edit.set_date(dt.date(2022, 12, 31))
    with qtbot.waitSignal(page.report_refreshed):
        page.refresh()
    return page


def cells(model):
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_every_scale_area_is_listed_or_said_why_not(page):
    """Issue 19: the progress table listed 6 of the 10 areas with no word about the rest."""
    from PySide6.QtWidgets import QLabel

    areas = [a.label.get("en") for a in page.ctx.definitions.default_scale.areas]
    listed = [r[0] for r in cells(page.models["progress"])]
    missing = [a for a in areas if a not in listed]
    assert listed and missing  # the cohort has readings of some areas only
    note = page.findChild(QLabel, "report_note_progress")
    assert note is not None and not note.isHidden()
    assert note.text().startswith("Not listed: " + ", ".join(missing) + ".")
    assert "two readings" in note.text()
    assert all(a in listed or a in note.text() for a in areas)


def test_published_figures_on_screen(page, qtmodeltester):
    reach = cells(page.models["reach"])
    assert reach[0] == ("Involved in sex work", "52", "95%")
    assert reach[-1] == ("Total", "55", "100%")
    outcome = dict((r[0], r[1:]) for r in cells(page.models["outcome"]))
    assert outcome["Not involved at all"] == ("19", "63%")
    progress = dict((r[0], r[1:]) for r in cells(page.models["progress"]))
    assert progress["Support networks"] == ("19", "30", "63%")
    assert progress["Money"] == ("17", "34", "50%")
    costs = cells(page.models["costs"])
    assert costs[0] == ("Cycle 1 (2018–19)", "30", "$586,449.10", "$19,548.30")
    qtmodeltester.check(page.models["reach"])
    qtmodeltester.check(page.models["costs"])
    qtmodeltester.check(page.review_model)
    bars = page.charts["outcome"].data().bars
    assert [(b.label, b.value) for b in bars][:2] == [
        ("Not involved at all", 63),
        ("Rarely involved", 37),
    ]
    assert page.findChild(type(page.charts["reach"]), "report_chart_reach") is not None


def test_cycle_picker_sets_the_period(page, qtbot):
    with qtbot.waitSignal(page.report_refreshed):
        page.cycle_combo.setCurrentIndex(1)
    assert page.period().start == dt.date(2018, 4, 1)
    assert page.report.reach.total == 30


def test_an_empty_or_impossible_date_is_said_and_nothing_is_counted(page, qtbot, monkeypatch):
    from exitdoors_desktop.ui.reports import page as report_page

    counted: list[object] = []
    monkeypatch.setattr(report_page, "_compute", lambda *a: counted.append(a))
    shown = page.report
    page.from_edit.line.setText("20260230")  # typed, as a person would: no such day
    page.refresh()
    assert "not a real date" in page.problem_label.text()
    assert page.problem_label.text().startswith("First day of the period:")
    page.from_edit.set_date(dt.date(2017, 1, 1))
    page.to_edit.set_date(None)
    qtbot.keyClick(page.to_edit.line, Qt.Key.Key_Return)  # Enter in a date field shows too
    assert page.problem_label.text() == (
        "Enter the last day of the period (year-month-day, e.g. 2026-03-05)."
    )
    page.to_edit.set_date(dt.date(2016, 12, 31))
    page.refresh()
    assert page.problem_label.text() == "The period ends before it starts."
    assert counted == [] and page.report is shown  # no count started, the last one kept
    assert page.from_edit.date() == dt.date(2017, 1, 1)


def test_cost_cycles_are_entered_and_checked(page, session):
    def fill(dialog, cost):
        dialog.add_row("Cycle 3", "2020-04-01", "2021-03-31", cost)
        return True

    page.run_cycles_dialog = lambda d: fill(d, "12,000.50")
    assert page.edit_cycles()
    assert [c.label for c in load_cost_cycles(session)][-1] == "Cycle 3"
    assert page.cycle_combo.count() == 4
    page.run_cycles_dialog = lambda d: fill(d, "a lot")
    assert not page.edit_cycles()
    assert len(load_cost_cycles(session)) == 3


def test_export_writes_a_private_file_and_an_audit_event(page, session, tmp_path):
    target = tmp_path / "from-screen.csv"
    page.choose_file = lambda fmt: target
    assert page.export("csv") == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "95%" in target.read_text(encoding="utf-8")
    [event] = [e for e in recent_events(session.conn, 50) if e.action == "export"]
    assert event.entity == "report" and event.detail.startswith("outcomes csv")
    page.choose_file = lambda fmt: None  # cancelled: nothing written, nothing audited
    assert page.export("pdf") is None
    assert len([e for e in recent_events(session.conn, 50) if e.action == "export"]) == 1


def test_caseload_review_is_staff_only_and_names_clients(page):
    banner = page.findChild(type(page.problem_label), "review_banner")
    assert "staff supervision only" in banner.text()
    names = {page.review_model.index(r, 1).data() for r in range(page.review_model.rowCount())}
    still_in = {s.name for s in specs() if s.i >= 46}  # the nine still in phase 2
    assert still_in <= names
    assert "9 in CTI" in page.review_summary.text()
    # Their phase is past its target by 2023: the review says so.
    row = next(
        r
        for r in range(page.review_model.rowCount())
        if page.review_model.index(r, 1).data() in still_in
    )
    assert "Phase overdue" in page.review_model.index(row, 4).data()


def test_counting_runs_on_the_worker_thread_and_keeps_the_newest_answer(
    qtbot, session, monkeypatch
):
    """With the window's runner and worker connection the page counts off the GUI thread,
    shows that it is counting, and an older request's answer never replaces a newer one."""
    import threading

    from exitdoors_desktop.ui.kit.tasks import TaskRunner
    from exitdoors_desktop.ui.reports import page as report_page

    write_to_vault(session)
    worker = session.sibling()
    runner = TaskRunner()
    gate = threading.Event()
    threads: list[str] = []
    real = report_page.build_report

    def slow_build(s, definitions, period, today, view):
        threads.append(threading.current_thread().name)
        assert s is worker  # never the GUI thread's connection
        gate.wait(10)
        return real(s, definitions, period, today, view)

    monkeypatch.setattr(report_page, "build_report", slow_build)
    ctx = AppContext(session, load_definitions(), lambda: dt.date(2023, 1, 15),
                     runner=runner, worker=worker)  # fmt: skip
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.from_edit.set_date(dt.date(2017, 1, 1))
    page.to_edit.set_date(dt.date(2017, 12, 31))
    page.refresh()  # older request: 2017 only
    assert page.problem_label.text() == "Counting…"
    assert page.report is None
    page.to_edit.set_date(dt.date(2022, 12, 31))
    with qtbot.waitSignal(page.report_refreshed, timeout=20_000):
        page.refresh()  # newer request: the whole span
        gate.set()
    qtbot.wait(200)  # let any late answer from the older request arrive (it must be dropped)
    runner.shutdown()
    assert threading.main_thread().name not in threads and len(threads) == 2
    assert page.report is not None and page.report.period.end == dt.date(2022, 12, 31)
    assert page.problem_label.text() == ""
    assert cells(page.models["reach"])[-1] == ("Total", "55", "100%")
    worker.lock()


def test_a_failed_count_says_so_and_loses_nothing(qtbot, session, monkeypatch):
    from exitdoors_desktop.core.errors import VaultLocked
    from exitdoors_desktop.ui.reports import page as report_page

    write_to_vault(session)
    shown: list[str] = []
    monkeypatch.setattr(
        "exitdoors_desktop.ui.reports.page.show_error", lambda _p, e: shown.append(e.code)
    )

    def locked(*_a):
        raise VaultLocked("locked")

    monkeypatch.setattr(report_page, "build_report", locked)
    page = ReportsPage(AppContext(session, load_definitions(), lambda: dt.date(2023, 1, 15)))
    qtbot.addWidget(page)
    page.refresh()
    assert shown == ["vault_locked"]
    assert page.problem_label.text() == "The figures could not be counted."
    assert page.report is None


def test_funder_view_is_labelled_with_a_legend_and_shows_the_headline_as_a_range(page):
    assert page.view() is View.FUNDER
    assert "Funder view — de-identified" in page.view_banner.text()
    assert page.legend.isVisibleTo(page)
    for mark in ("<5", "x:", "50–53"):
        assert mark in page.legend.text()
    coverage = dict((r[0], r[1:]) for r in cells(page.models["follow_up_coverage"]))
    assert coverage["With follow-up data"] == ("30–33", "88–97%")
    model = page.models["follow_up_coverage"]
    assert "range" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "small count" in model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    # A protected headline is drawn as a range, not an empty box.
    bars = {b.label: b for b in page.charts["fidelity"].data().bars}
    within = bars["Graduated within the target time"]
    assert (within.value, within.high) == (88, 97)


def test_staff_view_shows_exact_counts_and_says_so(page, qtbot, tmp_path):
    with qtbot.waitSignal(page.report_refreshed):
        page.view_combo.setCurrentIndex(page.view_combo.findData("staff"))
    assert page.view() is View.STAFF
    assert "Staff view — exact counts" in page.view_banner.text()
    assert not page.legend.isVisibleTo(page)
    coverage = dict((r[0], r[1:]) for r in cells(page.models["follow_up_coverage"]))
    assert coverage == {
        "With follow-up data": ("30", "88%"),
        "No follow-up data (not reached or not done)": ("4", "12%"),
        "Total": ("34", "100%"),
    }
    target = tmp_path / "staff.csv"
    page.choose_file = lambda fmt: target
    assert page.export("csv") == target
    assert "Staff view — exact counts" in target.read_text(encoding="utf-8")


def test_roles_that_do_not_supervise_get_only_the_funder_view(qtbot, session):
    from exitdoors_desktop.core.people import Role
    from exitdoors_desktop.storage.vault import Vault
    from tests.conftest import CHEAP, PASSPHRASE

    session.add_user("sam", PASSPHRASE + " outreach", Role.OUTREACH, kdf=CHEAP)
    outreach = Vault(session.vault.data_dir).unlock("sam", PASSPHRASE + " outreach")
    try:
        page = ReportsPage(AppContext(outreach, load_definitions(), lambda: dt.date(2023, 1, 15)))
        qtbot.addWidget(page)
        assert [page.view_combo.itemData(i) for i in range(page.view_combo.count())] == ["funder"]
    finally:
        outreach.lock()


def test_no_column_header_is_clipped(page, qtbot):
    page.resize(1366 - 180, 700)
    page.show()
    qtbot.waitExposed(page)
    for table_id in ("flow_days", "time_to_graduation", "costs", "progress"):
        view = page.findChild(QTableView, f"report_table_{table_id}")
        page.tabs.setCurrentWidget(page.tabs.widget(1 if table_id != "progress" else 0))
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        for col in range(1, view.model().columnCount()):
            text = view.model().headerData(col, Qt.Orientation.Horizontal)
            assert header.sectionSize(col) >= metrics.horizontalAdvance(text), (table_id, text)


def test_a_range_is_drawn_as_a_bar_and_a_band_not_an_empty_box(qtbot):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from exitdoors_desktop.ui.reports.charts import (
        BAR_COLOR,
        RANGE_COLOR,
        Bar,
        ChartData,
        paint_bars,
    )

    def colours(bar):
        img = QImage(600, 120, QImage.Format.Format_RGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        paint_bars(p, QRectF(0, 0, 600, 120), ChartData("t", (bar,)), QFont("DejaVu Sans"))
        p.end()
        return {img.pixelColor(x, y).name() for x in range(600) for y in range(0, 120, 3)}

    ranged = colours(Bar("Graduated", 88, "88–97% (30–33)", 97))
    assert BAR_COLOR.name() in ranged and RANGE_COLOR.name() in ranged
    withheld = colours(Bar("Graduated", None, "x"))
    assert BAR_COLOR.name() not in withheld and RANGE_COLOR.name() not in withheld


def test_group_work_has_its_own_tab_with_worded_tables_and_a_sessions_chart(
    qtbot, session, qtmodeltester
):
    from tests.reports.test_group_report import _seed

    _seed(session)
    page = ReportsPage(AppContext(session, load_definitions(), lambda: dt.date(2026, 7, 15)))
    qtbot.addWidget(page)
    page.from_edit.set_date(dt.date(2026, 1, 1))
    page.to_edit.set_date(dt.date(2026, 6, 30))
    with qtbot.waitSignal(page.report_refreshed):
        page.refresh()
    titles = [page.tabs.tabText(i).replace("&", "") for i in range(page.tabs.count())]
    assert titles[2] == "Group work"
    tab = page.tabs.widget(2)
    for table_id in ("group_sessions_by_type", "group_attendances", "group_series_completion"):
        assert tab.findChild(QTableView, f"report_table_{table_id}") is not None, table_id
    by_type = dict((r[0], r[1:]) for r in cells(page.models["group_sessions_by_type"]))
    assert by_type["Skills training"] == ("9",)
    assert page.models["group_sessions_by_type"].headerData(1, Qt.Orientation.Horizontal) == (
        "Sessions"
    )
    attendances = cells(page.models["group_attendances"])
    assert attendances == [
        ("By enrolled clients (linked to their records)", "43", "78%"),
        ("By others (anonymous, counted only)", "12", "22%"),
        ("Total", "55", "100%"),
    ]
    completion = dict((r[0], r[1:]) for r in cells(page.models["group_series_completion"]))
    assert completion["Skills training"] == ("<5", "6", "")  # the funder view, by default
    qtmodeltester.check(page.models["group_sessions_by_month"])
    chart = page.charts["group_sessions_by_month"].data()
    assert [(b.label, b.value) for b in chart.bars] == [
        ("January 2026", 5),
        ("February 2026", 5),
        ("March 2026", 1),
        ("April 2026", 1),
        ("June 2026", 1),
    ]
    assert chart.maximum == 8  # a count axis: 0, 2, 4, 6, 8
    with qtbot.waitSignal(page.report_refreshed):
        page.view_combo.setCurrentIndex(page.view_combo.findData("staff"))
    completion = dict((r[0], r[1:]) for r in cells(page.models["group_series_completion"]))
    assert completion["Skills training"] == ("4", "6", "67%")


def test_a_count_chart_draws_on_its_own_axis(qtbot):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from exitdoors_desktop.ui.reports.charts import BAR_COLOR, Bar, ChartData, paint_bars

    def bar_length(value, maximum):
        img = QImage(600, 120, QImage.Format.Format_RGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        # The same text beside every bar: the room left for the bar is the same.
        data = ChartData("t", (Bar("January 2026", value, "999"),), maximum=maximum)
        paint_bars(p, QRectF(0, 0, 600, 120), data, QFont("DejaVu Sans"))
        p.end()
        return max(
            sum(img.pixelColor(x, y).name() == BAR_COLOR.name() for x in range(600))
            for y in range(120)
        )

    # 5 of an 8 axis is 5/8 of the width a full bar takes; 50 on a percent axis would be half.
    full = bar_length(8, 8)
    assert abs(bar_length(5, 8) - full * 5 / 8) <= 2
    assert abs(bar_length(50, None) - full / 2) <= 2


def test_every_chart_has_a_text_alternative_and_can_give_way_to_its_table(page, qtbot):
    """A screen reader hears each chart's figures (its accessible description names every bar
    and its value); unticking "Charts" leaves the tables, which hold the same figures."""
    assert page.charts
    page.show()
    for table_id, chart in page.charts.items():
        data = chart.data()
        description = chart.accessibleDescription()
        assert chart.accessibleName() == data.title
        for bar in data.bars:
            assert f"{bar.label}: {bar.text}" in description
        assert page.findChild(QTableView, f"report_table_{table_id}") is not None
        assert not chart.isHidden()  # (charts on other tabs are not visible, yet not hidden)
    page.charts_shown.setChecked(False)
    assert all(c.isHidden() for c in page.charts.values())
    assert not page.findChild(QTableView, "report_table_reach").isHidden()
    page.charts_shown.setChecked(True)
    assert not any(c.isHidden() for c in page.charts.values())


def test_from_and_to_access_keys_put_the_cursor_in_the_dates(page, qtbot):
    """Issue 19 walk: Alt+F / Alt+T did nothing — the labels' buddy was the whole date input,
    which takes no focus itself; the buddy must be its text field."""
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=1000)
    page.view_combo.setFocus()
    qtbot.keyClick(page.view_combo, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.focusWidget() is page.from_edit.line, timeout=1000)
    qtbot.keyClick(page.from_edit.line, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.focusWidget() is page.to_edit.line, timeout=1000)
