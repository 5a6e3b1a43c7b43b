"""The one date input: strict parsing, impossible dates refused with a sentence, partial typing,
whole-date selection on focus (Shift+Tab then retype replaces it), empty means not given."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from exitdoors_desktop.ui.kit.date_input import (
    BAD_DATE,
    DATE_IN_FUTURE,
    INCOMPLETE_DATE,
    DateInput,
    parse_date_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, None)),
        ("   ", (None, None)),
        ("2026-02-28", (dt.date(2026, 2, 28), None)),
        ("20260228", (dt.date(2026, 2, 28), None)),
        ("2024-02-29", (dt.date(2024, 2, 29), None)),
        ("20260230", (None, BAD_DATE)),
        ("2026-02-30", (None, BAD_DATE)),
        ("2025-02-29", (None, BAD_DATE)),
        ("2026-13-01", (None, BAD_DATE)),
        ("2026-00-10", (None, BAD_DATE)),
        ("2026", (None, INCOMPLETE_DATE)),
        ("2026-02", (None, INCOMPLETE_DATE)),
        ("2026-02-", (None, INCOMPLETE_DATE)),
        ("2026022", (None, INCOMPLETE_DATE)),
        ("202602281", (None, BAD_DATE)),
        ("yesterday", (None, BAD_DATE)),
        ("26-02-28", (None, BAD_DATE)),
    ],
)
def test_parse_is_strict(text: str, expected: tuple[dt.date | None, str | None]) -> None:
    assert (
        parse_date_text(text, QLocale(QLocale.Language.English, QLocale.Country.Canada)) == expected
    )


def test_locale_short_format_with_a_four_digit_year() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert parse_date_text("1/15/2027", us) == (dt.date(2027, 1, 15), None)
    assert parse_date_text("2/30/2027", us)[1] == BAD_DATE
    # A two-digit year would be a guess at the century (a birth date!): refused.
    assert parse_date_text("1/15/27", us) == (None, BAD_DATE)
    fr = QLocale(QLocale.Language.French, QLocale.Country.France)
    assert parse_date_text("15/01/2027", fr) == (dt.date(2027, 1, 15), None)
    assert parse_date_text("31/04/2027", fr)[1] == BAD_DATE


@pytest.fixture
def box(qtbot):  # type: ignore[no-untyped-def]
    """A date input between two line edits, shown, so focus moves for real."""
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    before = QLineEdit(host)  # created in reading order: that is the Tab order
    date = DateInput(host, latest=dt.date(2026, 12, 1))
    after = QLineEdit(host)
    layout.addWidget(before)
    layout.addWidget(date)
    layout.addWidget(after)
    host.show()
    qtbot.waitExposed(host)
    return host, before, date, after


def _focus(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    widget.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=1000)


def test_empty_until_entered_and_empty_is_not_given(box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, _after = box
    assert date.date() is None
    assert date.is_empty()
    assert date.problem() is None
    assert date.line.text() == ""
    assert "not given" in date.line.placeholderText()


def test_impossible_date_refused_with_a_message(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, after = box
    _focus(qtbot, date.line)
    qtbot.keyClicks(date.line, "20260230")
    assert date.date() is None
    assert date.problem() == BAD_DATE
    qtbot.keyClick(date.line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is after, timeout=1000)
    assert date.message.isVisible()
    assert "20260230" in date.message.text() and "not a real date" in date.message.text()
    # Nothing was "corrected" into another day behind her back.
    assert date.line.text() == "20260230"


def test_partial_typing_takes_no_date_and_speaks_only_when_leaving(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, after = box
    _focus(qtbot, date.line)
    qtbot.keyClicks(date.line, "2026-0")
    assert date.date() is None
    assert date.problem() == INCOMPLETE_DATE
    assert not date.message.isVisible()  # not wrong yet: she is still typing
    qtbot.keyClick(date.line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is after, timeout=1000)
    assert date.message.isVisible() and "not complete" in date.message.text()


def test_compact_typing_is_shown_back_in_iso(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, after = box
    _focus(qtbot, date.line)
    qtbot.keyClicks(date.line, "20260115")
    qtbot.keyClick(date.line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is after, timeout=1000)
    assert date.date() == dt.date(2026, 1, 15)
    assert date.line.text() == "2026-01-15"
    assert not date.message.isVisible()


def test_shift_tab_back_then_retype_replaces_the_whole_date(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, after = box
    date.set_date(dt.date(2026, 2, 20))
    _focus(qtbot, after)
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is date.line, timeout=1000)
    qtbot.waitUntil(lambda: date.line.selectedText() == "2026-02-20", timeout=1000)
    qtbot.keyClicks(date.line, "20261115")
    assert date.date() == dt.date(2026, 11, 15)


def test_click_selects_the_whole_date_too(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, _after = box
    date.set_date(dt.date(2026, 2, 20))
    qtbot.mouseClick(date.line, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: date.line.selectedText() == "2026-02-20", timeout=1000)


def test_a_date_after_latest_is_refused(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, _after = box
    _focus(qtbot, date.line)
    qtbot.keyClicks(date.line, "2026-12-02")
    assert date.date() is None
    assert date.problem() == DATE_IN_FUTURE
    assert date.message.isVisible() and "after today" in date.message.text()


def test_tab_passes_through_in_one_press(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    _host, before, date, after = box
    _focus(qtbot, before)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is date.line, timeout=1000)
    qtbot.keyClick(date.line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is after, timeout=1000)


def test_calendar_picks_a_date_and_never_proposes_a_later_one(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, _after = box
    _focus(qtbot, date.line)
    qtbot.keyClick(date.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: date.calendar is not None, timeout=1000)
    calendar = date.calendar
    assert calendar is not None
    assert calendar.maximumDate().toPython() == dt.date(2026, 12, 1)
    assert date.date() is None  # opening the calendar does not fill anything in
    from PySide6.QtCore import QDate

    calendar.clicked.emit(QDate(2026, 3, 5))
    assert date.date() == dt.date(2026, 3, 5)
    assert date.line.text() == "2026-03-05"


def test_clearing_gives_not_given_and_read_only_refuses_calendar(box) -> None:  # type: ignore[no-untyped-def]
    _host, _before, date, _after = box
    date.set_date(dt.date(2026, 3, 5))
    date.clear()
    assert date.date() is None and date.is_empty() and date.problem() is None
    date.set_read_only(True)
    assert date.line.isReadOnly() and not date.button.isEnabled()
    date.open_calendar()
    assert date.calendar is None
