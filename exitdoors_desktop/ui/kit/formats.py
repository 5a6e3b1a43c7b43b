"""Dates, numbers and money in the locale of the app's language (set with it:
fr_CA « 1 déc. 2026 », « 19 548,30 $ »; en_CA "1 Dec 2026", "$19,548.30").

Reports and their PDF use these. Record screens and the date input keep ISO dates (2026-12-01)
on purpose: notes are read across languages and the strict date input takes ISO. CSV files
keep ISO dates and plain numbers for the machines that read them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, QLocale

from exitdoors_desktop.ui.kit.i18n import LOCALES, current_language


def _locale() -> QLocale:
    """The locale of the app's language (never the machine's: a French laptop showing the
    English interface writes English money)."""
    return QLocale(LOCALES[current_language()])


def long_day(day: dt.date) -> str:
    return _locale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")


def money(value: str) -> str:
    """A money amount from the report's text; a mark ("<5", "—") or a blank stays as it is."""
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value
    return _locale().toCurrencyString(float(amount), "$", 2)


def number(value: int) -> str:
    return _locale().toString(value)


def decimal(value: float | Decimal, places: int = 1) -> str:
    """A decimal in the app's language: 5.1 in English, 5,1 in French."""
    return _locale().toString(float(value), "f", places)


def figure(text: str) -> str:
    """A report cell's text: a decimal number ("5.1") in the app's language; counts,
    percentages, ranges and marks ("<5", "—") stay as they are."""
    whole, dot, fraction = text.partition(".")
    if dot and whole.lstrip("-").isdigit() and fraction.isdigit():
        return decimal(Decimal(text), len(fraction))
    return text
