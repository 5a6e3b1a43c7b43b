"""Outcome-report benchmark over 10,000 clients with full CTI histories.

- Metrics: every figure of the outcome report plus the de-identified tables (target <= 2 s),
  on plain records generated directly (no vault in the way);
- PDF: the whole report rendered by Qt (target <= 5 s), and the CSV beside it;
- beside them, the raw queries the report uses (storage.report_data.load_report_data) on a
  real SQLCipher vault holding the same records. The vault is filled by a bench-only bulk path
  (plain INSERTs into the typed tables, no change log or audit): through the repositories it
  would take ~5 ms per write with memory security on, about an hour for these ~600k rows.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from exitdoors_desktop.core.definitions import load_definitions  # noqa: E402
from exitdoors_desktop.core.entities import (  # noqa: E402
    Contact,
    ContactType,
    Involvement,
    Location,
    Referral,
    ReferralStatus,
    ServiceType,
)
from exitdoors_desktop.core.entities import Participant as Who  # noqa: E402
from exitdoors_desktop.core.lifecycle import CloseReason, PhaseTransition, Reason, State  # noqa: E402
from exitdoors_desktop.core.metrics import (  # noqa: E402
    CostCycle,
    InvolvementMeasure,
    Occasion,
    Participant,
    Period,
    ReadinessMeasure,
    ReportData,
    outcome_report,
    publish,
)
from exitdoors_desktop.core.scales import ScaleReading  # noqa: E402
from exitdoors_desktop.storage.report_data import load_report_data, save_cost_cycles  # noqa: E402
from exitdoors_desktop.storage.secrets import KdfParams  # noqa: E402
from exitdoors_desktop.storage.vault import Session, Vault  # noqa: E402

CLIENTS = 10_000
TODAY = dt.date(2025, 6, 30)
PERIOD = Period(dt.date(2021, 1, 1), dt.date(2025, 6, 30))
AREAS = ("safety", "accommodation", "support_networks", "money", "work_learning")
T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def generate(n: int, seed: int = 11) -> ReportData:
    """Full histories: enrolment, three phases (some move back or pause), graduation or
    closing, weekly → monthly contacts, readings, readiness, involvement, referrals."""
    rng = random.Random(seed)
    participants, inv, readings, readiness, contacts, referrals = [], [], [], [], [], []
    workers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(max(1, n // 18))]
    for i in range(n):
        cid = str(uuid.UUID(int=rng.getrandbits(128)))
        p1 = PERIOD.start + dt.timedelta(days=rng.randrange(0, 1500))
        steps = [
            (p1 - dt.timedelta(days=rng.randint(3, 30)), State.PRE, Reason.ENROLLED),
            (p1, State.PHASE_1, Reason.CLIENT_REQUEST),
        ]
        day = p1
        outcome = rng.random()
        phases = (State.PHASE_2, State.PHASE_3)
        for k, nxt in enumerate(phases):
            day += dt.timedelta(days=rng.randint(70, 110))
            if day >= TODAY or outcome < 0.12 * (k + 1):
                break
            steps.append((day, nxt, Reason.GOALS_MET))
            if rng.random() < 0.08 and nxt is State.PHASE_2:
                day += dt.timedelta(days=20)
                steps.append((day, State.PHASE_1, Reason.RETURNED_TO_TRADE))
                day += dt.timedelta(days=20)
                steps.append((day, State.PHASE_2, Reason.GOALS_MET))
        end = day + dt.timedelta(days=rng.randint(70, 110))
        last = steps[-1][1]
        if end < TODAY and last is State.PHASE_3:
            steps.append((end, State.GRADUATED, Reason.GOALS_MET))
        elif end < TODAY and outcome < 0.3:
            steps.append(
                (
                    day + dt.timedelta(days=30),
                    State.CLOSED,
                    Reason(rng.choice(list(CloseReason)).value),
                )
            )
        history, prev = [], None
        for k, (d, s, r) in enumerate(steps):
            history.append(PhaseTransition(f"{cid}-{k}", cid, d, prev, s, r, f"{k:04d}"))
            prev = s
        participants.append(
            Participant(cid, rng.choice(workers), tuple(history), rng.random() < 0.7)
        )
        inv.append(
            InvolvementMeasure(
                cid,
                p1,
                Occasion.INTAKE,
                Involvement.INVOLVED if rng.random() < 0.95 else Involvement.AT_RISK,
            )
        )
        stop = min(
            TODAY, steps[-1][0] if steps[-1][1] in (State.GRADUATED, State.CLOSED) else TODAY
        )
        d, k = p1 + dt.timedelta(days=2), 0
        while d < stop:
            phase = sum(1 for s in steps if s[0] <= d and s[1] in (State.PHASE_2, State.PHASE_3))
            contacts.append(
                Contact(
                    f"{cid}-c{k}",
                    cid,
                    d,
                    ContactType.CBT,
                    Location.COMMUNITY if rng.random() < 0.6 else Location.OFFICE,
                    frozenset({Who.CLIENT, Who.PROVIDER})
                    if rng.random() < 0.3
                    else frozenset({Who.CLIENT}),
                    45,
                )
            )
            d += dt.timedelta(days=(7, 14, 30)[min(phase, 2)] + rng.randint(-2, 3))
            k += 1
        base = {a: rng.randint(1, 5) for a in AREAS}
        for k, d in enumerate((p1, p1 + dt.timedelta(days=90), stop)):
            if d <= TODAY:
                readings.append(
                    ScaleReading(
                        f"{cid}-r{k}",
                        cid,
                        "default",
                        d,
                        {a: min(10, v + k * rng.randint(0, 2)) for a, v in base.items()},
                        f"{k:04d}",
                    )
                )
                readiness.append(
                    ReadinessMeasure(cid, d, min(5, 1 + k + rng.randint(0, 1)), f"{k:04d}")
                )
        if steps[-1][1] is State.GRADUATED:
            inv.append(
                InvolvementMeasure(
                    cid,
                    steps[-1][0] + dt.timedelta(days=30),
                    Occasion.FOLLOW_UP,
                    Involvement.NOT_AT_ALL if rng.random() < 0.63 else Involvement.RARELY,
                )
            )
        referrals.append(
            Referral(
                f"{cid}-ref",
                cid,
                rng.choice(list(ServiceType)),
                rng.choice(list(ReferralStatus)),
                p1 + dt.timedelta(days=20),
            )
        )
    cycles = tuple(
        CostCycle(
            f"c{y}", f"Cycle {y}", dt.date(y, 4, 1), dt.date(y + 1, 3, 31), Decimal("586449.10")
        )
        for y in range(2021, 2025)
    )
    return ReportData(
        tuple(participants),
        tuple(inv),
        tuple(readings),
        tuple(readiness),
        tuple(contacts),
        tuple(referrals),
        (),
        cycles,
    )


def bulk_seed(session: Session, data: ReportData) -> int:
    """Bench only: the typed rows straight in, one transaction (no change log, no audit)."""
    conn = session.conn
    rows = 0
    with session.transaction():
        conn.executemany(
            "INSERT INTO clients (id, preferred_name, assigned_worker) VALUES (?,?,?)",
            [(p.id, f"Bench {k}", p.worker_id) for k, p in enumerate(data.participants)],
        )
        conn.executemany(
            "INSERT INTO phase_transitions (id, client_id, date, from_state, to_state, reason, recorded_at) VALUES (?,?,?,?,?,?,?)",
            [
                (
                    t.id,
                    t.client_id,
                    t.date.isoformat(),
                    t.from_state.value if t.from_state else None,
                    t.to_state.value,
                    t.reason.value,
                    t.recorded_at,
                )
                for p in data.participants
                for t in p.history
            ],
        )
        conn.executemany(
            "INSERT INTO consents (id, client_id, scope, action, date, recorded_at, method) VALUES (?,?,?,?,?,?,?)",
            [
                (
                    str(uuid.uuid4()),
                    p.id,
                    "deidentified_evaluation",
                    "grant",
                    p.history[0].date.isoformat(),
                    "0",
                    "verbal",
                )
                for p in data.participants
                if p.evaluation_consent
            ],
        )
        conn.executemany(
            "INSERT INTO contacts (id, client_id, date, type, location, participants) VALUES (?,?,?,?,?,?)",
            [
                (
                    c.id,
                    c.client_id,
                    c.date.isoformat(),
                    c.type.value,
                    c.location.value if c.location else None,
                    json.dumps(sorted(w.value for w in c.participants)),
                )
                for c in data.contacts
            ],
        )
        conn.executemany(
            'INSERT INTO scale_readings (id, client_id, scale_id, date, "values", recorded_at) VALUES (?,?,?,?,?,?)',
            [
                (
                    r.id,
                    r.client_id,
                    r.scale_id,
                    r.date.isoformat(),
                    json.dumps(dict(r.values)),
                    r.recorded_at,
                )
                for r in data.readings
            ],
        )
        forms = []
        for m in data.involvement:
            if m.occasion is Occasion.FOLLOW_UP:
                answers = {
                    "date": m.date.isoformat(),
                    "reached": True,
                    "involvement": m.involvement.value if m.involvement else None,
                }
                forms.append(
                    (
                        str(uuid.uuid4()),
                        m.client_id,
                        "follow_up",
                        m.date.isoformat(),
                        json.dumps(answers),
                    )
                )
            else:
                answers = {
                    "date": m.date.isoformat(),
                    "occasion": m.occasion.value,
                    "involvement": m.involvement.value if m.involvement else None,
                }
                forms.append(
                    (
                        str(uuid.uuid4()),
                        m.client_id,
                        "sex_work_involvement",
                        m.date.isoformat(),
                        json.dumps(answers),
                    )
                )
        for r in data.readiness:
            forms.append(
                (
                    str(uuid.uuid4()),
                    r.client_id,
                    "readiness",
                    r.date.isoformat(),
                    json.dumps({"date": r.date.isoformat(), "stage": r.stage}),
                )
            )
        conn.executemany(
            "INSERT INTO form_responses (id, client_id, form_id, form_version, date, answers) VALUES (?,?,?,1,?,?)",
            forms,
        )
        conn.executemany(
            "INSERT INTO referrals (id, client_id, service_type, status, made_on) VALUES (?,?,?,?,?)",
            [
                (r.id, r.client_id, r.service_type.value, r.status.value, r.made_on.isoformat())
                for r in data.referrals
            ],
        )
        rows = (
            len(data.participants)
            + sum(len(p.history) for p in data.participants)
            + len(data.contacts)
            + len(data.readings)
            + len(forms)
            + len(data.referrals)
        )
    save_cost_cycles(session, list(data.cycles))
    return rows


def main() -> None:
    from exitdoors_desktop.core.metrics.report_csv import report_csv
    from exitdoors_desktop.ui.reports.pdf import gui_app, report_pdf

    app = gui_app()  # noqa: F841 - held while the PDF is painted

    defs = load_definitions()
    readiness = defs.scales["readiness"]
    start = time.perf_counter()
    data = generate(CLIENTS)
    gen = time.perf_counter() - start
    print(
        f"{CLIENTS} clients generated in {gen:.1f} s: {len(data.contacts)} contacts, "
        f"{sum(len(p.history) for p in data.participants)} transitions, {len(data.readings)} readings"
    )

    def metrics():  # type: ignore[no-untyped-def]
        fresh = ReportData(
            data.participants,
            data.involvement,
            data.readings,
            data.readiness,
            data.contacts,
            data.referrals,
            data.partner_surveys,
            data.cycles,
        )
        report = outcome_report(fresh, defs.program, defs.default_scale, readiness, PERIOD, TODAY)
        return report, publish(report)

    t_metrics, (report, sections) = timed(metrics)
    t_pdf, pdf = timed(lambda: report_pdf(report, sections, defs), repeat=2)
    t_csv, _ = timed(lambda: report_csv(report, sections, defs))

    with tempfile.TemporaryDirectory() as tmp:
        session, _ = Vault(Path(tmp) / "vault").create(
            "bench", "benchmark passphrase, long enough", kdf=KdfParams.cheap_for_tests()
        )
        try:
            start = time.perf_counter()
            rows = bulk_seed(session, data)
            seed = time.perf_counter() - start
            print(
                f"bulk-seeded {rows} rows into a SQLCipher vault in {seed:.1f} s (bench-only path)"
            )
            t_query, loaded = timed(lambda: load_report_data(session, defs), repeat=2)
            assert len(loaded.participants) == CLIENTS and len(loaded.contacts) == len(
                data.contacts
            )
            check = outcome_report(
                loaded, defs.program, defs.default_scale, readiness, PERIOD, TODAY
            )
            assert publish(check)[0] == sections[0], "the vault gives other outcome figures"
        finally:
            session.lock()
    print(f"raw queries (load_report_data, SQLCipher)  {t_query * 1000:8.0f} ms")
    print(
        f"metrics + de-identified tables              {t_metrics * 1000:8.0f} ms   target <= 2000 ms"
    )
    print(
        f"PDF ({len(pdf) // 1024} KiB)                              {t_pdf * 1000:8.0f} ms   target <= 5000 ms"
    )
    print(f"CSV                                         {t_csv * 1000:8.0f} ms")
    print(f"ratio metrics / raw queries                 {t_metrics / t_query:8.2f}")


if __name__ == "__main__":
    main()
