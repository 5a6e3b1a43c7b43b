"""The role rules from DOMAIN.md: each role may do exactly its list (app-level rules)."""

from __future__ import annotations

import pytest

from exitdoors_desktop.core.people import Role
from exitdoors_desktop.core.permissions import (
    RULES,
    ClientForbidden,
    Forbidden,
    Permission,
    RecordAction,
    allowed,
    may_act,
    may_see_client,
    require,
    require_act,
    require_client,
)

P = Permission
EXPECTED = {
    Role.OUTREACH: {P.OUTREACH_LOG, P.ENROL, P.OWN_CASELOAD, P.SYNC_RUN, P.CHECK},
    Role.INTAKE: {P.ENROL, P.INTAKE, P.CONSENT, P.OWN_CASELOAD, P.SYNC_RUN, P.CHECK},
    Role.CASE_MANAGER: {
        P.OWN_CASELOAD,
        P.CASE_WORK,
        P.CONSENT,
        P.ENROL,
        P.INTAKE,
        P.OUTREACH_LOG,
        P.SYNC_RUN,
        P.CHECK,
    },  # fmt: skip
}
EXPECTED[Role.SUPERVISOR] = EXPECTED[Role.CASE_MANAGER] | {
    P.ALL_CLIENTS, P.REPORTS, P.CASELOAD_REVIEW, P.ERASE}  # fmt: skip
EXPECTED[Role.ADMIN] = EXPECTED[Role.SUPERVISOR] | {
    P.IMPORT, P.USERS, P.BACKUP, P.SYNC_TEAM, P.PLAIN_EXPORT}  # fmt: skip


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_list(role: Role) -> None:
    assert set(RULES[role]) == EXPECTED[role]
    for permission in Permission:
        assert allowed(role, permission) is (permission in EXPECTED[role])
        assert allowed(role.value, permission) is (permission in EXPECTED[role])


def test_only_admin_may_export_back_up_and_manage_users() -> None:
    for permission in (P.PLAIN_EXPORT, P.BACKUP, P.USERS, P.SYNC_TEAM):
        assert [r for r in Role if allowed(r, permission)] == [Role.ADMIN]


def test_unknown_role_may_do_nothing_and_require_says_why() -> None:
    assert not any(allowed("janitor", p) for p in Permission)
    assert not allowed("", P.CHECK)
    with pytest.raises(Forbidden, match="role outreach may not export client data"):
        require(Role.OUTREACH, P.PLAIN_EXPORT)
    require(Role.ADMIN, P.PLAIN_EXPORT)


def test_who_sees_which_client() -> None:
    assert may_see_client(Role.SUPERVISOR, "u1", "u2")
    assert may_see_client(Role.OUTREACH, "u1", "u1")
    assert not may_see_client(Role.OUTREACH, "u1", "u2")
    assert not may_see_client(Role.CASE_MANAGER, None, None)


def test_intake_sees_clients_she_enrolled_and_unknown_roles_see_no_one() -> None:
    assert may_see_client(Role.INTAKE, "u1", "u2", enrolled_by="u1")
    assert may_see_client(Role.INTAKE, "u1", "u1", enrolled_by=None)
    assert not may_see_client(Role.INTAKE, "u1", "u2", enrolled_by="u3")
    # Enrolling does not put a client on an outreach worker's or case manager's caseload.
    assert not may_see_client(Role.OUTREACH, "u1", "u2", enrolled_by="u1")
    assert not may_see_client(Role.CASE_MANAGER, "u1", "u2", enrolled_by="u1")
    assert not may_see_client("janitor", "u1", "u1", enrolled_by="u1")
    assert not may_see_client(Role.OUTREACH, None, None, enrolled_by=None)
    with pytest.raises(ClientForbidden, match="not on your caseload"):
        require_client(Role.OUTREACH, "u1", "u2")
    require_client(Role.ADMIN, "u1", None)


A = RecordAction
RECORD_EXPECTED = {
    Role.OUTREACH: set(),
    Role.INTAKE: {A.FORMS, A.CONSENT},
    Role.CASE_MANAGER: {A.FORMS, A.PLAN, A.REFERRAL, A.PHASE, A.CONSENT, A.SCALES},
    Role.SUPERVISOR: set(A),
    Role.ADMIN: set(A),
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_may_do_exactly_its_record_actions(role: Role) -> None:
    assert {a for a in RecordAction if may_act(role, a)} == RECORD_EXPECTED[role]
    for action in set(RecordAction) - RECORD_EXPECTED[role]:
        with pytest.raises(Forbidden):
            require_act(role, action)
    assert not any(may_act("janitor", a) for a in RecordAction)
