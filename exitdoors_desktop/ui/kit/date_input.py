"""The one date input of the app: typed text parsed strictly, empty until something is entered.

A QDateEdit silently turns 2026-02-30 into 2026-02-03, steps through its sections on Tab and
always holds some date (often today). This input holds text: a date is taken only when the
text is a real date in ISO (2026-02-28, 20260228) or the locale's short format with a
four-digit year; anything else is refused with a sentence, never corrected. Empty means
"not given". A calendar button (or Alt+Down) picks a date with the mouse.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from exitdoors_desktop.ui.kit.i18n import tr

ERROR_COLOR = "#b3261e"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")

# Codes returned by parse_date_text and DateInput.problem(); the form validator uses the same
# "bad_date" and "date_in_future" codes, so a form shows one sentence for each.
BAD_DATE = "bad_date"
INCOMPLETE_DATE = "incomplete_date"
DATE_IN_FUTURE = "date_in_future"
DATE_TOO_EARLY = "date_too_early"


def to_qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def _real(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def locale_date_format(locale: QLocale | None = None) -> str:
    """The locale's short date format, always with a four-digit year (no guessing centuries)."""
    fmt = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def parse_date_text(text: str, locale: QLocale | None = None) -> tuple[dt.date | None, str | None]:
    """(date, None) for a real date, (None, None) for empty, (None, code) otherwise.

    Strict: ISO year-month-day, the same as eight digits, or the locale's short format with a
    four-digit year. An impossible day (2026-02-30) is BAD_DATE; text that may still become a
    date as typing goes on (2026-02) is INCOMPLETE_DATE.
    """
    raw = text.strip()
    if not raw:
        return None, None
    for pattern in (_ISO, _COMPACT):
        m = pattern.fullmatch(raw)
        if m:
            day = _real(*m.groups())
            return (day, None) if day is not None else (None, BAD_DATE)
    fmt = locale_date_format(locale)
    q = QDate.fromString(raw, fmt)
    if q.isValid() and q.toString(fmt) == raw or q.isValid() and _same_digits(raw, q, fmt):
        return from_qdate(q), None
    if re.fullmatch(r"\d{0,8}|\d{4}-\d{0,2}(-\d{0,1})?|\d{4}-\d{1,2}-", raw):
        return None, INCOMPLETE_DATE
    return None, BAD_DATE


def _same_digits(raw: str, q: QDate, fmt: str) -> bool:
    """A locale date typed without leading zeros (1/5/2027) still matches its own numbers."""
    nums = [int(n) for n in re.findall(r"\d+", raw)]
    shown = [int(n) for n in re.findall(r"\d+", q.toString(fmt))]
    return bool(nums) and nums == shown


class _DateLine(QLineEdit):
    """Selects the whole date whenever it gets focus, so retyping replaces it entirely."""

    calendar_requested = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # After the mouse press has placed the cursor; a queued call wins over it.
        QTimer.singleShot(0, self, self.selectAll)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if (alt_down or event.key() == Qt.Key.Key_F4) and not self.isReadOnly():
            self.calendar_requested.emit()
            return
        super().keyPressEvent(event)


