"""The plain records the report metrics read, and the period they are computed over.

Storage loads these (``storage/report_data.py``); tests and the benchmark build them directly.
They carry codes, dates and ids only: no names, no free text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from operator import attrgetter
from typing import TypeVar

from exitdoors_desktop.core.entities import Contact, Involvement, Referral
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.groups import Attendance, GroupSession, Series
from exitdoors_desktop.core.lifecycle import History
from exitdoors_desktop.core.scales import ScaleReading

T = TypeVar("T")


@dataclass(frozen=True)
class Period:
    """An inclusive range of days: ``start <= d <= end``."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise InvalidInput("the period ends before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        """Does [start, end] (end None: still open) share a day with the period?"""
        return start <= self.end and (end is None or end >= self.start)


class Occasion(StrEnum):
    """When an involvement measure was taken (the sex-work involvement form's codes)."""

    INTAKE = "intake"
    REVIEW = "review"
    GRADUATION = "graduation"
    FOLLOW_UP = "follow_up"
    OTHER = "other"


@dataclass(frozen=True)
class InvolvementMeasure:
    """One dated sex-work involvement answer. ``involvement`` None: a follow-up was tried but
    she could not be reached (it counts as no follow-up data)."""

    client_id: str
    date: dt.date
    occasion: Occasion
    involvement: Involvement | None


@dataclass(frozen=True)
class ReadinessMeasure:
    """One readiness-to-change stage (1 = precontemplation … 5 = maintenance)."""

    client_id: str
    date: dt.date
    stage: int
    order: str = ""  # breaks ties between measures on one date (HLC or response id)


@dataclass(frozen=True)
class Participant:
    """A client as the metrics see her: her worker, her CTI history, and whether her consent
    in effect covers use in de-identified evaluation."""

    id: str
    worker_id: str | None
    history: History
    evaluation_consent: bool


@dataclass(frozen=True)
class PartnerSurvey:
    """One partner-agency survey answer. ``agency_key`` only tells answers of one agency apart
    (the latest per agency counts); it is never shown."""

    agency_key: str
    date: dt.date
    relationship: str | None  # very_positive … very_negative
    benefit: str | None  # a_lot, some, a_little, not_at_all, not_sure


@dataclass(frozen=True)
class CostCycle:
    """A program cycle and its operating cost, entered in the app (per vault)."""

    id: str
    label: str
    start: dt.date
    end: dt.date
    operating_cost: Decimal

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise InvalidInput("a cycle ends before it starts")
        if self.operating_cost < 0:
            raise InvalidInput("an operating cost cannot be negative")


@dataclass(frozen=True)
class GroupData:
    """Group sessions (team records, with their own sizes), series, and the attendance rows
    of clients in the vault."""

    sessions: tuple[GroupSession, ...] = ()
    series: tuple[Series, ...] = ()
    attendance: tuple[Attendance, ...] = ()


def group_by_client(items: Iterable[T], key: str = "client_id") -> dict[str, list[T]]:
    out: dict[str, list[T]] = defaultdict(list)
    for item in items:
        out[getattr(item, key)].append(item)
    return out


@dataclass(frozen=True)
class ReportData:
    """Everything the outcome report counts, for every client in the vault."""

    participants: tuple[Participant, ...]
    involvement: tuple[InvolvementMeasure, ...] = ()
    readings: tuple[ScaleReading, ...] = ()  # progress-scale readings (any scale)
    readiness: tuple[ReadinessMeasure, ...] = ()
    contacts: tuple[Contact, ...] = ()
    referrals: tuple[Referral, ...] = ()
    partner_surveys: tuple[PartnerSurvey, ...] = ()
    cycles: tuple[CostCycle, ...] = ()
    groups: GroupData = field(default_factory=GroupData)

    # Grouped views, built once (the metrics each walk client by client).
    @cached_property
    def involvement_by_client(self) -> Mapping[str, list[InvolvementMeasure]]:
        return group_by_client(sorted(self.involvement, key=attrgetter("date")))

    @cached_property
    def readings_by_client(self) -> Mapping[str, list[ScaleReading]]:
        return group_by_client(self.readings)

    @cached_property
    def readiness_by_client(self) -> Mapping[str, list[ReadinessMeasure]]:
        return group_by_client(sorted(self.readiness, key=attrgetter("date", "order")))

    @cached_property
    def contacts_by_client(self) -> Mapping[str, list[Contact]]:
        return group_by_client(sorted(self.contacts, key=attrgetter("date")))
