"""Group work rules: series completion, attendance as a contact, consent of each attendee,
the program's group settings and the checks on a session."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from fractions import Fraction
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exitdoors_desktop.core.consent import (
    ConsentAction,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
)
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import ContactType, Location, Participant
from exitdoors_desktop.core.errors import InvalidDefinition, InvalidInput
from exitdoors_desktop.core.groups import (
    Attendance,
    CompletionKind,
    CompletionRule,
    Facilitator,
    FacilitatorKind,
    GroupSession,
    GroupSettings,
    Place,
    Series,
    attendance_contacts,
    check_series,
    check_session,
    note_names,
    series_completion,
    series_progress,
    shareable_attendances,
)
from exitdoors_desktop.core.program import check_program, parse_program

DAY = dt.date(2026, 3, 3)
SETTINGS = load_definitions().program.groups


def _program() -> dict[str, object]:
    text = resources.files("resources").joinpath("program.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def _session(sid: str, place: Place = Place.COMMUNITY, **kw: object) -> GroupSession:
    base: dict[str, object] = {"date": DAY, "type": "skills_training", "place": place}
    base.update(kw)
    return GroupSession(sid, **base)  # type: ignore[arg-type]


# -- settings ---------------------------------------------------------------------------------


def test_shipped_program_has_bilingual_group_types_and_rules() -> None:
    assert SETTINGS.type_ids == (
        "support_group",
        "psychoeducation",
        "group_counselling",
        "skills_training",
        "peer_support_circle",
    )
    for t in SETTINGS.types:
        assert t.label.en and t.label.fr
    assert SETTINGS.completion == CompletionRule(CompletionKind.FRACTION, share=Fraction(3, 4))
    assert SETTINGS.attendance_counts_as_contact is True


def test_a_program_without_groups_is_valid_and_has_no_group_types() -> None:
    data = _program()
    del data["groups"]
    assert parse_program(data).groups == GroupSettings()


@pytest.mark.parametrize(
    ("change", "path", "code"),
    [
        (lambda g: g.update(types=[]), "groups.types", "empty"),
        (
            lambda g: g["types"][0].update(contact_type="lunch"),
            "groups.types[0].contact_type",
            "bad_contact_type",
        ),  # fmt: skip
        (lambda g: g["types"][1].update(id="support_group"), "groups.types[1].id", "duplicate_id"),
        (lambda g: g["types"][0]["label"].pop("fr"), "groups.types[0].label.fr", "missing_label"),
        (
            lambda g: g.update(completion={"kind": "fraction", "share": 1.5}),
            "groups.completion.share",
            "bad_share",
        ),  # fmt: skip
        (
            lambda g: g.update(completion={"kind": "fraction", "share": 0}),
            "groups.completion.share",
            "bad_share",
        ),  # fmt: skip
        (
            lambda g: g.update(completion={"kind": "at_least", "sessions": 0}),
            "groups.completion.sessions",
            "not_positive_integer",
        ),  # fmt: skip
        (lambda g: g.update(completion={"kind": "most"}), "groups.completion.kind", "bad_kind"),
        (
            lambda g: g.update(attendance_counts_as_contact="yes"),
            "groups.attendance_counts_as_contact",
            "not_boolean",
        ),  # fmt: skip
        (lambda g: g.pop("completion"), "groups.completion", "missing"),
        (lambda g: g.update(colour="red"), "groups.colour", "unknown_key"),
    ],
)
def test_bad_group_settings_are_named_by_path(change, path: str, code: str) -> None:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(_program())
    change(data["groups"])
    problems = check_program(data)
    assert (path, code) in {(p.path, p.code) for p in problems}, problems
    with pytest.raises(InvalidDefinition):
        parse_program(data)


def test_at_least_rule_reads_and_caps_at_the_planned_number() -> None:
    data = _program()
    groups = data["groups"]
    assert isinstance(groups, dict)
    groups["completion"] = {"kind": "at_least", "sessions": 6}
    rule = parse_program(data).groups.completion
    assert rule.required(8) == 6
    assert rule.required(4) == 4  # cannot ask for more sessions than were planned


# -- completion -------------------------------------------------------------------------------


@given(
    planned=st.integers(1, 60),
    num=st.integers(1, 20),
    den=st.integers(1, 20),
)
def test_fraction_rule_is_the_smallest_count_reaching_the_share(
    planned: int, num: int, den: int
) -> None:
    share = Fraction(min(num, den), den)
    rule = CompletionRule(CompletionKind.FRACTION, share=share)
    need = rule.required(planned)
    assert 1 <= need <= planned
    assert Fraction(need, planned) >= share
    if need > 1:
        assert Fraction(need - 1, planned) < share
    assert need == max(1, math.ceil(share * planned))


@given(
    planned=st.integers(1, 12),
    attended=st.sets(st.integers(0, 15)),
    duplicates=st.integers(0, 3),
    n=st.integers(1, 12),
)
def test_series_progress_counts_distinct_sessions_of_that_series_only(
    planned: int, attended: set[int], duplicates: int, n: int
) -> None:
    series = Series("s1", "Course", "skills_training", planned)
    held = [_session(f"x{i}", series_id="s1") for i in range(16)]
    other = _session("elsewhere", series_id="s2")
    rows = [Attendance(f"a{i}", f"x{i}", "her") for i in sorted(attended)]
    rows += [Attendance(f"d{i}", f"x{i}", "her") for i in sorted(attended)[:duplicates]]
    rows += [Attendance("o", "elsewhere", "her"), Attendance("z", "x0", "someone_else")]
    rule = CompletionRule(CompletionKind.AT_LEAST, sessions=n)
    p = series_progress(series, [*held, other], rows, "her", rule)
    assert p.attended == len(attended)
    assert p.planned == planned
    assert p.required == min(n, planned)
    assert p.completed == (len(attended) >= min(n, planned))


def test_attended_6_of_8_completes_under_three_quarters_and_5_does_not() -> None:
    series = Series("s1", "Spring skills", "skills_training", 8)
    held = [_session(f"x{i}", series_id="s1") for i in range(8)]
    rows = [Attendance(f"a{i}", f"x{i}", "ana") for i in range(6)]
    rows += [Attendance(f"b{i}", f"x{i}", "bea") for i in range(5)]
    result = series_completion(series, held, rows, SETTINGS.completion)
    assert (result["ana"].attended, result["ana"].planned, result["ana"].completed) == (6, 8, True)
    assert (result["bea"].attended, result["bea"].completed) == (5, False)


# -- attendance as a contact ------------------------------------------------------------------


@given(place=st.sampled_from(list(Place)), length=st.none() | st.integers(1, 300))
def test_attendance_is_a_contact_with_her_where_the_session_was(
    place: Place, length: int | None
) -> None:
    s = _session("g", place, length_minutes=length, type="support_group")
    (c,) = attendance_contacts([s], [Attendance("a", "g", "her")], SETTINGS)
    assert c.client_id == "her" and c.date == DAY and c.id == "a"
    assert c.type is ContactType.PEER_SUPPORT
    assert c.participants == frozenset({Participant.CLIENT})
    assert c.duration_minutes == length
    assert (
        c.location
        == {
            Place.COMMUNITY: Location.COMMUNITY,
            Place.OFFICE: Location.OFFICE,
            Place.ONLINE: None,
        }[place]
    )


def test_attendance_is_no_contact_when_the_program_says_so() -> None:
    off = GroupSettings(SETTINGS.types, SETTINGS.completion, attendance_counts_as_contact=False)
    assert attendance_contacts([_session("g")], [Attendance("a", "g", "her")], off) == []


def test_attendance_of_an_unknown_session_or_type_is_no_contact() -> None:
    s = _session("g", type="retired_type")
    rows = [Attendance("a", "g", "her"), Attendance("b", "missing", "her")]
    assert attendance_contacts([s], rows, SETTINGS) == []


# -- consent of each attendee -----------------------------------------------------------------


def _consent(cid: str, action: ConsentAction, day: int, stamp: str) -> ConsentRecord:
    return ConsentRecord(
        f"{cid}{day}{action}",
        cid,
        ConsentScope.SHARE_WITH_OFFICE,
        action,
        dt.date(2026, 1, day),
        stamp,
        ConsentMethod.VERBAL,
    )


@given(st.lists(st.sampled_from(["none", "grant", "withdrawn", "regranted"]), max_size=12))
def test_each_attendance_is_shared_only_under_her_own_consent(states: list[str]) -> None:
    consents: dict[str, list[ConsentRecord]] = {}
    rows = []
    for i, state in enumerate(states):
        cid = f"c{i}"
        rows.append(Attendance(f"a{i}", "g", cid))
        recs = []
        if state != "none":
            recs.append(_consent(cid, ConsentAction.GRANT, 1, "000000000000001-000000-dev1"))
        if state in ("withdrawn", "regranted"):
            recs.append(_consent(cid, ConsentAction.WITHDRAW, 2, "000000000000002-000000-dev1"))
        if state == "regranted":
            recs.append(_consent(cid, ConsentAction.GRANT, 3, "000000000000003-000000-dev1"))
        consents[cid] = recs
    ok, held = shareable_attendances(rows, consents)
    assert len(ok) + len(held) == len(rows)
    for a in ok:
        assert states[int(a.client_id[1:])] in ("grant", "regranted")
    for a in held:
        assert states[int(a.client_id[1:])] in ("none", "withdrawn")


# -- checks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"type": "karaoke"}, "unknown group type"),
        ({"length_minutes": 0}, "minutes"),
        ({"length_minutes": 24 * 60 + 1}, "minutes"),
        ({"others_count": -1}, "others attending"),
        ({"note": "x" * 2001}, "note is too long"),
        (
            {"facilitators": (Facilitator(FacilitatorKind.USER, "u"),) * 2},
            "facilitator is listed twice",
        ),
    ],
)
def test_a_bad_session_is_refused_with_a_specific_reason(kw: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        check_session(_session("g", **kw), SETTINGS)


@pytest.mark.parametrize(
    ("series", "words"),
    [
        (Series("s", "Course", "nope", 8), "unknown group type"),
        (Series("s", "  ", "skills_training", 8), "needs a name"),
        (Series("s", "Course", "skills_training", 0), "planned sessions"),
        (Series("s", "Course", "skills_training", 1, (DAY, DAY)), "more planned dates"),
        (Series("s", "Course", "skills_training", 2, (DAY, DAY)), "listed twice"),
    ],
)
def test_a_bad_series_is_refused_with_a_specific_reason(series: Series, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        check_series(series, SETTINGS)


def test_facilitator_codes_round_trip_and_bad_ones_are_refused() -> None:
    f = Facilitator(FacilitatorKind.PARTNER, "p-1")
    assert Facilitator.decode(f.encode()) == f
    for bad in ("p-1", "boss:1", "user:"):
        with pytest.raises(InvalidInput):
            Facilitator.decode(bad)


def test_note_names_finds_attendee_names_as_whole_words() -> None:
    note = "Talked about budgeting; Mira Sample shared a tip. Anamaria was late."
    assert note_names(note, ["Mira Sample", "Ana", "Bea"]) == ("Mira Sample",)
    assert note_names(None, ["Mira"]) == ()
