"""The raw queries behind the outcome report: every record the metrics count, as plain core
objects, in a handful of whole-table reads (no per-client round trips).

Also the per-vault list of cost cycles (operating cost per program cycle, entered in the app),
kept in the settings table under ``cost_cycles``; ``build_report`` (read, count, publish) and
``write_report_file``, the one audited way a report leaves the vault as a file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from exitdoors_desktop.core.consent import ConsentRecord, effective_consent
from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.entities import (
    Contact,
    ContactType,
    Involvement,
    Location,
)
from exitdoors_desktop.core.entities import (
    Participant as Who,
)
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.groups import attendance_contacts
from exitdoors_desktop.core.lifecycle import PhaseTransition, replay
from exitdoors_desktop.core.metrics.model import (
    CostCycle,
    GroupData,
    InvolvementMeasure,
    Occasion,
    Participant,
    PartnerSurvey,
    Period,
    ReadinessMeasure,
    ReportData,
)
from exitdoors_desktop.core.metrics.publish import Section, View, may_see_staff_view, publish
from exitdoors_desktop.core.metrics.report import OutcomeReport, outcome_report
from exitdoors_desktop.core.scales import ScaleReading
from exitdoors_desktop.storage import atomic
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.program_repo import (
    SettingsRepository,
    consent_from_row,
    referral_from_row,
    transition_from_row,
)
from exitdoors_desktop.storage.vault import Session

COST_CYCLES_KEY = "cost_cycles"
INVOLVEMENT_FORM = "sex_work_involvement"
FOLLOW_UP_FORM = "follow_up"
READINESS_FORM = "readiness"
READINESS_SCALE = "readiness"
PARTNER_SURVEY_FORM = "partner_survey"
_MONEY = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


def _day(text: object, fallback: object = None) -> dt.date | None:
    for value in (text, fallback):
        if isinstance(value, str) and value:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                continue
    return None


def _enum_or_none(cls: type[Involvement] | type[Occasion], value: object) -> object:
    try:
        return cls(value) if isinstance(value, str) else None
    except ValueError:
        return None


def load_report_data(session: Session, definitions: Definitions) -> ReportData:
    """Everything the report counts, for every (not deleted) client in the vault."""
    conn = session.conn
    clients = {
        str(cid): (None if worker is None else str(worker))
        for cid, worker in conn.execute("SELECT id, assigned_worker FROM clients WHERE deleted = 0")
    }
    transitions: dict[str, list[PhaseTransition]] = defaultdict(list)
    for row in conn.execute(
        "SELECT id, client_id, date, from_state, to_state, reason, recorded_at"
        " FROM phase_transitions WHERE deleted = 0"
    ):
        if row[1] in clients:
            transitions[row[1]].append(transition_from_row(row))
    consents: dict[str, list[ConsentRecord]] = defaultdict(list)
    for row in conn.execute(
        "SELECT id, client_id, scope, action, date, recorded_at, method, witness, partner_id"
        " FROM consents WHERE deleted = 0"
    ):
        consents[row[1]].append(consent_from_row(row))
    participants = tuple(
        Participant(
            cid,
            worker,
            # Merged devices can disagree; transitions that no longer fit are left for a
            # person to review (core.lifecycle.replay) and not counted.
            replay(transitions.get(cid, ()))[0],
            effective_consent(consents.get(cid, ())).deidentified_evaluation,
        )
        for cid, worker in clients.items()
    )
    groups = load_group_data(session, definitions)
    contacts = [
        *_contacts(session, clients),
        # When the program says so, each attendance is also one of her contacts (fidelity).
        *attendance_contacts(groups.sessions, groups.attendance, definitions.program.groups),
    ]
    return ReportData(
        participants=participants,
        involvement=tuple(_involvement(session, clients)),
        readings=tuple(_readings(session, clients, definitions.program.default_scale)),
        readiness=tuple(_readiness(session, clients)),
        contacts=tuple(contacts),
        referrals=tuple(
            referral_from_row(r)
            for r in conn.execute(
                "SELECT id, client_id, service_type, status, made_on, partner_id, accepted_on,"
                " attended_on, closed_on, response_id FROM referrals WHERE deleted = 0"
            )
            if r[1] in clients
        ),
        partner_surveys=tuple(_partner_surveys(session)),
        cycles=tuple(load_cost_cycles(session)),
        groups=groups,
    )


def load_group_data(session: Session, definitions: Definitions) -> GroupData:
    """Every live session and series, and the attendance of live clients."""
    repo = GroupRepository(session, definitions.program.groups)
    return GroupData(tuple(repo.sessions()), tuple(repo.all_series()), tuple(repo.attendance()))


def _involvement(session: Session, clients: dict[str, str | None]) -> Iterable[InvolvementMeasure]:
    rows = session.conn.execute(
        "SELECT client_id, form_id, date, json_extract(answers, '$.date'),"
        " json_extract(answers, '$.occasion'), json_extract(answers, '$.involvement'),"
        " json_extract(answers, '$.reached')"
        " FROM form_responses WHERE form_id IN (?, ?) AND deleted = 0 AND draft = 0"
        " AND client_id IS NOT NULL",
        (INVOLVEMENT_FORM, FOLLOW_UP_FORM),
    )
    for cid, form_id, rdate, adate, occasion, involvement, reached in rows:
        day = _day(adate, rdate)
        if cid not in clients or day is None:
            continue
        value = _enum_or_none(Involvement, involvement)
        if form_id == FOLLOW_UP_FORM:
            occ: object = Occasion.FOLLOW_UP
            if not reached:
                value = None
        else:
            occ = _enum_or_none(Occasion, occasion)
            if occ is None:
                continue
        assert isinstance(occ, Occasion)
        assert value is None or isinstance(value, Involvement)
        yield InvolvementMeasure(cid, day, occ, value)


def _readings(
    session: Session, clients: dict[str, str | None], scale_id: str
) -> Iterable[ScaleReading]:
    for rid, cid, date, values, recorded_at in session.conn.execute(
        'SELECT id, client_id, date, "values", recorded_at FROM scale_readings'
        " WHERE scale_id = ? AND deleted = 0",
        (scale_id,),
    ):
        if cid in clients:
            parsed = json.loads(values)
            yield ScaleReading(
                rid,
                cid,
                scale_id,
                dt.date.fromisoformat(date),
                {str(k): v for k, v in parsed.items() if isinstance(v, int)},
                recorded_at,
            )


def _readiness(session: Session, clients: dict[str, str | None]) -> Iterable[ReadinessMeasure]:
    """Readiness stages from the readiness form and from readings of the readiness scale."""
    conn = session.conn
    for rid, cid, rdate, adate, stage in conn.execute(
        "SELECT id, client_id, date, json_extract(answers, '$.date'),"
        " json_extract(answers, '$.stage') FROM form_responses"
        " WHERE form_id = ? AND deleted = 0 AND draft = 0 AND client_id IS NOT NULL",
        (READINESS_FORM,),
    ):
        day = _day(adate, rdate)
        if cid in clients and day is not None and isinstance(stage, int):
            yield ReadinessMeasure(cid, day, stage, rid)
    for cid, date, stage, recorded_at in conn.execute(
        "SELECT client_id, date, json_extract(\"values\", '$.readiness'), recorded_at"
        " FROM scale_readings WHERE scale_id = ? AND deleted = 0",
        (READINESS_SCALE,),
    ):
        if cid in clients and isinstance(stage, int):
            yield ReadinessMeasure(cid, dt.date.fromisoformat(date), stage, recorded_at)


def _contacts(session: Session, clients: dict[str, str | None]) -> Iterable[Contact]:
    locations = {loc.value: loc for loc in Location}
    types = {t.value: t for t in ContactType}
    whos = {w.value: w for w in Who}
    groups: dict[str, frozenset[Who]] = {}  # a handful of distinct JSON lists: parse each once
    days: dict[str, dt.date] = {}
    for cid, rid, date, ctype, location, participants, worker in session.conn.execute(
        "SELECT client_id, id, date, type, location, participants, worker_id FROM contacts"
        " WHERE deleted = 0"
    ):
        if cid not in clients or ctype not in types:
            continue
        who = groups.get(participants)
        if who is None:
            who = groups[participants] = frozenset(
                whos[p] for p in json.loads(participants) if p in whos
            )
        day = days.get(date)
        if day is None:
            day = days[date] = dt.date.fromisoformat(date)
        yield Contact(rid, cid, day, types[ctype], locations.get(location), who, None, worker)


def _partner_surveys(session: Session) -> Iterable[PartnerSurvey]:
    for rid, rdate, adate, agency, relationship, benefit in session.conn.execute(
        "SELECT id, date, json_extract(answers, '$.date'), json_extract(answers, '$.agency_name'),"
        " json_extract(answers, '$.working_relationship'), json_extract(answers, '$.benefit')"
        " FROM form_responses WHERE form_id = ? AND deleted = 0 AND draft = 0",
        (PARTNER_SURVEY_FORM,),
    ):
        day = _day(adate, rdate)
        if day is None:
            continue
        # The agency's name only groups its answers; it is never carried into the report.
        key = " ".join(agency.casefold().split()) if isinstance(agency, str) else ""
        yield PartnerSurvey(
            key or str(rid),
            day,
            relationship if isinstance(relationship, str) else None,
            benefit if isinstance(benefit, str) else None,
        )


# -- cost cycles ----------------------------------------------------------------------------


def parse_money(text: str) -> Decimal:
    """A non-negative amount with at most two decimals ("586449.10", "586,449.10", "$1,000")."""
    cleaned = text.strip().replace(",", "").removeprefix("$").strip()
    if not _MONEY.match(cleaned):
        raise InvalidInput("an amount must be a number like 586449.10")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput("an amount must be a number like 586449.10") from None


def _cycle(item: object) -> CostCycle | None:
    if not isinstance(item, dict):
        return None
    try:
        return CostCycle(
            id=str(item["id"]),
            label=str(item.get("label") or ""),
            start=dt.date.fromisoformat(str(item["start"])),
            end=dt.date.fromisoformat(str(item["end"])),
            operating_cost=parse_money(str(item["operating_cost"])),
        )
    except (KeyError, ValueError, InvalidInput):
        return None


def load_cost_cycles(session: Session) -> list[CostCycle]:
    """The stored cycles, oldest first; an entry that does not parse is skipped."""
    raw = SettingsRepository(session).get(COST_CYCLES_KEY, [])
    items = raw if isinstance(raw, list) else []
    cycles = [c for c in (_cycle(i) for i in items) if c is not None]
    return sorted(cycles, key=lambda c: (c.start, c.end, c.id))


def save_cost_cycles(session: Session, cycles: Sequence[CostCycle]) -> None:
    ids = [c.id for c in cycles]
    if len(set(ids)) != len(ids):
        raise InvalidInput("two cycles have the same id")
    SettingsRepository(session).set(
        COST_CYCLES_KEY,
        [
            {
                "id": c.id,
                "label": c.label,
                "start": c.start.isoformat(),
                "end": c.end.isoformat(),
                "operating_cost": str(c.operating_cost),
            }
            for c in sorted(cycles, key=lambda c: (c.start, c.end, c.id))
        ],
    )


def worker_names(session: Session) -> dict[str, str]:
    """User id → name, for the staff-only screens (never for files)."""
    return {
        str(uid): str(name)
        for uid, name in session.conn.execute("SELECT id, name FROM users WHERE deleted = 0")
    }


REPORT_FORMATS = ("csv", "pdf")


def check_view_allowed(session: Session, view: View) -> None:
    """Exact counts are for the program's supervisors and admins (app-level rule)."""
    if view is View.STAFF and not may_see_staff_view(session.role):
        raise InvalidInput("the staff view (exact counts) is for supervisors and admins")


def build_report(
    session: Session,
    definitions: Definitions,
    period: Period,
    today: dt.date,
    view: View = View.FUNDER,
) -> tuple[OutcomeReport, tuple[Section, ...]]:
    """Read the vault, count, and publish in ``view``."""
    check_view_allowed(session, view)
    data = load_report_data(session, definitions)
    report = outcome_report(
        data,
        definitions.program,
        definitions.default_scale,
        definitions.scales["readiness"],
        period,
        today,
    )
    return report, publish(report, view)


def write_report_file(
    session: Session, report: OutcomeReport, view: View, fmt: str, content: bytes, path: Path
) -> None:
    """Write a report file (0600, atomically) and its audit event together: the file is
    written inside the transaction, so there is never one without the other. The audit names
    the format, period and view, never a figure."""
    if fmt not in REPORT_FORMATS:
        raise InvalidInput("the format must be csv or pdf")
    check_view_allowed(session, view)
    period = f"{report.period.start}..{report.period.end}"
    with session.transaction():
        session.audit.append(AuditAction.EXPORT, "report", None, f"outcomes {fmt} {period} {view}")
        atomic.write_private(path, content)
