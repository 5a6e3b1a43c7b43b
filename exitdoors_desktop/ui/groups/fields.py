"""Small pieces the group screens share: the one date input (swap it here for kit's strict
date input when that lands) and the words for group codes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from exitdoors_desktop.core.groups import GroupSettings, Place
from exitdoors_desktop.ui.kit.i18n import tr

# -- dates: the one spot -----------------------------------------------------------------------
# Every date the group screens take goes through these two functions. They use QDateEdit as the
# rest of the app does today; when ui/kit has its strict date input, change only this block.


class _DateEdit(QDateEdit):
    """Tab leaves the field (QDateEdit's Tab walks year, month, day first: three presses per
    date slow down a keyboard-only entry). Left/Right still move between the parts."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)


def date_input(
    parent: QWidget, name: str, value: dt.date, latest: dt.date | None = None
) -> QDateEdit:
    edit = _DateEdit(QDate(value.year, value.month, value.day), parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if latest is not None:
        edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))
    return edit


def date_value(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


def set_date_value(edit: QDateEdit, value: dt.date) -> None:
    edit.setDate(QDate(value.year, value.month, value.day))


# -- words -------------------------------------------------------------------------------------


def type_label(settings: GroupSettings, type_id: str, language: str) -> str:
    """The program's label for a group type in the current language (the code if unknown)."""
    gtype = settings.type(type_id)
    return gtype.label.get(language) if gtype is not None else type_id


def place_name(place: Place) -> str:
    return {
        Place.COMMUNITY: tr("In the community"),
        Place.OFFICE: tr("At the office"),
        Place.ONLINE: tr("Online"),
    }[place]


def minutes(n: int | None) -> str:
    return tr("{n} min").format(n=n) if n else ""
