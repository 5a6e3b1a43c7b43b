"""Group work: sessions, series and attendance, the program's group settings, and the pure
rules about them (series completion, attendance as a CTI contact, who may be shared).

The rules, exactly:

* A session is a team record: date, start, length, type, topic, facilitators, place, a note
  that must not name participants, ``others_count`` (anonymous attendees, like outreach) and
  ``linked_count`` (how many enrolled clients were linked to it). ``linked_count`` is moved by
  the difference each time a device edits the attendance list, never recomputed from the
  rows a device happens to hold: a device may lack an attendee's row (no consent to share,
  or erased, or withdrawn), and the session's size must stay right everywhere.
* Each attendance row (session, client) is about that client: it belongs to her subject.
* Series completion: a client "attended A of P" where A counts the distinct live sessions of
  the series she attended and P is the series' planned sessions. She completed it when
  A >= required(P): ``at_least`` N means min(N, P); ``fraction`` f means ceil(f * P), at
  least 1.
* Attendance as a contact (when the program says so): one contact on the session's date, of
  the group type's contact type, with her present. Place community -> COMMUNITY, office ->
  OFFICE, online -> no location: it counts towards contact cadence, first-month contacts and
  the phase-by-phase decrease, but never as a community meeting (CTI's community meetings are
  face to face in her own surroundings; a video call is neither that nor an office visit).
  A group is not a meeting with her providers or informal supports, whoever co-facilitates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from exitdoors_desktop.core.consent import ConsentRecord, effective_consent
from exitdoors_desktop.core.entities import Contact, ContactType, Location, Participant
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.schema import Collector, LocalText, is_number, join

MAX_LENGTH_MINUTES = 24 * 60
MAX_OTHERS = 10_000
MAX_PLANNED = 1_000
MAX_TEXT = 2_000


class Place(StrEnum):
    COMMUNITY = "community"
    OFFICE = "office"
    ONLINE = "online"


class FacilitatorKind(StrEnum):
    USER = "user"
    PARTNER = "partner"


class CompletionKind(StrEnum):
    AT_LEAST = "at_least"
    FRACTION = "fraction"


@dataclass(frozen=True)
class Facilitator:
    kind: FacilitatorKind
    id: str

    def encode(self) -> str:
        return f"{self.kind.value}:{self.id}"

    @staticmethod
    def decode(text: str) -> Facilitator:
        kind, sep, ident = text.partition(":")
        if not sep or not ident or kind not in FacilitatorKind._value2member_map_:
            raise InvalidInput("a facilitator must be user:ID or partner:ID")
        return Facilitator(FacilitatorKind(kind), ident)


@dataclass(frozen=True)
class GroupType:
    id: str
    label: LocalText
    contact_type: ContactType  # what one attendance counts as, when it counts as a contact


@dataclass(frozen=True)
class CompletionRule:
    kind: CompletionKind
    sessions: int | None = None  # at_least
    share: Fraction | None = None  # fraction, 0 < share <= 1

    def required(self, planned: int) -> int:
        """Sessions a client must attend to complete a series of ``planned`` sessions."""
        if planned <= 0:
            return 0
        if self.kind is CompletionKind.AT_LEAST:
            assert self.sessions is not None
            return min(self.sessions, planned)
        assert self.share is not None
        return max(1, math.ceil(self.share * planned))


@dataclass(frozen=True)
class GroupSettings:
    types: tuple[GroupType, ...] = ()
    completion: CompletionRule = field(
        default_factory=lambda: CompletionRule(CompletionKind.FRACTION, share=Fraction(3, 4))
    )
    attendance_counts_as_contact: bool = False

    def type(self, type_id: str) -> GroupType | None:
        return next((t for t in self.types if t.id == type_id), None)

    @property
    def type_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.types)


@dataclass(frozen=True)
class Series:
    """A recurring group (e.g. 8 weekly skills-training sessions)."""

    id: str
    name: str  # program-entered (e.g. "Spring skills course"), never about a client
    type: str
    planned_sessions: int
    planned_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class GroupSession:
    id: str
    date: dt.date
    type: str
    place: Place
    start: dt.time | None = None
    length_minutes: int | None = None
    topic: str | None = None
    facilitators: tuple[Facilitator, ...] = ()
    note: str | None = None  # must not name participants (the screen says so)
    others_count: int = 0
    series_id: str | None = None
    linked_count: int = 0  # kept by the repository (see the module docstring)

    @property
    def size(self) -> int:
        return self.linked_count + self.others_count


@dataclass(frozen=True)
class Attendance:
    id: str
    session_id: str
    client_id: str


@dataclass(frozen=True)
class ClientAttendance:
    """One attendance as her record shows it (timeline): what, when, where."""

    id: str
    session_id: str
    client_id: str
    date: dt.date
    type: str
    place: Place
    series_id: str | None
    length_minutes: int | None
    topic: str | None = None  # the session's topic (a team record, never about attendees)


@dataclass(frozen=True)
class SeriesProgress:
    attended: int
    planned: int
    required: int

    @property
    def completed(self) -> bool:
        return self.planned > 0 and self.attended >= self.required


# -- checks -----------------------------------------------------------------------------------


def _text_ok(value: str | None, what: str) -> None:
    if value is not None and len(value) > MAX_TEXT:
        raise InvalidInput(f"the {what} is too long (at most {MAX_TEXT} characters)")


def check_session(
    session: GroupSession, settings: GroupSettings, today: dt.date | None = None
) -> None:
    """InvalidInput naming the first thing wrong with a session about to be saved. With
    ``today`` (the app always gives it), a session dated later is refused: attendance records
    what happened."""
    if today is not None and session.date > today:
        raise InvalidInput("a group session cannot be dated after today")
    if settings.type(session.type) is None:
        raise InvalidInput(f"unknown group type {session.type!r}")
    if session.length_minutes is not None and not 0 < session.length_minutes <= MAX_LENGTH_MINUTES:
        raise InvalidInput(f"a session lasts 1 to {MAX_LENGTH_MINUTES} minutes")
    if not 0 <= session.others_count <= MAX_OTHERS:
        raise InvalidInput(f"others attending must be 0 to {MAX_OTHERS}")
    _text_ok(session.topic, "topic")
    _text_ok(session.note, "note")
    if len(set(session.facilitators)) != len(session.facilitators):
        raise InvalidInput("a facilitator is listed twice")


def check_series(series: Series, settings: GroupSettings) -> None:
    if settings.type(series.type) is None:
        raise InvalidInput(f"unknown group type {series.type!r}")
    if not series.name.strip():
        raise InvalidInput("a series needs a name")
    _text_ok(series.name, "series name")
    if not 0 < series.planned_sessions <= MAX_PLANNED:
        raise InvalidInput(f"planned sessions must be 1 to {MAX_PLANNED}")
    if len(series.planned_dates) > series.planned_sessions:
        raise InvalidInput("more planned dates than planned sessions")
    if len(set(series.planned_dates)) != len(series.planned_dates):
        raise InvalidInput("a planned date is listed twice")


def note_names(note: str | None, names: Iterable[str]) -> tuple[str, ...]:
    """Attendee names (or aliases) the note mentions, as whole words, so the screen can warn
    before saving: a session note is a team record and must not name participants."""
    if not note:
        return ()
    words = " ".join("".join(ch if ch.isalnum() else " " for ch in note.casefold()).split())
    padded = f" {words} "
    found = []
    for name in names:
        key = " ".join("".join(ch if ch.isalnum() else " " for ch in name.casefold()).split())
        if key and f" {key} " in padded:
            found.append(name)
    return tuple(found)


# -- rules ------------------------------------------------------------------------------------


def series_progress(
    series: Series,
    sessions: Iterable[GroupSession],
    attendances: Iterable[Attendance],
    client_id: str,
    rule: CompletionRule,
) -> SeriesProgress:
    """Her "attended A of P" in one series (sessions of other series are ignored)."""
    in_series = {s.id for s in sessions if s.series_id == series.id}
    attended = {
        a.session_id for a in attendances if a.client_id == client_id and a.session_id in in_series
    }
    planned = series.planned_sessions
    return SeriesProgress(len(attended), planned, rule.required(planned))


def series_completion(
    series: Series,
    sessions: Iterable[GroupSession],
    attendances: Iterable[Attendance],
    rule: CompletionRule,
) -> dict[str, SeriesProgress]:
    """Every client who attended at least one session of the series, with her progress."""
    session_list = [s for s in sessions if s.series_id == series.id]
    ids = {s.id for s in session_list}
    mine = [a for a in attendances if a.session_id in ids]
    return {
        cid: series_progress(series, session_list, mine, cid, rule)
        for cid in sorted({a.client_id for a in mine})
    }


PLACE_LOCATION: Mapping[Place, Location | None] = {
    Place.COMMUNITY: Location.COMMUNITY,
    Place.OFFICE: Location.OFFICE,
    Place.ONLINE: None,
}


def attendance_contacts(
    sessions: Iterable[GroupSession],
    attendances: Iterable[Attendance],
    settings: GroupSettings,
) -> list[Contact]:
    """The contacts attendances count as (none unless the program says they count)."""
    if not settings.attendance_counts_as_contact:
        return []
    by_id = {s.id: s for s in sessions}
    out = []
    for a in attendances:
        s = by_id.get(a.session_id)
        gtype = settings.type(s.type) if s is not None else None
        if s is None or gtype is None:
            continue
        out.append(
            Contact(
                id=a.id,
                client_id=a.client_id,
                date=s.date,
                type=gtype.contact_type,
                location=PLACE_LOCATION[s.place],
                participants=frozenset({Participant.CLIENT}),
                duration_minutes=s.length_minutes,
            )
        )
    return out


def shareable_attendances(
    attendances: Iterable[Attendance], consents: Mapping[str, Iterable[ConsentRecord]]
) -> tuple[list[Attendance], list[Attendance]]:
    """(may leave the laptop, must stay): each attendee's own consent in effect to share with
    the office decides for her row alone; no consent record means no sharing."""
    ok: list[Attendance] = []
    held: list[Attendance] = []
    decided: dict[str, bool] = {}
    for a in attendances:
        if a.client_id not in decided:
            decided[a.client_id] = effective_consent(
                consents.get(a.client_id, ())
            ).share_with_office
        (ok if decided[a.client_id] else held).append(a)
    return ok, held


# -- settings ---------------------------------------------------------------------------------

_KEYS = ("types", "completion", "attendance_counts_as_contact")


def read_group_settings(value: object, c: Collector, path: str = "groups") -> GroupSettings:
    """The ``groups`` part of program.json; problems go to ``c`` (then the result is unused)."""
    m = c.mapping(value, path)
    if m is None:
        return GroupSettings()
    c.keys(m, path, _KEYS)
    for key in _KEYS:
        if key not in m:
            c.add(join(path, key), "missing", "is required")
    types: list[GroupType] = []
    for i, item in enumerate(c.list_of(m, "types", path) if "types" in m else []):
        p = join(join(path, "types"), i)
        tm = c.mapping(item, p)
        if tm is None:
            continue
        c.keys(tm, p, ("id", "label", "contact_type"))
        tid = c.ident(tm, "id", p)
        label = c.text(tm, "label", p)
        raw = tm.get("contact_type")
        ctype = ContactType._value2member_map_.get(raw) if isinstance(raw, str) else None
        if ctype is None:
            allowed = ", ".join(t.value for t in ContactType)
            c.add(join(p, "contact_type"), "bad_contact_type", f"must be one of: {allowed}")
        if label is not None and isinstance(ctype, ContactType):
            types.append(GroupType(tid, label, ctype))
    if "types" in m and isinstance(m.get("types"), list) and not m["types"]:
        c.add(join(path, "types"), "empty", "needs at least one group type")
    c.unique((join(join(join(path, "types"), i), "id"), t.id) for i, t in enumerate(types))
    counts = m.get("attendance_counts_as_contact")
    if "attendance_counts_as_contact" in m and not isinstance(counts, bool):
        c.add(join(path, "attendance_counts_as_contact"), "not_boolean", "must be true or false")
    rule = _read_completion(m.get("completion"), c, join(path, "completion"))
    return GroupSettings(tuple(types), rule, counts is True)


def _read_completion(value: object, c: Collector, path: str) -> CompletionRule:
    fallback = GroupSettings().completion
    if value is None:
        return fallback
    m = c.mapping(value, path)
    if m is None:
        return fallback
    kind = m.get("kind")
    if kind == CompletionKind.AT_LEAST.value:
        c.keys(m, path, ("kind", "sessions"))
        n = c.positive_int(m, "sessions", path)
        return CompletionRule(CompletionKind.AT_LEAST, sessions=n) if n else fallback
    if kind == CompletionKind.FRACTION.value:
        c.keys(m, path, ("kind", "share"))
        share = m.get("share")
        if not is_number(share) or not 0 < share <= 1:
            c.add(join(path, "share"), "bad_share", "must be a number above 0 and at most 1")
            return fallback
        # Through its decimal text: 0.75 means 3/4, not the nearest binary float.
        return CompletionRule(CompletionKind.FRACTION, share=Fraction(str(share)))
    c.add(join(path, "kind"), "bad_kind", "must be 'at_least' or 'fraction'")
    return fallback


def parse_place(value: object) -> Place:
    if isinstance(value, str) and value in Place._value2member_map_:
        return Place(value)
    raise InvalidInput("the place must be community, office or online")
