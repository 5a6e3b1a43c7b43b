"""Who may do what: the role rules from DOMAIN.md, pure, for the commands and the UI alike.

These are APP-LEVEL rules, not cryptographic ones: every user of a vault holds the same data
key, so a user who can unlock can, with other tools, read everything in it. The rules stop
mistakes and casual misuse in the app and its commands; they are no barrier against someone
determined who has a passphrase. Only removing a user (which re-keys) takes access away.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from exitdoors_desktop.core.errors import ExitDoorsError
from exitdoors_desktop.core.people import Role


class Permission(enum.StrEnum):
    OUTREACH_LOG = "outreach_log"  # record outreach contacts
    ENROL = "enrol"  # add a new client
    OWN_CASELOAD = "own_caseload"  # her own clients' records
    INTAKE = "intake"  # intake, eligibility
    CONSENT = "consent"  # record or withdraw consent
    CASE_WORK = "case_work"  # every form, plan, referral, phase move for her caseload
    ALL_CLIENTS = "all_clients"  # every client in the vault
    REPORTS = "reports"  # staff and funder reports
    CASELOAD_REVIEW = "caseload_review"
    ERASE = "erase"  # erase a client for good; run retention
    IMPORT = "import"  # import client profiles from a file
    USERS = "users"  # add and remove users
    BACKUP = "backup"  # create, verify and restore backups
    SYNC_TEAM = "sync_team"  # set up, invite, join, devices, wipe
    PLAIN_EXPORT = "plain_export"  # export client data as plain text
    SYNC_RUN = "sync_run"  # run a sync round, see its status
    CHECK = "check"  # verify the vault


class Forbidden(ExitDoorsError):
    """The user's role does not allow this (an app-level rule)."""

    code = "forbidden"
    exit_code = 3


_EVERYONE = frozenset({Permission.SYNC_RUN, Permission.CHECK})

_OUTREACH = _EVERYONE | {Permission.OUTREACH_LOG, Permission.ENROL, Permission.OWN_CASELOAD}
_INTAKE = _EVERYONE | {
    Permission.ENROL,
    Permission.INTAKE,
    Permission.CONSENT,
    Permission.OWN_CASELOAD,
}
_CASE_MANAGER = _EVERYONE | {
    Permission.OWN_CASELOAD,
    Permission.CASE_WORK,
    Permission.CONSENT,
    Permission.ENROL,
    Permission.INTAKE,
    Permission.OUTREACH_LOG,
}
_SUPERVISOR = _CASE_MANAGER | {
    Permission.ALL_CLIENTS,
    Permission.REPORTS,
    Permission.CASELOAD_REVIEW,
    Permission.ERASE,
}
# The admin runs the vault for the program; DOMAIN.md gives her users, backup/restore, the
# sync team and plain exports, and exporting everything implies seeing everything.
_ADMIN = _SUPERVISOR | {
    Permission.IMPORT,
    Permission.USERS,
    Permission.BACKUP,
    Permission.SYNC_TEAM,
    Permission.PLAIN_EXPORT,
}

RULES: Mapping[Role, frozenset[Permission]] = {
    Role.OUTREACH: frozenset(_OUTREACH),
    Role.INTAKE: frozenset(_INTAKE),
    Role.CASE_MANAGER: frozenset(_CASE_MANAGER),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
}

_NAMES = {
    Permission.PLAIN_EXPORT: "export client data as plain text",
    Permission.USERS: "manage users",
    Permission.BACKUP: "back up or restore the vault",
    Permission.SYNC_TEAM: "manage the sync team",
    Permission.ERASE: "erase clients",
    Permission.REPORTS: "make reports",
    Permission.IMPORT: "import clients",
}


def role_of(text: str) -> Role | None:
    try:
        return Role(text)
    except ValueError:
        return None


def allowed(role: Role | str, permission: Permission) -> bool:
    """An unknown role (an old or damaged record) may do nothing."""
    member = role if isinstance(role, Role) else role_of(role)
    return member is not None and permission in RULES[member]


