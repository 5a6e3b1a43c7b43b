"""The error hierarchy. Messages never carry client data or key material; codes are stable."""

from __future__ import annotations


class ExitDoorsError(Exception):
    """Root of every error the app raises on purpose. ``code`` is stable for UIs and scripts."""

    code = "error"
    exit_code = 1


class InvalidInput(ExitDoorsError):
    code = "invalid_input"
    exit_code = 2


class VaultExists(ExitDoorsError):
    code = "vault_exists"
    exit_code = 2


class VaultMissing(ExitDoorsError):
    code = "vault_missing"
    exit_code = 2


class WeakPassphrase(InvalidInput):
    code = "weak_passphrase"


class WrongPassphrase(ExitDoorsError):
    code = "wrong_passphrase"
    exit_code = 3


class Throttled(ExitDoorsError):
    """Too many failed unlocks: wait ``retry_after`` seconds before the next try."""

    code = "throttled"
    exit_code = 3

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnknownUser(WrongPassphrase):
    """Deliberately a WrongPassphrase: the unlock screen must not reveal which user names exist."""

    code = "wrong_passphrase"


class VaultCorrupt(ExitDoorsError):
    code = "vault_corrupt"
    exit_code = 4


class VaultFromFuture(ExitDoorsError):
    code = "vault_from_future"
    exit_code = 5


class VaultLocked(ExitDoorsError):
    code = "vault_locked"
    exit_code = 3


class NotFound(ExitDoorsError):
    code = "not_found"
    exit_code = 2


class SyncError(ExitDoorsError):
    code = "sync_error"
    exit_code = 6


class SyncAuthError(SyncError):
    code = "sync_auth"
    exit_code = 7


class SyncNetworkError(SyncError):
    code = "sync_network"
    exit_code = 8


class SyncCertificateError(SyncError):
    code = "sync_certificate"
    exit_code = 9


class Cancelled(ExitDoorsError):
    """A background task was cancelled; the UI stays silent about it."""

    code = "cancelled"


class IllegalTransition(InvalidInput):
    """A CTI phase transition the state machine does not allow; ``reason`` is a stable code."""

    code = "illegal_transition"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class InvalidDefinition(InvalidInput):
    """A program, form or scale definition failed its checks; ``problems`` lists them all."""

    code = "invalid_definition"

    def __init__(self, problems: tuple[object, ...]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]) or "invalid definition")
        self.problems = problems
