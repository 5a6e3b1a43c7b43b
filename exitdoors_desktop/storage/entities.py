"""Which typed table each entity lives in, its fields, and which client it is about.

The change log and (later) the sync engine write through these specs, so a field change
looks the same whether it was typed here or arrived from another device.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntitySpec:
    name: str
    table: str
    fields: tuple[str, ...]
    json_fields: frozenset[str] = frozenset()
    # The column naming the client a row is about ("id" for the client itself; None: no client).
    subject_column: str | None = None
    # Append-only kinds (notes, readings) are never edited, so they never conflict.
    append_only: bool = False

    def check_fields(self, names: set[str] | frozenset[str]) -> None:
        unknown = sorted(set(names) - set(self.fields))
        if unknown:
            raise KeyError(f"{self.name} has no field {unknown[0]!r}")


USER = EntitySpec("user", "users", ("name", "role", "deleted"))

CLIENT = EntitySpec(
    "client",
    "clients",
    (
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
        "created_at",
        "deleted",
    ),
    json_fields=frozenset({"aliases", "languages"}),
    subject_column="id",
)

FORM_RESPONSE = EntitySpec(
    "form_response",
    "form_responses",
    ("client_id", "form_id", "form_version", "date", "answers", "draft", "author_id", "deleted"),
    json_fields=frozenset({"answers"}),
    subject_column="client_id",
)
CONTACT = EntitySpec(
    "contact",
    "contacts",
    (
        "client_id",
        "date",
        "type",
        "location",
        "participants",
        "duration_minutes",
        "worker_id",
        "response_id",
        "deleted",
    ),
    json_fields=frozenset({"participants"}),
    subject_column="client_id",
)
PHASE_TRANSITION = EntitySpec(
    "phase_transition",
    "phase_transitions",
    ("client_id", "date", "from_state", "to_state", "reason", "recorded_at", "deleted"),
    subject_column="client_id",
    append_only=True,
)
SCALE_READING = EntitySpec(
    "scale_reading",
    "scale_readings",
    ("client_id", "scale_id", "date", "values", "recorded_at", "deleted"),
    json_fields=frozenset({"values"}),
    subject_column="client_id",
    append_only=True,
)
REFERRAL = EntitySpec(
    "referral",
    "referrals",
    (
        "client_id",
        "service_type",
        "status",
        "made_on",
        "partner_id",
        "accepted_on",
        "attended_on",
        "closed_on",
        "response_id",
        "deleted",
    ),
    subject_column="client_id",
)
PARTNER = EntitySpec(
    "partner",
    "partners",
    ("name", "service_types", "contact", "notes", "deleted"),
    json_fields=frozenset({"service_types"}),
)
CONSENT = EntitySpec(
    "consent",
    "consents",
    (
        "client_id",
        "scope",
        "action",
        "date",
        "recorded_at",
        "method",
        "witness",
        "partner_id",
        "deleted",
    ),
    subject_column="client_id",
    append_only=True,
)
# Group work (migration step "groups"). A session and a series are team records (no client);
# each attendance row is about its client, so consent gating and purges treat it as hers.
GROUP_SERIES = EntitySpec(
    "group_series",
    "group_series",
    ("name", "type", "planned_sessions", "planned_dates", "deleted"),
    json_fields=frozenset({"planned_dates"}),
)
GROUP_SESSION = EntitySpec(
    "group_session",
    "group_sessions",
    (
        "date",
        "start_time",
        "length_minutes",
        "type",
        "topic",
        "facilitators",
        "place",
        "note",
        "others_count",
        "linked_count",
        "series_id",
        "deleted",
    ),
    json_fields=frozenset({"facilitators"}),
)
GROUP_ATTENDANCE = EntitySpec(
    "group_attendance",
    "group_attendance",
    ("session_id", "client_id", "deleted"),
    subject_column="client_id",
)
SETTING = EntitySpec("setting", "settings", ("value", "deleted"), json_fields=frozenset({"value"}))

REGISTRY: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        USER,
        CLIENT,
        FORM_RESPONSE,
        CONTACT,
        PHASE_TRANSITION,
        SCALE_READING,
        REFERRAL,
        PARTNER,
        CONSENT,
        SETTING,
        GROUP_SERIES,
        GROUP_SESSION,
        GROUP_ATTENDANCE,
    )
}


def register(spec: EntitySpec) -> EntitySpec:
    if spec.name in REGISTRY and REGISTRY[spec.name] != spec:
        raise ValueError(f"entity {spec.name} registered twice")
    REGISTRY[spec.name] = spec
    return spec
