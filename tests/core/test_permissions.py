"""The role rules from DOMAIN.md: each role may do exactly its list (app-level rules)."""

from __future__ import annotations

import pytest

from exitdoors_desktop.core.people import Role
from exitdoors_desktop.core.permissions import (
    RULES,
    Forbidden,
    Permission,
    allowed,
    may_see_client,
    require,
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
