"""Intake ↔ profile, Qt-free: pre-fill from the profile, the changes a saved intake would make."""

from __future__ import annotations

import datetime as dt

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.intake import (
    ProfileChange,
    apply_profile_changes,
    intake_prefill,
    profile_changes,
)
from exitdoors_desktop.core.people import Client

INTAKE = load_definitions().forms.latest("intake")


def test_prefill_takes_what_the_profile_knows() -> None:
    c = Client("c1", "Test Anne", legal_name=None, pronouns="elle/she", age=31)
    assert intake_prefill(c, INTAKE) == {"preferred_name": "Test Anne", "pronouns": "elle/she",
                                         "age": 31}  # fmt: skip
    with_dob = Client("c2", "Test Bea", date_of_birth=dt.date(1990, 5, 6), age=35)
    assert intake_prefill(with_dob, INTAKE) == {"preferred_name": "Test Bea",
                                                "date_of_birth": "1990-05-06"}  # fmt: skip


def test_changes_never_erase_and_ignore_whitespace() -> None:
    c = Client("c1", "Test Anne", pronouns="elle/she")
    assert profile_changes(c, {"preferred_name": "  ", "pronouns": None}) == ()
    assert profile_changes(c, {"preferred_name": " Test Anne "}) == ()
    assert profile_changes(c, {"preferred_name": "Test Marie", "pronouns": "elle"}) == (
        ProfileChange("preferred_name", "Test Anne", "Test Marie"),
        ProfileChange("pronouns", "elle/she", "elle"),
    )


def test_a_date_of_birth_replaces_the_age() -> None:
    c = Client("c1", "Test Anne", age=31)
    changes = profile_changes(c, {"date_of_birth": "1995-01-02", "age": 30})
    assert changes == (ProfileChange("date_of_birth", None, dt.date(1995, 1, 2)),)
    updated = apply_profile_changes(c, changes)
    assert updated.date_of_birth == dt.date(1995, 1, 2) and updated.age is None
    assert profile_changes(c, {"age": 32}) == (ProfileChange("age", 31, 32),)
    assert profile_changes(c, {"age": True}) == ()  # a yes/no is no age


def test_languages_typed_in_new_client_are_ticked_on_the_intake() -> None:
    """Issue 19: languages typed in New client were not ticked on the intake."""
    c = Client("c1", "Test Anne", languages=("English", "espagnol, Français", "Tigrinya / Wolof"))
    got = intake_prefill(c, INTAKE)
    assert got["languages"] == ["english", "french", "spanish", "tigrinya", "other"]
    assert got["languages_other"] == "Wolof"
    plain = intake_prefill(Client("c2", "Test Bea", languages=("ANGLAIS",)), INTAKE)
    assert plain["languages"] == ["english"] and "languages_other" not in plain
    assert "languages" not in intake_prefill(Client("c3", "Test Cy"), INTAKE)
