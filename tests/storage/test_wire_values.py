"""check_write: every pulled value is checked before the apply transaction (issue 18, Why 4).

Table-driven good and bad values per entity and field, a property test that any JSON input
either passes or raises InvalidWrite (never anything else), and every write the app itself
makes (a demo vault's change log) passes.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.metrics.model import CostCycle
from exitdoors_desktop.core.people import Role
from exitdoors_desktop.storage.entities import REGISTRY
from exitdoors_desktop.storage.wire_values import (
    MAX_JSON_DEPTH,
    MAX_WRITE_CHARS,
    RULES,
    InvalidWrite,
    WriteProblem,
    check_write,
)
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 3, 10)
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
LATER = (TODAY + dt.timedelta(days=2)).isoformat()
U1 = "0b8f7c1e-2f5d-4c6a-9d3e-1a2b3c4d5e6f"
U2 = "018f0c1a-7b2c-7d3e-8f40-112233445566"
ROW = "5d7e8f90-1a2b-4c3d-8e4f-a1b2c3d4e5f6"
STAMP = "001773100000000-000003-device-a"
P = WriteProblem

# One complete write per entity, shaped as the app writes it.
GOOD: dict[str, dict[str, Any]] = {
    "user": {"name": "Alex", "role": "case_manager", "deleted": False},
    "client": {
        "preferred_name": "Sam",
        "legal_name": "Samantha Q",
        "pronouns": "she/her",
        "aliases": ["S", "Sammy"],
        "date_of_birth": "1990-02-28",
        "age": 36,
        "languages": ["en", "fr"],
        "safe_contact_notes": "text only after 6pm\nnever voicemail",
        "assigned_worker": U1,
        "status": "active",
        "created_at": TODAY.isoformat(),
        "deleted": False,
    },
    "form_response": {
        "client_id": U1,
        "form_id": "contact_note",
        "form_version": 1,
        "date": TODAY.isoformat(),
        "answers": {
            "date": "2026-03-09",
            "contact_type": "cbt",
            "participants": ["client", "provider"],
            "duration_minutes": 45,
            "score": 2.5,
            "goals": [{"goal": "housing", "areas": ["a", "b"], "done": True}],
            "note": None,
        },
        "draft": False,
        "author_id": U2,
    },
    "contact": {
        "client_id": U1,
        "date": TOMORROW,  # tomorrow is still fine (time zones)
        "type": "individual_counselling",
        "location": None,
        "participants": ["client"],
        "duration_minutes": 60,
        "worker_id": U2,
        "response_id": ROW,
    },
    "phase_transition": {
        "client_id": U1,
        "date": "2026-03-01",
        "from_state": None,
        "to_state": "phase_1",
        "reason": "enrolled",
        "recorded_at": STAMP,
    },
    "scale_reading": {
        "client_id": U1,
        "scale_id": "default",
        "date": "2026-03-01",
        "values": {"housing": 3, "health": 10},
        "recorded_at": STAMP,
    },
    "referral": {
        "client_id": U1,
        "service_type": "housing",
        "status": "attended",
        "made_on": "2026-01-05",
        "partner_id": U2,
        "accepted_on": "2026-01-06",
        "attended_on": "2026-01-20",
        "closed_on": None,
        "response_id": ROW,
    },
    "partner": {
        "name": "Shelter House",
        "service_types": ["housing", "legal"],
        "contact": "555-0100",
        "notes": None,
    },
    "consent": {
        "client_id": U1,
        "scope": "share_with_partner",
        "action": "grant",
        "date": "2026-02-28",
        "recorded_at": STAMP,
        "method": "written",
        "witness": "Alex",
        "partner_id": U2,
    },
    "setting": {"value": [{"id": "c1", "start": "2025-04-01", "cost": "1000.50"}]},
    "group_series": {
        "name": "Spring skills",
        "type": "skills",
        "planned_sessions": 8,
        "planned_dates": ["2026-04-01", "2026-04-08"],
    },
    "group_session": {
        "date": TODAY.isoformat(),
        "start_time": "18:30",
        "length_minutes": 90,
        "type": "skills",
        "topic": "budgeting",
        "facilitators": [f"user:{U1}", f"partner:{U2}"],
        "place": "online",
        "note": None,
        "others_count": 3,
        "linked_count": 5,
        "series_id": ROW,
    },
    "group_attendance": {"session_id": ROW, "client_id": U1, "deleted": False},
}


def _row(entity: str) -> str:
    return "idle_minutes" if entity == "setting" else ROW


def _refused(entity: str, fields: dict[str, Any], row_id: str | None = None) -> InvalidWrite:
    with pytest.raises(InvalidWrite) as info:
        check_write(entity, _row(entity) if row_id is None else row_id, fields, today=TODAY)
    return info.value


def test_rules_cover_every_field_of_every_registered_entity() -> None:
    assert set(RULES) == set(REGISTRY)
    for name, spec in REGISTRY.items():
        assert set(RULES[name]) == set(spec.fields), name
        assert set(GOOD[name]) <= set(spec.fields)


@pytest.mark.parametrize("entity", sorted(GOOD))
def test_a_whole_good_write_passes(entity: str) -> None:
    check_write(entity, _row(entity), GOOD[entity], today=TODAY)
    check_write(entity, _row(entity), {"deleted": True}, today=TODAY)
    check_write(entity, _row(entity), {}, today=TODAY)


# (entity, field, bad value, reason): each refused naming that field and that reason.
BAD: list[tuple[str, str, object, WriteProblem]] = [
    # integers: SQLite's range, domain ranges, bool is not a number, floats are not ints
    ("client", "age", 2**64, P.OUT_OF_RANGE),
    ("client", "age", -(2**64), P.OUT_OF_RANGE),
    ("client", "age", 0, P.OUT_OF_RANGE),
    ("client", "age", 130, P.OUT_OF_RANGE),
    ("client", "age", True, P.WRONG_TYPE),
    ("client", "age", 36.0, P.WRONG_TYPE),
    ("client", "age", "36", P.WRONG_TYPE),
    ("form_response", "form_version", 2**63, P.OUT_OF_RANGE),
    ("form_response", "form_version", -1, P.OUT_OF_RANGE),
    ("contact", "duration_minutes", 1441, P.OUT_OF_RANGE),
    ("contact", "duration_minutes", float("nan"), P.WRONG_TYPE),
    ("group_session", "others_count", -1, P.OUT_OF_RANGE),
    ("group_session", "others_count", None, P.WRONG_TYPE),  # NOT NULL column
    ("group_session", "linked_count", 2**64, P.OUT_OF_RANGE),
    ("group_session", "length_minutes", 0, P.OUT_OF_RANGE),
    ("group_series", "planned_sessions", 0, P.OUT_OF_RANGE),
    ("group_series", "planned_sessions", 1001, P.OUT_OF_RANGE),
    ("scale_reading", "values", {"housing": 2**64}, P.OUT_OF_RANGE),
    ("scale_reading", "values", {"housing": True}, P.WRONG_TYPE),
    ("scale_reading", "values", {"housing": 2.5}, P.WRONG_TYPE),
    ("scale_reading", "values", {"Not A Code": 1}, P.BAD_ID),
    ("scale_reading", "values", [1, 2], P.WRONG_TYPE),
    # dates: real, exact, from 1900, events no later than tomorrow
    ("consent", "date", "2026-02-30", P.BAD_DATE),
    ("consent", "date", LATER, P.DATE_IN_FUTURE),
    ("consent", "date", "2099-01-01", P.DATE_IN_FUTURE),
    ("consent", "date", "1899-12-31", P.DATE_TOO_EARLY),
    ("consent", "date", "20260301", P.BAD_DATE),
    ("consent", "date", "2026-W09-1", P.BAD_DATE),
    ("consent", "date", "2026-03-01T00:00", P.BAD_DATE),
    ("consent", "date", " 2026-03-01", P.BAD_DATE),
    ("consent", "date", 20260301, P.WRONG_TYPE),
    ("contact", "date", LATER, P.DATE_IN_FUTURE),
    ("contact", "date", None, P.WRONG_TYPE),
    ("phase_transition", "date", LATER, P.DATE_IN_FUTURE),
    ("scale_reading", "date", LATER, P.DATE_IN_FUTURE),
    ("group_session", "date", LATER, P.DATE_IN_FUTURE),
    ("form_response", "date", "2026-13-01", P.BAD_DATE),
    ("referral", "made_on", LATER, P.DATE_IN_FUTURE),
    ("referral", "closed_on", "2026-02-29", P.BAD_DATE),  # 2026 is no leap year
    ("client", "date_of_birth", LATER, P.DATE_IN_FUTURE),
    ("client", "created_at", "yesterday", P.BAD_DATE),
    ("group_series", "planned_dates", ["2026-04-31"], P.BAD_DATE),
    ("group_series", "planned_dates", ["2026-04-01", "2026-04-01"], P.DUPLICATE),
    ("group_session", "start_time", "25:00", P.BAD_DATE),
    ("group_session", "start_time", "18:30:00", P.BAD_DATE),
    # enums from core
    ("client", "status", "deported", P.BAD_ENUM),
    ("client", "status", None, P.WRONG_TYPE),
    ("user", "role", "root", P.BAD_ENUM),
    ("consent", "scope", "share_with_everyone", P.BAD_ENUM),
    ("consent", "action", "GRANT", P.BAD_ENUM),
    ("consent", "method", "telepathy", P.BAD_ENUM),
    ("phase_transition", "to_state", "phase_4", P.BAD_ENUM),
    ("phase_transition", "from_state", "", P.BAD_ENUM),
    ("phase_transition", "reason", "because", P.BAD_ENUM),
    ("referral", "status", "lost", P.BAD_ENUM),
    ("referral", "service_type", "spa", P.BAD_ENUM),
    ("contact", "type", "séance", P.BAD_ENUM),
    ("contact", "location", "moon", P.BAD_ENUM),
    ("contact", "participants", ["client", "client"], P.DUPLICATE),
    ("contact", "participants", ["ghost"], P.BAD_ENUM),
    ("partner", "service_types", ["housing", "spa"], P.BAD_ENUM),
    ("group_session", "place", "ship", P.BAD_ENUM),
    # ids and codes
    ("contact", "client_id", "not-a-uuid", P.BAD_ID),
    ("contact", "client_id", U1.upper(), P.BAD_ID),
    ("contact", "client_id", None, P.WRONG_TYPE),
    ("client", "assigned_worker", U1 + "x", P.BAD_ID),
    ("client", "assigned_worker", 7, P.WRONG_TYPE),
    ("group_attendance", "session_id", "", P.BAD_ID),
    ("form_response", "form_id", "Contact Note", P.BAD_ID),
    ("form_response", "form_id", "x" * 65, P.BAD_ID),
    ("group_series", "type", "", P.BAD_ID),
    ("group_session", "facilitators", ["admin:" + U1], P.BAD_SHAPE),
    ("group_session", "facilitators", ["user:alex"], P.BAD_ID),
    ("group_session", "facilitators", [f"user:{U1}", f"user:{U1}"], P.DUPLICATE),
    ("consent", "recorded_at", "yesterday", P.BAD_STAMP),
    ("consent", "recorded_at", "001773100000000-1000000-dev", P.BAD_STAMP),
    ("phase_transition", "recorded_at", "001773100000000-000001-dev\n", P.BAD_STAMP),
    # text: lone surrogates, NUL, size caps, required names
    ("client", "legal_name", "\ud800", P.BAD_TEXT),
    ("client", "legal_name", "Sam\x00", P.BAD_TEXT),
    ("client", "legal_name", "x" * 2001, P.TOO_LONG),
    ("client", "safe_contact_notes", "x" * 20_001, P.TOO_LONG),
    ("client", "preferred_name", "   ", P.EMPTY),
    ("client", "preferred_name", None, P.WRONG_TYPE),
    ("client", "aliases", ["ok", "\udfff"], P.BAD_TEXT),
    ("client", "aliases", ["x"] * 101, P.TOO_LARGE),
    ("client", "aliases", None, P.WRONG_TYPE),
    ("client", "aliases", "Sam", P.WRONG_TYPE),
    ("client", "languages", [["en"]], P.WRONG_TYPE),
    ("partner", "notes", "\udc80", P.BAD_TEXT),
    ("group_session", "topic", "x" * 2001, P.TOO_LONG),
    ("user", "name", "", P.EMPTY),
    # JSON fields: shape, depth, numbers
    ("form_response", "answers", [], P.WRONG_TYPE),
    ("form_response", "answers", None, P.WRONG_TYPE),
    ("form_response", "answers", {"score": float("nan")}, P.NOT_FINITE),
    ("form_response", "answers", {"score": float("inf")}, P.NOT_FINITE),
    ("form_response", "answers", {"score": 2**64}, P.OUT_OF_RANGE),
    ("form_response", "answers", {"note": "\ud800"}, P.BAD_TEXT),
    ("form_response", "answers", {"note": "x" * 20_001}, P.TOO_LONG),
    ("form_response", "answers", {"Bad Key": 1}, P.BAD_ID),
    ("form_response", "answers", {"g": [[[[["deep"]]]]]}, P.TOO_DEEP),
    ("form_response", "answers", {"g": list(range(5001))}, P.TOO_LARGE),
    ("form_response", "draft", 0, P.WRONG_TYPE),
    ("setting", "value", float("nan"), P.NOT_FINITE),
    ("setting", "value", {"k": "\ud800"}, P.BAD_TEXT),
    ("setting", "value", [[[[[[[[[1]]]]]]]]], P.TOO_DEEP),
    # flags are strictly bool
    ("client", "deleted", 1, P.WRONG_TYPE),
    ("client", "deleted", None, P.WRONG_TYPE),
    ("group_attendance", "deleted", "false", P.WRONG_TYPE),
]


@pytest.mark.parametrize(("entity", "field", "value", "reason"), BAD)
def test_a_bad_value_is_refused_naming_field_and_reason_never_the_value(
    entity: str, field: str, value: object, reason: WriteProblem
) -> None:
    exc = _refused(entity, {**GOOD[entity], field: value})
    assert (exc.reason, exc.entity, exc.field) == (reason, entity, field)
    assert str(exc) == f"{entity}.{field}: {reason.value}"
    _never_echoes(exc, value)


def _never_echoes(exc: InvalidWrite, value: object) -> None:
    shown = " ".join([str(exc), repr(exc), repr(exc.args), str(exc.__cause__)])
    pieces = value if isinstance(value, list | tuple) else [value]
    for piece in pieces:
        if isinstance(piece, str) and len(piece) >= 3:
            assert piece not in shown
        if isinstance(piece, int) and not isinstance(piece, bool) and abs(piece) > 10**6:
            assert str(piece) not in shown
    assert exc.__cause__ is None and exc.__suppress_context__


HOSTILE: list[object] = [
    2**64,
    -(2**63) - 1,
    float("nan"),
    float("-inf"),
    "\ud800",
    "S" * (MAX_WRITE_CHARS // 2),
    object(),
    b"bytes",
    ("tuple",),
    {1: "int key"},
]


@pytest.mark.parametrize("entity", sorted(REGISTRY))
def test_every_field_refuses_the_hostile_values(entity: str) -> None:
    """2**64, NaN, a lone surrogate, oversized text, non-JSON objects: refused in every field
    of every entity (none of them may reach the apply transaction)."""
    for field in REGISTRY[entity].fields:
        for value in HOSTILE:
            exc = _refused(entity, {field: value})
            assert exc.entity == entity and exc.field == field
            _never_echoes(exc, value)


@pytest.mark.parametrize(
    ("entity", "row_id"),
    [
        ("client", "Sam"),
        ("client", ROW.upper()),
        ("client", ROW + "\n"),
        ("client", ""),
        ("client", 5),
        ("setting", ""),
        ("setting", "a\x00b"),
        ("setting", "\ud800"),
        ("setting", "x" * 201),
    ],
)
def test_a_malformed_row_id_is_refused(entity: str, row_id: Any) -> None:
    exc = _refused(entity, {"deleted": True}, row_id=row_id)
    assert (exc.reason, exc.entity, exc.field) == (WriteProblem.BAD_ROW_ID, entity, None)


def test_unknown_entities_and_fields_are_refused_without_naming_them() -> None:
    exc = _refused("secret_entity_name", {})
    assert exc.reason is WriteProblem.UNKNOWN_ENTITY and "secret" not in str(exc)
    exc = _refused("client", {"secret_field_name": 1})
    assert exc.reason is WriteProblem.UNKNOWN_FIELD and "secret" not in str(exc)
    assert (exc.entity, exc.field) == ("client", None)


def test_a_write_too_large_as_a_whole_is_refused() -> None:
    notes = "x" * 20_000
    answers = {f"f{i}": notes for i in range(MAX_WRITE_CHARS // 20_000 + 1)}
    exc = _refused("form_response", {"answers": answers})
    assert exc.reason is WriteProblem.TOO_LARGE and exc.field is None


def test_answers_as_deep_as_the_forms_make_them_pass() -> None:
    deep: object = "leaf"
    for _ in range(MAX_JSON_DEPTH - 1):
        deep = [deep]
    check_write("form_response", ROW, {"answers": {"g": deep}}, today=TODAY)


@pytest.mark.parametrize(
    ("entity", "missing"),
    [
        ("phase_transition", "date"),
        ("phase_transition", "from_state"),
        ("scale_reading", "date"),
        ("scale_reading", "values"),
        ("consent", "date"),
        ("consent", "partner_id"),  # else a scope change could keep an older row's partner
        ("consent", "witness"),
    ],
)
def test_an_append_only_record_comes_whole(entity: str, missing: str) -> None:
    partial = dict(GOOD[entity])
    del partial[missing]
    exc = _refused(entity, partial)
    assert (exc.reason, exc.field) == (WriteProblem.INCOMPLETE, missing)
    check_write(entity, ROW, {"deleted": True}, today=TODAY)


@pytest.mark.parametrize(
    ("scope", "action", "partner"),
    [
        ("share_with_partner", "grant", None),
        ("share_with_office", "grant", U2),
        ("store_on_device", "withdraw", U2),
    ],
)
def test_a_consent_partner_must_match_its_scope(scope: str, action: str, partner: Any) -> None:
    fields = {**GOOD["consent"], "scope": scope, "action": action, "partner_id": partner}
    exc = _refused("consent", fields)
    assert (exc.reason, exc.field) == (WriteProblem.INCONSISTENT, "partner_id")


def test_a_partner_withdrawal_for_every_partner_passes() -> None:
    fields = {**GOOD["consent"], "action": "withdraw", "partner_id": None}
    check_write("consent", ROW, fields, today=TODAY)


def test_today_defaults_to_the_local_date() -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    later = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    check_write("contact", ROW, {"date": tomorrow})
    with pytest.raises(InvalidWrite):
        check_write("contact", ROW, {"date": later})


# -- property: any JSON input passes or raises InvalidWrite, never anything else ---------------
_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(), max_size=30)
    | st.sampled_from(["2026-02-30", "2026-03-01", "active", U1, STAMP, "client", "grant"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=25,
)
_names = st.sampled_from(sorted({f for spec in REGISTRY.values() for f in spec.fields}))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    entity=st.sampled_from([*sorted(REGISTRY), "nope"]) | st.text(max_size=10),
    row_id=st.sampled_from([ROW, U1, "idle_minutes"]) | st.text(max_size=40),
    fields=st.dictionaries(_names | st.text(max_size=10), _json_values, max_size=6),
)
def test_any_json_write_passes_or_is_an_invalid_write(
    entity: str, row_id: str, fields: dict[str, object]
) -> None:
    try:
        check_write(entity, row_id, fields, today=TODAY)
    except InvalidWrite as exc:
        assert isinstance(exc.reason, WriteProblem)
        assert exc.entity in (None, *REGISTRY)
        assert exc.field is None or exc.field in REGISTRY[str(exc.entity)].fields


@settings(max_examples=200)
@given(
    entity=st.sampled_from(sorted(GOOD)),
    data=st.data(),
)
def test_one_random_field_value_in_a_good_write(entity: str, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(sorted(GOOD[entity])))
    value = data.draw(_json_values)
    try:
        check_write(entity, _row(entity), {**GOOD[entity], field: value}, today=TODAY)
    except InvalidWrite as exc:
        assert exc.entity == entity and exc.field in (field, None, "partner_id")


# -- every value the app writes passes -----------------------------------------------------------
def _log_writes(session: Any) -> dict[tuple[str, str, str], dict[str, object]]:
    writes: dict[tuple[str, str, str], dict[str, object]] = collections.defaultdict(dict)
    rows = session.conn.execute(
        "SELECT entity, row_id, hlc, field, value FROM changes ORDER BY seq"
    ).fetchall()
    for entity, row_id, hlc, field, value in rows:
        writes[(entity, row_id, hlc)][field] = json.loads(value)
    return writes


def test_every_write_the_app_makes_passes(tmp_path: Path) -> None:
    from exitdoors_desktop.storage.demo import seed_demo
    from exitdoors_desktop.storage.program_repo import (
        ConsentRepository,
        PartnerRepository,
        SettingsRepository,
    )
    from exitdoors_desktop.storage.rekey import _mark_user_deleted
    from exitdoors_desktop.storage.report_data import save_cost_cycles
    from exitdoors_desktop.storage.vault import Vault

    today = dt.date.today()
    session, _recovery = Vault(tmp_path / "vault").create("alex", PASSPHRASE, kdf=CHEAP)
    try:
        seed_demo(session, 40, today=today)
        client_id, partner_id = (
            session.conn.execute("SELECT id FROM clients LIMIT 1").fetchone()[0],
            session.conn.execute("SELECT id FROM partners LIMIT 1").fetchone()[0],
        )
        consents = ConsentRepository(session)
        consents.add(
            client_id, ConsentScope.SHARE_WITH_PARTNER, ConsentAction.GRANT, today,
            ConsentMethod.VERBAL, witness="alex", partner_id=partner_id,
        )  # fmt: skip
        consents.add(
            client_id, ConsentScope.SHARE_WITH_PARTNER, ConsentAction.WITHDRAW, today,
            ConsentMethod.WRITTEN,
        )  # fmt: skip
        repo = SettingsRepository(session)
        repo.set("idle_minutes", 10)
        repo.set("window_title", "Exit Doors — office")
        repo.set("text_size:alex", 125)
        save_cost_cycles(
            session,
            [CostCycle("y1", "Year 1", dt.date(2025, 4, 1), dt.date(2026, 3, 31), Decimal("1.5"))],
        )
        PartnerRepository(session).delete(partner_id)
        session.add_user("Robin Q", "another violet lantern harbour", Role.SUPERVISOR, kdf=CHEAP)
        with session.transaction():
            _mark_user_deleted(session, "Robin Q")
        writes = _log_writes(session)
    finally:
        session.lock()
    kinds = collections.Counter(entity for entity, _row_id, _hlc in writes)
    assert set(kinds) == set(REGISTRY), "the demo should exercise every entity"
    refused = collections.Counter()
    for (entity, row_id, _hlc), fields in writes.items():
        try:
            check_write(entity, row_id, fields, today=today)
        except InvalidWrite as exc:
            refused[str(exc)] += 1
    assert not refused, refused


# -- why: each of these raised inside the apply transaction and halted sync for the team ----
HALTING: list[tuple[str, dict[str, object], WriteProblem]] = [
    ("client", {"preferred_name": "Sam", "age": 2**64}, P.OUT_OF_RANGE),
    ("client", {"preferred_name": None}, P.WRONG_TYPE),
    ("client", {"preferred_name": "Sam", "legal_name": "\ud800"}, P.BAD_TEXT),
    ("consent", {**GOOD["consent"], "date": "2026-02-30"}, P.BAD_DATE),
    ("consent", {**GOOD["consent"], "partner_id": None}, P.INCONSISTENT),
    ("phase_transition", {**GOOD["phase_transition"], "to_state": "phase_4"}, P.BAD_ENUM),
    ("phase_transition", {**GOOD["phase_transition"], "date": "2026-02-30"}, P.BAD_DATE),
]


@pytest.mark.parametrize(("entity", "fields", "reason"), HALTING)
def test_values_that_halted_the_apply_transaction_are_refused_before_it(
    tmp_path: Path, entity: str, fields: dict[str, object], reason: WriteProblem
) -> None:
    from exitdoors_desktop.storage.sync_store import SyncStore, Write
    from exitdoors_desktop.storage.vault import Vault

    stamp = "001773100000000-000001-remote"
    write = Write(entity, ROW, stamp, "remote", None, U1 if entity != "client" else ROW, fields)
    good = Write("client", U2, stamp, "remote", None, U2, {"preferred_name": "Kit"})
    session, _recovery = Vault(tmp_path / "vault").create("alex", PASSPHRASE, kdf=CHEAP)
    try:
        store = SyncStore(session)
        # Unchecked, the whole answer fails (every round, on every laptop): nothing applies.
        with pytest.raises(Exception):  # noqa: B017, PT011 - whichever the database raises
            store.apply_answer([good, write], (), 5)
        assert not session.conn.execute("SELECT 1 FROM clients").fetchall()
        # Checked first: the bad write is refused by name and reason, the rest applies.
        with pytest.raises(InvalidWrite) as info:
            check_write(entity, ROW, fields, today=TODAY)
        assert info.value.reason is reason
        store.apply_answer([good], (), 5)
        assert session.conn.execute("SELECT preferred_name FROM clients").fetchall() == [("Kit",)]
    finally:
        session.lock()