def require(role: Role | str, permission: Permission) -> None:
    if not allowed(role, permission):
        what = _NAMES.get(permission, permission.value.replace("_", " "))
        shown = role.value if isinstance(role, Role) else (role or "none")
        raise Forbidden(f"the role {shown} may not {what}")


class ClientScope(enum.StrEnum):
    """Which clients a role sees (DOMAIN.md): everyone, her caseload (clients assigned to
    her), or her caseload and the clients she enrolled (the intake worker)."""

    ALL = "all"
    ASSIGNED = "assigned"
    ASSIGNED_OR_ENROLLED = "assigned_or_enrolled"
    NONE = "none"


CLIENT_SCOPES: Mapping[Role, ClientScope] = {
    Role.OUTREACH: ClientScope.ASSIGNED,
    Role.INTAKE: ClientScope.ASSIGNED_OR_ENROLLED,
    Role.CASE_MANAGER: ClientScope.ASSIGNED,
    Role.SUPERVISOR: ClientScope.ALL,
    Role.ADMIN: ClientScope.ALL,
}


def client_scope(role: Role | str) -> ClientScope:
    """An unknown role sees no one."""
    member = role if isinstance(role, Role) else role_of(role)
    return ClientScope.NONE if member is None else CLIENT_SCOPES[member]


def may_see_client(
    role: Role | str,
    user_id: str | None,
    assigned_worker: str | None,
    enrolled_by: str | None = None,
) -> bool:
    """Supervisors and admins see every client; the others see their own caseload (and the
    intake worker the clients she enrolled)."""
    scope = client_scope(role)
    if scope is ClientScope.ALL:
        return True
    if scope is ClientScope.NONE or user_id is None:
        return False
    if assigned_worker == user_id:
        return True
    return scope is ClientScope.ASSIGNED_OR_ENROLLED and enrolled_by == user_id


class ClientForbidden(Forbidden):
    """She may not open this client's record (not on her caseload)."""

    code = "forbidden_client"


def require_client(
    role: Role | str,
    user_id: str | None,
    assigned_worker: str | None,
    enrolled_by: str | None = None,
) -> None:
    if not may_see_client(role, user_id, assigned_worker, enrolled_by):
        raise ClientForbidden(
            "This client is not on your caseload: your role may open only your own clients'"
            " records. Ask a supervisor to assign her to you."
        )


class RecordAction(enum.StrEnum):
    """What can be done inside a client's record (beyond reading it)."""

    FORMS = "forms"  # fill in or edit a form
    PLAN = "plan"  # write the phase plan
    REFERRAL = "referral"  # make or update a referral
    PHASE = "phase"  # move her to another phase
    CONSENT = "consent"  # record or withdraw consent
    SCALES = "scales"  # add a scale reading
    ERASE = "erase"  # erase her for good


# Any one of the listed permissions allows the action.
RECORD_ACTIONS: Mapping[RecordAction, frozenset[Permission]] = {
    RecordAction.FORMS: frozenset({Permission.CASE_WORK, Permission.INTAKE}),
    RecordAction.PLAN: frozenset({Permission.CASE_WORK}),
    RecordAction.REFERRAL: frozenset({Permission.CASE_WORK}),
    RecordAction.PHASE: frozenset({Permission.CASE_WORK}),
    RecordAction.CONSENT: frozenset({Permission.CONSENT}),
    RecordAction.SCALES: frozenset({Permission.CASE_WORK}),
    RecordAction.ERASE: frozenset({Permission.ERASE}),
}


def may_act(role: Role | str, action: RecordAction) -> bool:
    return any(allowed(role, p) for p in RECORD_ACTIONS[action])


def require_act(role: Role | str, action: RecordAction) -> None:
    if not may_act(role, action):
        shown = role.value if isinstance(role, Role) else (role or "none")
        raise Forbidden(f"the role {shown} may not do this in a client's record ({action.value})")
