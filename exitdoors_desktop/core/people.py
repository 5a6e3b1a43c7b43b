"""Client and user profiles, and the rules for turning outside text into them."""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from exitdoors_desktop.core.errors import InvalidInput

MAX_TEXT = 2000
MAX_LONG_TEXT = 20000


class ClientStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    GRADUATED = "graduated"
    CLOSED = "closed"


class Role(enum.StrEnum):
    OUTREACH = "outreach"
    INTAKE = "intake"
    CASE_MANAGER = "case_manager"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: Role = Role.CASE_MANAGER


@dataclass(frozen=True)
class Client:
    """A client's profile. Everything but the preferred name (an alias is fine) is optional."""

    id: str
    preferred_name: str
    legal_name: str | None = None
    pronouns: str | None = None
    aliases: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    age: int | None = None
    languages: tuple[str, ...] = ()
    safe_contact_notes: str | None = None
    assigned_worker: str | None = None
    status: ClientStatus = ClientStatus.ACTIVE
    created_at: dt.date | None = field(default=None, compare=True)

    def age_on(self, today: dt.date) -> int | None:
        if self.date_of_birth is not None:
            dob = self.date_of_birth
            return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        return self.age


# The profile fields that import and export speak, in their column order.
CLIENT_FIELDS: tuple[str, ...] = (
    "id",
    "preferred_name",
    "legal_name",
    "pronouns",
    "aliases",
    "date_of_birth",
    "age",
    "languages",
    "safe_contact_notes",
    "assigned_worker",
    "status",
)
LIST_FIELDS = frozenset({"aliases", "languages"})
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class FieldProblem(InvalidInput):
    """A bad value in one named field. The message names the field, never echoes the value."""

    code = "bad_field"

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"{field_name}: {problem}")
        self.field_name = field_name
        self.problem = problem


def client_from_mapping(
    data: Mapping[str, object], *, new_row_id: str | None = None, today: dt.date | None = None
) -> Client:
    """Build a Client from loosely typed values (CSV strings or JSON). Raises FieldProblem.
    With ``today``, a date of birth after it is refused."""
    unknown = sorted(set(data) - set(CLIENT_FIELDS))
    if unknown:
        raise FieldProblem(unknown[0], "unknown field")
    raw_id = _text(data, "id")
    if raw_id is not None and not _UUID.match(raw_id.lower()):
        raise FieldProblem("id", "must be a UUID (or left empty)")
    preferred = _text(data, "preferred_name")
    if not preferred:
        raise FieldProblem("preferred_name", "is required (an alias is fine)")
    age = _int(data, "age")
    if age is not None and not 0 < age < 130:
        raise FieldProblem("age", "must be between 1 and 129")
    status_text = _text(data, "status") or ClientStatus.ACTIVE.value
    try:
        status = ClientStatus(status_text)
    except ValueError:
        raise FieldProblem("status", "must be one of active, paused, graduated, closed") from None
    dob = _date(data, "date_of_birth")
    if dob is not None and today is not None and dob > today:
        raise FieldProblem("date_of_birth", "is after today")
    return Client(
        id=(raw_id.lower() if raw_id else new_row_id or new_id()),
        preferred_name=preferred,
        legal_name=_text(data, "legal_name"),
        pronouns=_text(data, "pronouns"),
        aliases=_list(data, "aliases"),
        date_of_birth=dob,
        age=age,
        languages=_list(data, "languages"),
        safe_contact_notes=_text(data, "safe_contact_notes", MAX_LONG_TEXT),
        assigned_worker=_text(data, "assigned_worker"),
        status=status,
    )


def client_to_mapping(client: Client) -> dict[str, object]:
    return {
        "id": client.id,
        "preferred_name": client.preferred_name,
        "legal_name": client.legal_name,
        "pronouns": client.pronouns,
        "aliases": list(client.aliases),
        "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else None,
        "age": client.age,
        "languages": list(client.languages),
        "safe_contact_notes": client.safe_contact_notes,
        "assigned_worker": client.assigned_worker,
        "status": client.status.value,
    }


def _text(data: Mapping[str, object], name: str, limit: int = MAX_TEXT) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldProblem(name, "must be text")
    if value.strip() == "":
        return None
    if len(value) > limit:
        raise FieldProblem(name, f"is longer than {limit} characters")
    if "\x00" in value:
        raise FieldProblem(name, "contains a NUL character")
    return value


def _int(data: Mapping[str, object], name: str) -> int | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool):
        raise FieldProblem(name, "must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}\s*", value):
        return int(value)
    raise FieldProblem(name, "must be a whole number")


def _date(data: Mapping[str, object], name: str) -> dt.date | None:
    text = _text(data, name)
    if text is None:
        return None
    try:
        value = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise FieldProblem(name, "must be a date written YYYY-MM-DD") from None
    if value.year < 1900:
        raise FieldProblem(name, "is before 1900")
    return value


def _list(data: Mapping[str, object], name: str) -> tuple[str, ...]:
    value = data.get(name)
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[object] = [part for part in value.split(";")]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise FieldProblem(name, "must be a list")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise FieldProblem(name, "must be a list of text")
        if len(item) > MAX_TEXT:
            raise FieldProblem(name, f"has an item longer than {MAX_TEXT} characters")
        if item.strip():
            out.append(item.strip() if isinstance(value, str) else item)
    return tuple(out)
