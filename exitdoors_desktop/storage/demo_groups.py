"""A year of synthetic group work for the demo vault: a weekly support group, a monthly
psycho-education session, a fortnightly peer-support circle, and skills-training and group
counselling series whose regulars attend most (not all) of their sessions."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from exitdoors_desktop.core.groups import (
    Facilitator,
    FacilitatorKind,
    GroupSession,
    GroupSettings,
    Place,
    Series,
)
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.program_repo import PartnerRepository
from exitdoors_desktop.storage.vault import Session

TOPICS = {
    "support_group": ("Check-in and sharing", "Coping with stress", "Celebrating steps"),
    "psychoeducation": ("Healthy relationships", "Trauma and the body", "Sleep and mood"),
    "peer_support_circle": ("Open circle", "Peer mentors' evening"),
    "skills_training": ("Budgeting", "Job search", "Cooking on a budget", "Tenant rights"),
    "group_counselling": ("Boundaries", "Grief and loss", "Self-compassion"),
}
SERIES = (
    # (name, type, sessions, weeks between, first week back from today, place)
    ("Winter skills course (demo)", "skills_training", 8, 1, 48, Place.COMMUNITY),
    ("Spring skills course (demo)", "skills_training", 8, 1, 30, Place.COMMUNITY),
    ("Autumn skills course (demo)", "skills_training", 8, 1, 12, Place.COMMUNITY),
    ("Group counselling, six weeks (demo)", "group_counselling", 6, 1, 22, Place.OFFICE),
)


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def seed_groups(
    session: Session,
    settings: GroupSettings,
    client_ids: list[str],
    rng: random.Random,
    today: dt.date,
) -> int:
    """Add about a year of sessions (types the program does not define are skipped);
    returns how many sessions were written."""
    if not client_ids:
        return 0
    repo = GroupRepository(session, settings)
    partners = [p.id for p, _c, _n in PartnerRepository(session).all()]
    pool = rng.sample(client_ids, min(len(client_ids), 40))
    written = 0

    def facilitators() -> tuple[Facilitator, ...]:
        out = [Facilitator(FacilitatorKind.USER, session.user_id or "demo")]
        if partners and rng.random() < 0.3:
            out.append(Facilitator(FacilitatorKind.PARTNER, rng.choice(partners)))
        return tuple(out)

    def add(day: dt.date, gtype: str, place: Place, who: list[str], others: int,
            series_id: str | None = None) -> None:  # fmt: skip
        nonlocal written
        if settings.type(gtype) is None or day > today:
            return
        repo.save_session(
            GroupSession(
                _id(rng),
                day,
                gtype,
                place,
                start=dt.time(rng.choice((10, 13, 18)), 0),
                length_minutes=rng.choice((60, 90, 120)),
                topic=rng.choice(TOPICS[gtype]),
                facilitators=facilitators(),
                note="Synthetic demo note: themes only, no names.",
                others_count=others,
                series_id=series_id,
            ),
            sorted(set(who)),
        )
        written += 1

    regulars = pool[: max(4, len(pool) // 3)]
    start = today - dt.timedelta(days=364)
    for week in range(52):
        day = start + dt.timedelta(weeks=week)
        who = [c for c in regulars if rng.random() < 0.45]
        add(day, "support_group", Place.OFFICE, who, rng.randint(0, 4))
        if week % 2 == 0:
            circle = rng.sample(pool, min(len(pool), rng.randint(2, 6)))
            place = Place.ONLINE if rng.random() < 0.3 else Place.COMMUNITY
            add(day + dt.timedelta(days=2), "peer_support_circle", place, circle, rng.randint(0, 3))
        if week % 4 == 1:
            group = rng.sample(pool, min(len(pool), rng.randint(4, 10)))
            add(day + dt.timedelta(days=1), "psychoeducation", Place.COMMUNITY, group,
                rng.randint(0, 6))  # fmt: skip
    for name, gtype, n, every, weeks_back, place in SERIES:
        if settings.type(gtype) is None:
            continue
        first = today - dt.timedelta(weeks=weeks_back)
        dates = tuple(first + dt.timedelta(weeks=every * i) for i in range(n))
        series = Series(_id(rng), name, gtype, n, dates)
        repo.save_series(series)
        cohort = rng.sample(pool, min(len(pool), rng.randint(6, 10)))
        keen = {c: rng.uniform(0.5, 0.97) for c in cohort}
        for day in dates:
            add(day, gtype, place, [c for c in cohort if rng.random() < keen[c]], 0, series.id)
    return written
