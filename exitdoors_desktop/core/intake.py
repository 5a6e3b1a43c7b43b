"""What the intake form and her profile share: pre-filling the intake from the profile, and the
profile changes a saved intake would make (shown to the worker and applied only if confirmed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exitdoors_desktop.core.forms import FormDefinition, parse_date
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.core.schema import is_int

# Intake field id == profile attribute, in the order a worker reads them.
SHARED_FIELDS: tuple[str, ...] = (
    "preferred_name",
    "legal_name",
    "pronouns",
    "date_of_birth",
    "age",
)

LANGUAGES, LANGUAGES_OTHER, OTHER = "languages", "languages_other", "other"


@dataclass(frozen=True)
class ProfileChange:
    field: str  # one of SHARED_FIELDS
    old: object  # the profile's value now (None when not given)
    new: object  # what the intake says


def intake_prefill(client: Client, definition: FormDefinition) -> dict[str, object]:
    """Answers for a new intake from what her profile already knows (only fields it has)."""
    out: dict[str, object] = {}
    for name in SHARED_FIELDS:
        if name not in definition.by_id:
            continue
        value = getattr(client, name)
        if value is None or value == "":
            continue
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    # The date of birth wins over an age: do not offer both when the profile has the date.
    if "date_of_birth" in out:
        out.pop("age", None)
    out.update(language_answers(client.languages, definition))
    return out


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def language_answers(typed: Sequence[str], definition: FormDefinition) -> dict[str, object]:
    """The intake's language ticks for the languages typed in New client ("English; Español",
    "français, Tigrinya"): each is matched to an option by its code or its label in either
    language (case and accents aside); the rest tick "other" and fill "languages_other"."""
    field = definition.by_id.get(LANGUAGES)
    if field is None or not typed:
        return {}
    names = {}
    for option in field.options:
        if option.value != OTHER:
            for word in (option.value, option.label.en, option.label.fr):
                names[_plain(word)] = option.value
    ticked: set[str] = set()
    unknown: list[str] = []
    for entry in typed:
        for part in re.split(r"[;,/]", entry):
            part = " ".join(part.split())
            if not part:
                continue
            value = names.get(_plain(part))
            if value is not None:
                ticked.add(value)
            elif part not in unknown:
                unknown.append(part)
    out: dict[str, object] = {}
    other = definition.by_id.get(LANGUAGES_OTHER)
    if unknown and other is not None and any(o.value == OTHER for o in field.options):
        ticked.add(OTHER)
        limit = other.max_length or 200
        out[LANGUAGES_OTHER] = ", ".join(unknown)[:limit]
    if ticked:
        out[LANGUAGES] = [o.value for o in field.options if o.value in ticked]
    return out


def profile_changes(client: Client, answers: Mapping[str, object]) -> tuple[ProfileChange, ...]:
    """The profile fields the intake answers would change. A blank answer changes nothing:
    the intake never erases what the profile knows."""
    changes: list[ProfileChange] = []
    for name in ("preferred_name", "legal_name", "pronouns"):
        value = answers.get(name)
        if isinstance(value, str) and value.strip() and value.strip() != getattr(client, name):
            changes.append(ProfileChange(name, getattr(client, name), value.strip()))
    dob = parse_date(answers.get("date_of_birth"))
    if dob is not None and dob != client.date_of_birth:
        changes.append(ProfileChange("date_of_birth", client.date_of_birth, dob))
    age = answers.get("age")
    if is_int(age) and not isinstance(age, bool) and age != client.age and dob is None:
        changes.append(ProfileChange("age", client.age, age))
    return tuple(changes)


def apply_profile_changes(client: Client, changes: tuple[ProfileChange, ...]) -> Client:
    values = {c.field: c.new for c in changes}
    if "date_of_birth" in values:
        values["age"] = None  # the date of birth is what counts from now on
    return dataclasses.replace(client, **values)  # type: ignore[arg-type]


__all__ = [
    "SHARED_FIELDS",
    "ProfileChange",
    "apply_profile_changes",
    "intake_prefill",
    "language_answers",
    "profile_changes",
]
