"""Consent records and the consent in effect. No record means no consent (nothing is assumed).

Ordering and concurrency, exactly:

* Records about one scope (for ``share_with_partner``: one scope *per partner*) are ordered by
  the key (date, recorded_at). ``recorded_at`` is the HLC stamp of the device that recorded it
  (``Timestamp.encode()``: millis-counter-device), so on one device it follows recording order.
* The latest record by that key decides, **except** that a withdrawal wins over every grant it
  is concurrent with. A grant and a withdrawal are concurrent when they carry the same ``date``
  and either (a) their ``recorded_at`` are equal, or (b) they were recorded on different
  devices (device part of the stamp differs, or a stamp is not a valid HLC). Two devices that
  recorded on the same day may not have seen each other's record, so we take the safe side.
  A same-day re-grant on the *same* device after a withdrawal does take effect.
* A ``share_with_partner`` withdrawal with no ``partner_id`` withdraws sharing with every
  partner (it joins each partner's records).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.hlc import Timestamp


class ConsentScope(StrEnum):
    STORE_ON_DEVICE = "store_on_device"
    SHARE_WITH_OFFICE = "share_with_office"
    SHARE_WITH_PARTNER = "share_with_partner"  # needs partner_id on a grant
    DEIDENTIFIED_EVALUATION = "deidentified_evaluation"


class ConsentAction(StrEnum):
    GRANT = "grant"
    WITHDRAW = "withdraw"


class ConsentMethod(StrEnum):
    VERBAL = "verbal"
    WRITTEN = "written"
    ELECTRONIC = "electronic"
    GUARDIAN = "guardian"  # given by a parent / guardian (for a minor, where required)
    OTHER = "other"


@dataclass(frozen=True)
class ConsentRecord:
    """A dated grant or withdrawal. ``witness`` is a user id or name of the staff witness."""

    id: str
    client_id: str
    scope: ConsentScope
    action: ConsentAction
    date: dt.date
    recorded_at: str
    method: ConsentMethod
    witness: str | None = None
    partner_id: str | None = None

    def __post_init__(self) -> None:
        if self.scope is ConsentScope.SHARE_WITH_PARTNER:
            if self.action is ConsentAction.GRANT and not self.partner_id:
                raise InvalidInput("a partner-sharing grant needs a partner")
        elif self.partner_id is not None:
            raise InvalidInput("only partner-sharing consent names a partner")

    def order_key(self) -> tuple[dt.date, str]:
        return (self.date, self.recorded_at)


ScopeKey = tuple[ConsentScope, str | None]


@dataclass(frozen=True)
class EffectiveConsent:
    """What the client currently allows. ``deciding`` maps each scope key to the record that
    decided it (for showing "given on … by …, witnessed by …")."""

    store_on_device: bool = False
    share_with_office: bool = False
    deidentified_evaluation: bool = False
    partners: frozenset[str] = frozenset()
    deciding: Mapping[ScopeKey, ConsentRecord] = field(default_factory=dict, compare=False)

    def allows(self, scope: ConsentScope, partner_id: str | None = None) -> bool:
        if scope is ConsentScope.SHARE_WITH_PARTNER:
            return partner_id is not None and partner_id in self.partners
        return bool(getattr(self, scope.value))


def _device(stamp: str) -> str | None:
    try:
        return Timestamp.decode(stamp).device
    except ValueError:
        return None


def concurrent(a: ConsentRecord, b: ConsentRecord) -> bool:
    """Same date and either the same stamp or different (or unknown) recording devices."""
    if a.date != b.date:
        return False
    if a.recorded_at == b.recorded_at:
        return True
    da, db = _device(a.recorded_at), _device(b.recorded_at)
    return da is None or db is None or da != db


def decide(records: Iterable[ConsentRecord]) -> ConsentRecord | None:
    """The record in effect among records about one scope key (see the module docstring)."""
    ordered = sorted(records, key=lambda r: (*r.order_key(), r.action is ConsentAction.WITHDRAW))
    if not ordered:
        return None
    latest = ordered[-1]
    if latest.action is ConsentAction.GRANT:
        for r in ordered:
            if r.action is ConsentAction.WITHDRAW and concurrent(r, latest):
                return r
    return latest


def effective_consent(records: Iterable[ConsentRecord]) -> EffectiveConsent:
    """The consent in effect for one client from all her consent records."""
    groups: dict[ScopeKey, list[ConsentRecord]] = {}
    withdraw_all_partners: list[ConsentRecord] = []
    for r in records:
        if r.scope is ConsentScope.SHARE_WITH_PARTNER and r.partner_id is None:
            withdraw_all_partners.append(r)
            continue
        groups.setdefault((r.scope, r.partner_id), []).append(r)
    deciding: dict[ScopeKey, ConsentRecord] = {}
    for key, group in groups.items():
        if key[0] is ConsentScope.SHARE_WITH_PARTNER:
            group = group + withdraw_all_partners
        winner = decide(group)
        if winner is not None:
            deciding[key] = winner

    def granted(scope: ConsentScope) -> bool:
        r = deciding.get((scope, None))
        return r is not None and r.action is ConsentAction.GRANT

    partners = frozenset(
        pid
        for (scope, pid), r in deciding.items()
        if scope is ConsentScope.SHARE_WITH_PARTNER
        and pid is not None
        and r.action is ConsentAction.GRANT
    )
    return EffectiveConsent(
        store_on_device=granted(ConsentScope.STORE_ON_DEVICE),
        share_with_office=granted(ConsentScope.SHARE_WITH_OFFICE),
        deidentified_evaluation=granted(ConsentScope.DEIDENTIFIED_EVALUATION),
        partners=partners,
        deciding=deciding,
    )


class ReferralSharing(StrEnum):
    """Whether a referral may carry her information to the agency. Never a condition of the
    referral itself (consent is never a condition of service): without consent it goes ahead,
    and nothing from her record is disclosed."""

    SHARED = "shared"  # she consented to share with this partner
    NOT_SHARED = "not_shared"  # a partner in the directory, no consent (or withdrawn)
    NOT_IN_DIRECTORY = "not_in_directory"  # no partner record: consent cannot be recorded


def referral_sharing(consent: EffectiveConsent, partner_id: str | None) -> ReferralSharing:
    if partner_id is None:
        return ReferralSharing.NOT_IN_DIRECTORY
    if consent.allows(ConsentScope.SHARE_WITH_PARTNER, partner_id):
        return ReferralSharing.SHARED
    return ReferralSharing.NOT_SHARED
