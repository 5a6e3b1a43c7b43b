"""Small pieces the group screens share: their dates (through the kit's strict date input) and
the words for group codes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from exitdoors_desktop.core.groups import GroupSettings, Place
from exitdoors_desktop.ui.kit.date_input import DateInput
from exitdoors_desktop.ui.kit.i18n import tr

# -- dates: the one spot -----------------------------------------------------------------------
# Every date the group screens take goes through these functions, on the kit's strict date
# input: typed text is parsed strictly and an impossible date is refused, never corrected.


def date_input(
    parent: QWidget, name: str, value: dt.date, latest: dt.date | None = None
) -> DateInput:
    edit = DateInput(parent, latest=latest)
    edit.setObjectName(name)
    edit.set_date(value)
    return edit


def date_value(edit: DateInput) -> dt.date:
    """The date entered; ValueError with the input's own sentence when there is none."""
    value = edit.date()
    if value is None:
        raise ValueError(edit.problem_text() or tr("Enter the date (year-month-day)."))
    return value


def set_date_value(edit: DateInput, value: dt.date) -> None:
    edit.set_date(value)


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