class DateInput(QWidget):
    """``date()`` is the date entered or None; ``problem()`` says why typed text is no date.

    ``latest`` (usually today) refuses later dates, as what happened cannot be in the future.
    ``date_changed`` fires whenever date() or problem() may have changed.
    """

    date_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        latest: dt.date | None = None,
        earliest: dt.date | None = None,
        show_message: bool = True,
    ) -> None:
        super().__init__(parent)
        self._latest = latest
        self._earliest = earliest
        self._show_message = show_message
        self.line = _DateLine(self)
        self.line.setPlaceholderText(tr("not given (yyyy-mm-dd)"))
        self.line.setToolTip(
            tr(
                "Type the date as year-month-day (2026-03-05) or {example}; leave empty if not given."
            ).format(example=QDate(2026, 3, 5).toString(locale_date_format()))
        )
        self.line.setClearButtonEnabled(True)
        self.line.setMinimumWidth(
            self.line.fontMetrics().horizontalAdvance("not given (yyyy-mm-dd)") + 36
        )
        self.line.setMaximumWidth(self.line.minimumWidth() + 60)
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setAccessibleName(tr("Choose the date from a calendar"))
        self.button.setToolTip(tr("Choose from a calendar (Alt+Down)"))
        # Out of the Tab chain: Alt+Down in the text opens the same calendar.
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setProperty("keyboardAlternative", "Alt+Down")
        self.message = QLabel(self)
        self.message.setObjectName("date_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.hide()
        # Its own timer (deleted with the field): the dialog makes room once the message shows.
        self._room_timer = QTimer(self)
        self._room_timer.setSingleShot(True)
        self._room_timer.setInterval(0)
        self._room_timer.timeout.connect(self._make_room)
        # (height before, height set) when the message made the dialog taller: once the
        # message goes the dialog shrinks back, unless she has resized it meanwhile.
        self._grown: tuple[int, int] | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line)
        row.addWidget(self.button)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addLayout(row)
        outer.addWidget(self.message)
        self.setFocusProxy(self.line)
        self.line.textChanged.connect(self._on_line_text_changed)
        self.line.editingFinished.connect(self._on_line_editing_finished)
        self.line.calendar_requested.connect(self.open_calendar)
        self.button.clicked.connect(self.open_calendar)
        self._menu: QMenu | None = None
        self.calendar: QCalendarWidget | None = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._name_from_label()

    def _name_from_label(self) -> None:
        """A screen reader names the text field: the label whose buddy is this input (a form
        row's label is the buddy of the whole input, not of its field) gives the name."""
        if self.line.accessibleName():
            return
        for label in self.window().findChildren(QLabel):
            if label.buddy() in (self, self.line):
                text = re.sub(r"<[^>]+>", "", label.text()).replace("&&", "\0")
                text = text.replace("&", "").replace("\0", "&").strip(" *:")
                self.line.setAccessibleName(text)
                return

    # -- value ---------------------------------------------------------------------------

    def date(self) -> dt.date | None:
        day, code = parse_date_text(self.line.text())
        return day if code is None and self._range_problem(day) is None else None

    def is_empty(self) -> bool:
        return not self.line.text().strip()

    def problem(self) -> str | None:
        """A code when there is text that is not an acceptable date, else None."""
        day, code = parse_date_text(self.line.text())
        return code or self._range_problem(day)

    def problem_text(self) -> str | None:
        code = self.problem()
        return None if code is None else self._sentence(code)

    def set_date(self, value: dt.date | None) -> None:
        self.line.setText(value.isoformat() if value else "")
        self._update_message(final=True)

    def clear(self) -> None:
        self.set_date(None)

    def set_latest(self, latest: dt.date | None) -> None:
        self._latest = latest
        self._update_message(final=False)

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.line.setClearButtonEnabled(not read_only)
        self.button.setEnabled(not read_only)

    def isReadOnly(self) -> bool:  # noqa: N802 - reads like the Qt widgets it stands beside
        return self.line.isReadOnly()

    # -- calendar ------------------------------------------------------------------------

    def open_calendar(self) -> None:
        if self.line.isReadOnly() or not self.isEnabled():
            return
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setObjectName("date_calendar")
        calendar.setGridVisible(True)
        if self._latest is not None:
            calendar.setMaximumDate(to_qdate(self._latest))
        if self._earliest is not None:
            calendar.setMinimumDate(to_qdate(self._earliest))
        current = self.date()
        if current is not None:
            calendar.setSelectedDate(to_qdate(current))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        calendar.activated.connect(lambda q: self._on_calendar_picked(menu, q))
        calendar.clicked.connect(lambda q: self._on_calendar_picked(menu, q))
        self._menu, self.calendar = menu, calendar
        menu.aboutToHide.connect(self._on_menu_about_to_hide)
        menu.popup(self.line.mapToGlobal(QPoint(0, self.line.height())))
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _on_calendar_picked(self, menu: QMenu, q: QDate) -> None:
        self.line.setText(from_qdate(q).isoformat())
        self._update_message(final=True)
        menu.close()
        self.line.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_menu_about_to_hide(self) -> None:
        self._menu, self.calendar = None, None

    # -- messages ------------------------------------------------------------------------

    def _range_problem(self, day: dt.date | None) -> str | None:
        if day is None:
            return None
        if self._latest is not None and day > self._latest:
            return DATE_IN_FUTURE
        if self._earliest is not None and day < self._earliest:
            return DATE_TOO_EARLY
        return None

    def _sentence(self, code: str) -> str:
        if code == BAD_DATE:
            return tr("“{text}” is not a real date: type year-month-day, e.g. 2026-03-05.").format(
                text=self.line.text().strip()
            )
        if code == INCOMPLETE_DATE:
            return tr("This date is not complete: type year-month-day, e.g. 2026-03-05.")
        if code == DATE_IN_FUTURE:
            return tr("This date is after today: enter the day it happened.")
        return tr("This date is too early.")

    def _on_line_text_changed(self, _text: str) -> None:
        self._update_message(final=False)
        self.date_changed.emit()

    def _on_line_editing_finished(self) -> None:
        day = self.date()
        if day is not None and self.line.text() != day.isoformat():
            self.line.setText(day.isoformat())  # one display format everywhere
        self._update_message(final=True)

    def _update_message(self, *, final: bool) -> None:
        code = self.problem()
        # While typing, an incomplete date is not yet wrong; say so only once she moves on.
        if code is None or (code == INCOMPLETE_DATE and not final):
            shown = self.message.isVisibleTo(self)
            self.message.clear()
            self.message.hide()
            self.line.setAccessibleDescription("")
            if shown and self._grown is not None:
                self._room_timer.start()  # give the room back
            return
        text = self._sentence(code)
        self.line.setAccessibleDescription(text)
        if self._show_message:
            self.message.setText(text)
            self.message.show()
            self._room_timer.start()

    def _make_room(self) -> None:
        """A dialog grows to show the message whole, within the screen, and shrinks back once
        it goes: a window whose layout has wrapping text does not grow by itself, so the
        message was cut or the date field squashed. It grows by what its layout needs, not
        to its size hint: in a scrolled dialog (Add a reading) the size hint is the whole
        content, and at 1024×600 OK and Cancel went below the screen's edge."""
        window = self.window()
        if not isinstance(window, QDialog) or not window.isVisible() or window.layout() is None:
            return
        layout = window.layout()
        assert layout is not None
        layout.activate()
        if not self.message.isVisibleTo(window):
            if self._grown is not None:
                before, grown_to = self._grown
                self._grown = None
                if window.height() == grown_to:
                    window.resize(window.width(), max(before, window.minimumHeight()))
            return
        width = window.width()
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        need = max(need, layout.totalMinimumSize().height())
        screen = window.screen()
        room = None
        if screen is not None:
            room = screen.availableGeometry()
            frame = max(window.frameGeometry().height() - window.height(), 0)
            need = min(need, room.height() - frame)
        if window.height() >= need:
            return
        if self._grown is None:
            self._grown = (window.height(), need)
        else:
            self._grown = (self._grown[0], need)
        window.resize(width, need)
        if room is not None and window.frameGeometry().bottom() > room.bottom():
            # Taller now: lift it so its buttons stay on the screen.
            top = max(room.top(), room.bottom() - window.frameGeometry().height() + 1)
            window.move(window.frameGeometry().left(), top)


__all__ = [
    "BAD_DATE",
    "DATE_IN_FUTURE",
    "DATE_TOO_EARLY",
    "INCOMPLETE_DATE",
    "DateInput",
    "from_qdate",
    "locale_date_format",
    "parse_date_text",
    "to_qdate",
]
