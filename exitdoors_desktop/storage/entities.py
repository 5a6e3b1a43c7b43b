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

REGISTRY: dict[str, EntitySpec] = {spec.name: spec for spec in (USER, CLIENT)}


def register(spec: EntitySpec) -> EntitySpec:
    if spec.name in REGISTRY and REGISTRY[spec.name] != spec:
        raise ValueError(f"entity {spec.name} registered twice")
    REGISTRY[spec.name] = spec
    return spec
