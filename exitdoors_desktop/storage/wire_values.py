"""Values a pulled write may carry: types, ranges, real dates, enums and sizes per entity field.

A signed write from a team member is still only data: one out-of-range value must be refused
(and quarantined) before the apply transaction, never raise inside it and halt sync.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from enum import StrEnum

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentRecord, ConsentScope
from exitdoors_desktop.core.entities import (
    ContactType,
    Location,
    Participant,
    ReferralStatus,
    ServiceType,
)
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.groups import (
    MAX_LENGTH_MINUTES,
    MAX_OTHERS,
    MAX_PLANNED,
    Facilitator,
    Place,
)
from exitdoors_desktop.core.groups import MAX_TEXT as GROUP_MAX_TEXT
from exitdoors_desktop.core.hlc import MAX_COUNTER, MAX_MILLIS, Timestamp
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import MAX_LONG_TEXT, MAX_TEXT, ClientStatus, Role
from exitdoors_desktop.core.schema import is_code
from exitdoors_desktop.storage.entities import REGISTRY

# -- limits -----------------------------------------------------------------------------------
SQLITE_INT_MAX = 2**63 - 1  # what an INTEGER column can hold
JSON_INT_MAX = 2**53  # integers inside JSON values: exact in every JSON reader
MIN_DATE = dt.date(1900, 1, 1)
MAX_AGE = 129
MAX_COUNT = 1_000_000  # counts kept by the app (linked attendees)
MAX_FORM_VERSION = 1_000_000
SCALE_VALUE_LIMIT = 1_000  # a scale reading's value lies in [-limit, limit]
MAX_SCALE_AREAS = 100
MAX_LIST_ITEMS = 100  # aliases, languages, facilitators
MAX_ID_CHARS = 200  # setting keys, HLC stamps
MAX_JSON_DEPTH = 4  # answers: dict > group list > entry dict > multiple-choice list
MAX_SETTING_DEPTH = 8
MAX_JSON_NODES = 5_000
MAX_WRITE_CHARS = 500_000  # a whole write, its values encoded as JSON text

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class WriteProblem(StrEnum):
    """Why a write was refused: stable codes (the UI words them; logs may show them)."""

    UNKNOWN_ENTITY = "unknown_entity"
    UNKNOWN_FIELD = "unknown_field"
    BAD_ROW_ID = "bad_row_id"
    WRONG_TYPE = "wrong_type"  # includes a bool where a number is expected and null where
    # the column is NOT NULL
    OUT_OF_RANGE = "out_of_range"
    NOT_FINITE = "not_finite"
    BAD_DATE = "bad_date"  # not a real date written YYYY-MM-DD (or HH:MM for a time)
    DATE_TOO_EARLY = "date_too_early"
    DATE_IN_FUTURE = "date_in_future"  # an event dated after tomorrow
    BAD_ENUM = "bad_enum"
    BAD_ID = "bad_id"
    BAD_STAMP = "bad_stamp"
    BAD_TEXT = "bad_text"  # lone surrogate or NUL
    EMPTY = "empty"
    TOO_LONG = "too_long"
    TOO_LARGE = "too_large"
    TOO_DEEP = "too_deep"
    BAD_SHAPE = "bad_shape"
    DUPLICATE = "duplicate"
    INCOMPLETE = "incomplete"  # an append-only record written without its required fields
    INCONSISTENT = "inconsistent"  # fields that contradict each other (consent partner)


class InvalidWrite(InvalidInput):
    """A pulled write the app must not apply. Names the entity, field and reason only: never
    the value (it may be client data), and never a name that is not in the registry."""

    code = "invalid_write"

    def __init__(self, reason: WriteProblem, entity: str | None, field: str | None) -> None:
        where = ".".join(p for p in (entity or "?", field) if p)
        super().__init__(f"{where}: {reason.value}")
        self.reason = reason
        self.entity = entity
        self.field = field


class _Bad(Exception):
    def __init__(self, reason: WriteProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


Check = Callable[[object, dt.date], None]


# -- scalar checks ------------------------------------------------------------------------------
def _null_or(check: Check) -> Check:
    def run(value: object, today: dt.date) -> None:
        if value is not None:
            check(value, today)

    return run


def _checked_text(value: object, limit: int) -> str:
    if not isinstance(value, str):
        raise _Bad(WriteProblem.WRONG_TYPE)
    if len(value) > limit:
        raise _Bad(WriteProblem.TOO_LONG)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(WriteProblem.BAD_TEXT) from None
    if "\x00" in value:
        raise _Bad(WriteProblem.BAD_TEXT)
    return value


def _text(limit: int, *, required: bool = False) -> Check:
    def run(value: object, _today: dt.date) -> None:
        if not _checked_text(value, limit).strip() and required:
            raise _Bad(WriteProblem.EMPTY)

    return run


def _uuid(value: object, _today: dt.date) -> None:
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise _Bad(WriteProblem.BAD_ID if isinstance(value, str) else WriteProblem.WRONG_TYPE)


def _code(value: object, _today: dt.date) -> None:
    if not isinstance(value, str):
        raise _Bad(WriteProblem.WRONG_TYPE)
    if not is_code(value):
        raise _Bad(WriteProblem.BAD_ID)


def _enum(cls: type[StrEnum]) -> Check:
    values = frozenset(m.value for m in cls)

    def run(value: object, _today: dt.date) -> None:
        if not isinstance(value, str):
            raise _Bad(WriteProblem.WRONG_TYPE)
        if value not in values:
            raise _Bad(WriteProblem.BAD_ENUM)

    return run


def _int(lo: int, hi: int) -> Check:
    assert -SQLITE_INT_MAX <= lo <= hi <= SQLITE_INT_MAX

    def run(value: object, _today: dt.date) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(WriteProblem.WRONG_TYPE)
        if not lo <= value <= hi:
            raise _Bad(WriteProblem.OUT_OF_RANGE)

    return run


def _bool(value: object, _today: dt.date) -> None:
    if not isinstance(value, bool):
        raise _Bad(WriteProblem.WRONG_TYPE)


def parse_day(value: object) -> dt.date:
    """A real date written exactly YYYY-MM-DD (what ``date.isoformat`` writes) from 1900 on."""
    if not isinstance(value, str):
        raise _Bad(WriteProblem.WRONG_TYPE)
    try:
        day = dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or day.isoformat() != value:
        raise _Bad(WriteProblem.BAD_DATE)
    if day < MIN_DATE:
        raise _Bad(WriteProblem.DATE_TOO_EARLY)
    return day


def _date(value: object, _today: dt.date) -> None:
    parse_day(value)


def _event_date(value: object, today: dt.date) -> None:
    """Something that happened: no later than tomorrow (a day of slack for time zones)."""
    if parse_day(value) > today + dt.timedelta(days=1):
        raise _Bad(WriteProblem.DATE_IN_FUTURE)


def _clock_time(value: object, _today: dt.date) -> None:
    if not isinstance(value, str):
        raise _Bad(WriteProblem.WRONG_TYPE)
    try:
        ok = len(value) == 5 and dt.time.fromisoformat(value).isoformat("minutes") == value
    except ValueError:
        ok = False
    if not ok:
        raise _Bad(WriteProblem.BAD_DATE)


def _stamp(value: object, _today: dt.date) -> None:
    text = _checked_text(value, MAX_ID_CHARS)
    try:
        stamp = Timestamp.decode(text)
    except ValueError:
        raise _Bad(WriteProblem.BAD_STAMP) from None
    if stamp.encode() != text or stamp.millis > MAX_MILLIS or stamp.counter > MAX_COUNTER:
        raise _Bad(WriteProblem.BAD_STAMP)
    if _CONTROL.search(stamp.device):
        raise _Bad(WriteProblem.BAD_STAMP)


def _facilitator(value: object, today: dt.date) -> None:
    _checked_text(value, MAX_ID_CHARS)
    assert isinstance(value, str)
    try:
        Facilitator.decode(value)
    except InvalidInput:
        raise _Bad(WriteProblem.BAD_SHAPE) from None
    _uuid(value.partition(":")[2], today)


# -- list and JSON checks ------------------------------------------------------------------------
def _list(item: Check, limit: int = MAX_LIST_ITEMS, *, unique: bool = False) -> Check:
    def run(value: object, today: dt.date) -> None:
        if not isinstance(value, list):
            raise _Bad(WriteProblem.WRONG_TYPE)
        if len(value) > limit:
            raise _Bad(WriteProblem.TOO_LARGE)
        for v in value:
            item(v, today)
        if unique and len(set(map(str, value))) != len(value):
            raise _Bad(WriteProblem.DUPLICATE)

    return run


def _json(depth: int, *, top: type | None = None) -> Check:
    """Any JSON value (null, bool, int in ±2**53, finite float, text, list, object with text
    keys) at most ``depth`` containers deep and MAX_JSON_NODES values in all."""

    def run(value: object, _today: dt.date) -> None:
        if top is not None and not isinstance(value, top):
            raise _Bad(WriteProblem.WRONG_TYPE)
        nodes = 0
        stack: list[tuple[object, int]] = [(value, 0)]
        while stack:
            v, level = stack.pop()
            nodes += 1
            if nodes > MAX_JSON_NODES:
                raise _Bad(WriteProblem.TOO_LARGE)
            if v is None or isinstance(v, bool):
                continue
            if isinstance(v, int):
                if not -JSON_INT_MAX <= v <= JSON_INT_MAX:
                    raise _Bad(WriteProblem.OUT_OF_RANGE)
            elif isinstance(v, float):
                if not math.isfinite(v):
                    raise _Bad(WriteProblem.NOT_FINITE)
            elif isinstance(v, str):
                _checked_text(v, MAX_LONG_TEXT)
            elif isinstance(v, list | dict):
                if level >= depth:
                    raise _Bad(WriteProblem.TOO_DEEP)
                if isinstance(v, dict):
                    for k in v:
                        if not isinstance(k, str):
                            raise _Bad(WriteProblem.BAD_SHAPE)
                        _checked_text(k, MAX_ID_CHARS)
                    stack.extend((x, level + 1) for x in v.values())
                else:
                    stack.extend((x, level + 1) for x in v)
            else:
                raise _Bad(WriteProblem.WRONG_TYPE)

    return run


_answers_json = _json(MAX_JSON_DEPTH, top=dict)


def _answers(value: object, today: dt.date) -> None:
    _answers_json(value, today)
    assert isinstance(value, dict)
    for key in value:
        _code(key, today)


def _scale_values(value: object, today: dt.date) -> None:
    if not isinstance(value, dict):
        raise _Bad(WriteProblem.WRONG_TYPE)
    if len(value) > MAX_SCALE_AREAS:
        raise _Bad(WriteProblem.TOO_LARGE)
    score = _int(-SCALE_VALUE_LIMIT, SCALE_VALUE_LIMIT)
    for area, v in value.items():
        _code(area, today)
        score(v, today)


# -- the rules per entity -----------------------------------------------------------------------
_ID = _null_or(_uuid)
_SHORT = _null_or(_text(MAX_TEXT))
_LONG = _null_or(_text(MAX_LONG_TEXT))
_EVENT = _null_or(_event_date)

RULES: dict[str, dict[str, Check]] = {
    "user": {"name": _text(MAX_TEXT, required=True), "role": _enum(Role)},
    "client": {
        "preferred_name": _text(MAX_TEXT, required=True),
        "legal_name": _SHORT,
        "pronouns": _SHORT,
        "aliases": _list(_text(MAX_TEXT)),
        "date_of_birth": _EVENT,
        "age": _null_or(_int(1, MAX_AGE)),
        "languages": _list(_text(MAX_TEXT)),
        "safe_contact_notes": _LONG,
        "assigned_worker": _ID,
        "status": _enum(ClientStatus),
        "created_at": _EVENT,
    },
    "form_response": {
        "client_id": _ID,
        "form_id": _code,
        "form_version": _int(0, MAX_FORM_VERSION),
        "date": _event_date,
        "answers": _answers,
        "draft": _bool,
        "author_id": _ID,
    },
    "contact": {
        "client_id": _uuid,
        "date": _event_date,
        "type": _enum(ContactType),
        "location": _null_or(_enum(Location)),
        "participants": _list(_enum(Participant), len(Participant), unique=True),
        "duration_minutes": _null_or(_int(0, MAX_LENGTH_MINUTES)),
        "worker_id": _ID,
        "response_id": _ID,
    },
    "phase_transition": {
        "client_id": _uuid,
        "date": _event_date,
        "from_state": _null_or(_enum(State)),
        "to_state": _enum(State),
        "reason": _enum(Reason),
        "recorded_at": _stamp,
    },
    "scale_reading": {
        "client_id": _uuid,
        "scale_id": _code,
        "date": _event_date,
        "values": _scale_values,
        "recorded_at": _stamp,
    },
    "referral": {
        "client_id": _uuid,
        "service_type": _enum(ServiceType),
        "status": _enum(ReferralStatus),
        "made_on": _event_date,
        "partner_id": _ID,
        "accepted_on": _EVENT,
        "attended_on": _EVENT,
        "closed_on": _EVENT,
        "response_id": _ID,
    },
    "partner": {
        "name": _text(MAX_TEXT, required=True),
        "service_types": _list(_enum(ServiceType), len(ServiceType), unique=True),
        "contact": _SHORT,
        "notes": _LONG,
    },
    "consent": {
        "client_id": _uuid,
        "scope": _enum(ConsentScope),
        "action": _enum(ConsentAction),
        "date": _event_date,
        "recorded_at": _stamp,
        "method": _enum(ConsentMethod),
        "witness": _SHORT,
        "partner_id": _ID,
    },
    "setting": {"value": _json(MAX_SETTING_DEPTH)},
    "group_series": {
        "name": _text(GROUP_MAX_TEXT, required=True),
        "type": _code,
        "planned_sessions": _int(1, MAX_PLANNED),
        "planned_dates": _list(_date, MAX_PLANNED, unique=True),
    },
    "group_session": {
        "date": _event_date,
        "start_time": _null_or(_clock_time),
        "length_minutes": _null_or(_int(1, MAX_LENGTH_MINUTES)),
        "type": _code,
        "topic": _null_or(_text(GROUP_MAX_TEXT)),
        "facilitators": _list(_facilitator, unique=True),
        "place": _enum(Place),
        "note": _null_or(_text(GROUP_MAX_TEXT)),
        "others_count": _int(0, MAX_OTHERS),
        "linked_count": _int(0, MAX_COUNT),
        "series_id": _ID,
    },
    "group_attendance": {"session_id": _uuid, "client_id": _uuid},
}
for _fields in RULES.values():
    _fields["deleted"] = _bool

# Append-only records are written whole, once (then perhaps marked deleted), every field in
# one write under one stamp. A partial write would leave a row the apply step itself reads
# back (phase moves and consents are replayed inside it) mixing fields of two writes: a
# partner-sharing grant without its partner, a transition without a date.
_WHOLE: dict[str, frozenset[str]] = {
    name: frozenset(RULES[name]) - {"deleted"}
    for name in ("phase_transition", "scale_reading", "consent")
}


def _row_id(entity: str, row_id: object) -> None:
    if entity == "setting":
        text = _checked_text(row_id, MAX_ID_CHARS)
        if not text.strip() or _CONTROL.search(text):
            raise _Bad(WriteProblem.BAD_ROW_ID)
    elif not isinstance(row_id, str) or not _UUID.fullmatch(row_id):
        raise _Bad(WriteProblem.BAD_ROW_ID)


def _write_size(fields: Mapping[str, object]) -> int:
    # Counted without json.dumps (which would raise on NaN or a cycle): text length plus a
    # little per value, enough to bound what reaches the database.
    total = 0
    stack: list[object] = list(fields.values())
    while stack:
        v = stack.pop()
        total += 8
        if isinstance(v, str):
            total += len(v)
        elif isinstance(v, dict):
            total += sum(len(k) if isinstance(k, str) else 8 for k in v)
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        if total > MAX_WRITE_CHARS:
            break
    return total


def check_write(
    entity: str,
    row_id: str,
    fields: Mapping[str, object],
    *,
    today: dt.date | None = None,
) -> None:
    """Refuse a pulled write whose values this version of the app could not store or read.

    Pure (no I/O, no database): call it on every incoming write *before* the apply
    transaction, and quarantine the write on ``InvalidWrite``. ``today`` (the caller's local
    date; ``date.today()`` when omitted) bounds event dates: a contact, consent, phase move,
    reading, referral step, session, form response, date of birth or creation date may be no
    later than ``today + 1 day``.

    It checks: the entity is in ``REGISTRY`` and every field is one of its fields; the row id
    is a lowercase UUID (a setting's: a key of printable text); each value has the exact type
    its column and the app expect (``deleted`` and other flags strictly ``bool``, no bool
    where a number is expected, no null where the column is NOT NULL), integers within the
    field's domain (which is always inside SQLite's 64-bit range), dates real and written
    YYYY-MM-DD from 1900 on, enums from core, ids UUIDs or definition codes, HLC stamps
    decodable, text within its size cap and free of lone surrogates and NUL, JSON fields of
    the right shape, size and depth, floats finite, the whole write within
    ``MAX_WRITE_CHARS``; append-only records (phase transitions, readings, consents) carry
    every field in one write (or only ``deleted``); a consent's partner matches its scope.

    Raises only ``InvalidWrite`` (whatever the input, even values JSON cannot produce); its
    message and attributes name the entity, field and a ``WriteProblem`` code, never a value.
    It does not decide *authority* (who may write this row): that is the rulebook's job.
    """
    spec = REGISTRY.get(entity) if isinstance(entity, str) else None
    rules = RULES.get(entity) if spec is not None else None
    if spec is None or rules is None:
        raise InvalidWrite(WriteProblem.UNKNOWN_ENTITY, None, None)
    if not isinstance(fields, Mapping):
        raise InvalidWrite(WriteProblem.WRONG_TYPE, spec.name, None)
    try:
        _row_id(spec.name, row_id)
    except _Bad:
        raise InvalidWrite(WriteProblem.BAD_ROW_ID, spec.name, None) from None
    for name in fields:
        if not isinstance(name, str) or name not in rules:
            raise InvalidWrite(WriteProblem.UNKNOWN_FIELD, spec.name, None)
    if _write_size(fields) > MAX_WRITE_CHARS:
        raise InvalidWrite(WriteProblem.TOO_LARGE, spec.name, None)
    day = today or dt.date.today()
    for name, value in fields.items():
        try:
            rules[name](value, day)
        except _Bad as bad:
            raise InvalidWrite(bad.reason, spec.name, name) from None
    whole = _WHOLE.get(spec.name)
    if whole is not None and set(fields) - {"deleted"}:
        missing = sorted(whole - set(fields))
        if missing:
            raise InvalidWrite(WriteProblem.INCOMPLETE, spec.name, missing[0])
    if spec.name == "consent" and "scope" in fields:
        _check_consent(fields)


def _check_consent(fields: Mapping[str, object]) -> None:
    """The rule ConsentRecord enforces when the row is read back (inside the apply step)."""
    try:
        ConsentRecord(
            id="",
            client_id="",
            scope=ConsentScope(str(fields["scope"])),
            action=ConsentAction(str(fields["action"])),
            date=dt.date.min,
            recorded_at="",
            method=ConsentMethod(str(fields["method"])),
            partner_id=None if fields.get("partner_id") is None else str(fields["partner_id"]),
        )
    except InvalidInput:
        raise InvalidWrite(WriteProblem.INCONSISTENT, "consent", "partner_id") from None
