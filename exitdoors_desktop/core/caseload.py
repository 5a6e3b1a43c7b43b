"""One caseload line per client: where she is in CTI and what needs attention. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from exitdoors_desktop.core.consent import ConsentRecord, effective_consent
from exitdoors_desktop.core.lifecycle import History, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.core.program import ProgramSettings
from exitdoors_desktop.core.timing import Timing, timing


class Flag(StrEnum):
    """Attention flags; the UI words and colours them."""

    NO_CONTACT_TOO_LONG = "no_contact_too_long"
    CONTACT_OVERDUE = "contact_overdue"
    PHASE_OVERDUE = "phase_overdue"
    FOLLOW_UP_DUE = "follow_up_due"
    UNDER_18 = "under_18"
    CONSENT_MISSING = "consent_missing"


@dataclass(frozen=True)
class CaseloadRow:
    client_id: str
    preferred_name: str
    aliases: tuple[str, ...]
    pronouns: str | None
    assigned_worker: str | None
    state: State | None
    timing: Timing
    last_contact: dt.date | None
    flags: frozenset[Flag]
    # True while only her names are known: her phase, dates and flags are still being read
    # (a big caseload lists everyone at once and fills these in as they are read).
    pending: bool = False

    @property
    def search_text(self) -> str:
        """Lower-case names and aliases, for search-as-you-type."""
        return " ".join((self.preferred_name, *self.aliases)).casefold()


_UNKNOWN_TIMING = Timing(
    state=None, phase=None, phase_start=None, days_in_phase=None, paused_days=0,
    target_days=None, target_end=None, overdue=False, days_over=0, next_contact_due=None,
    contact_overdue=False, days_since_contact=None, no_contact_too_long=False, cti_start=None,
    cti_days=None, early_discharge=False, graduated_on=None, follow_up_due=None,
    follow_up_done=False, follow_up_pending=False,
)  # fmt: skip


def pending_row(
    client_id: str,
    preferred_name: str,
    aliases: tuple[str, ...] = (),
    pronouns: str | None = None,
    assigned_worker: str | None = None,
) -> CaseloadRow:
    """Her line before her phase, dates and flags are read: names only (``pending``)."""
    return CaseloadRow(
        client_id=client_id,
        preferred_name=preferred_name,
        aliases=aliases,
        pronouns=pronouns,
        assigned_worker=assigned_worker,
        state=None,
        timing=_UNKNOWN_TIMING,
        last_contact=None,
        flags=frozenset(),
        pending=True,
    )


def caseload_row(
    client: Client,
    history: History,
    settings: ProgramSettings,
    today: dt.date,
    *,
    last_contact: dt.date | None,
    follow_ups: Iterable[dt.date] = (),
    consents: Iterable[ConsentRecord] = (),
) -> CaseloadRow:
    t = timing(history, settings, today, last_contact=last_contact, follow_ups=follow_ups)
    flags: set[Flag] = set()
    if t.no_contact_too_long:
        flags.add(Flag.NO_CONTACT_TOO_LONG)
    if t.contact_overdue:
        flags.add(Flag.CONTACT_OVERDUE)
    if t.overdue:
        flags.add(Flag.PHASE_OVERDUE)
    if t.follow_up_pending:
        flags.add(Flag.FOLLOW_UP_DUE)
    age = client.age_on(today)
    if age is not None and age < settings.eligibility.minor_age:
        flags.add(Flag.UNDER_18)
    if not effective_consent(consents).store_on_device:
        flags.add(Flag.CONSENT_MISSING)
    return CaseloadRow(
        client_id=client.id,
        preferred_name=client.preferred_name,
        aliases=client.aliases,
        pronouns=client.pronouns,
        assigned_worker=client.assigned_worker,
        state=t.state,
        timing=t,
        last_contact=last_contact,
        flags=frozenset(flags),
    )
