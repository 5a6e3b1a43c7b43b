"""HTTPS to the office server with its certificate pinned, and strict checks on its answers.

Pinning: the first connection fetches the server's certificate and accepts it only if its
SHA-256 fingerprint equals the one from the invite; from then on that exact certificate is the
only trust anchor (system CAs are not loaded), so a different certificate — even one a public
CA signed — fails the TLS handshake.
"""

from __future__ import annotations

import hashlib
import random
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from exitdoors_desktop.core.errors import (
    SyncAuthError,
    SyncCertificateError,
    SyncError,
    SyncNetworkError,
)

TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)


def normalise_fingerprint(text: str) -> str:
    cleaned = text.strip().lower().removeprefix("sha256:").replace(":", "").replace(" ", "")
    if len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned):
        raise SyncCertificateError("the certificate fingerprint must be 64 hex digits (SHA-256)")
    return cleaned


def fetch_pinned_certificate(url: str, fingerprint: str, timeout: float = 5.0) -> str:
    """Return the server certificate (PEM) if and only if it matches ``fingerprint``."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise SyncError("the server address must start with https://")
    port = parts.port or 443
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # nothing is trusted yet: the fingerprint decides below
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout) as raw:
            with ctx.wrap_socket(raw, server_hostname=parts.hostname) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        raise SyncNetworkError(f"cannot reach the server ({type(exc).__name__})") from None
    if not der:
        raise SyncCertificateError("the server sent no certificate")
    if hashlib.sha256(der).hexdigest() != normalise_fingerprint(fingerprint):
        raise SyncCertificateError("the server's certificate does not match the pinned fingerprint")
    return ssl.DER_cert_to_PEM_cert(der)


def pinned_context(cert_pem: str) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_verify_locations(cadata=cert_pem)
    ctx.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN  # the pinned leaf is the trust anchor
    ctx.check_hostname = False  # the pin, not the name, identifies the office server
    return ctx


@dataclass(frozen=True)
class Retry:
    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0


class Transport:
    """One server, one pinned certificate. Methods return parsed JSON or raise SyncError."""

    def __init__(
        self,
        url: str,
        cert_pem: str,
        device_token: str | None = None,
        *,
        retry: Retry = Retry(),  # noqa: B008 - frozen
        sleep: Callable[[float], None] = time.sleep,
        timeout: httpx.Timeout = TIMEOUT,
    ) -> None:
        self.url = url.rstrip("/")
        self._token = device_token
        self._retry = retry
        self._sleep = sleep
        self._client = httpx.Client(
            base_url=self.url, verify=pinned_context(cert_pem), timeout=timeout, trust_env=False
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def health(self) -> dict[str, Any]:
        return self._call("GET", "/v2/health", None, auth=False)

    def enroll(
        self,
        token: str,
        device_name: str,
        sign_pub: str,
        kx_pub: str,
        card: str,
        sig: str | None = None,
    ) -> tuple[str, str]:
        body = {"token": token, "device_name": device_name, "sign_pub": sign_pub,
                "kx_pub": kx_pub, "card": card}  # fmt: skip
        if sig is not None:
            body["sig"] = sig  # lets a retry of a cut enrolment keep its device id
        answer = self._call("POST", "/v2/enroll", body, auth=False)
        device_id, device_token = answer.get("device_id"), answer.get("device_token")
        if not isinstance(device_id, str) or not isinstance(device_token, str):
            raise SyncError("the server's enrollment answer is malformed")
        return device_id, device_token

    def send_ready(self, card: dict[str, str], sig: str) -> dict[str, Any]:
        return self._call("POST", "/v2/ready", {"card": card, "sig": sig})

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/v2/sync", body)

    def purge(self, statement: dict[str, Any], sig: str) -> dict[str, Any]:
        return self._call("POST", "/v2/subjects/purge", {"statement": statement, "sig": sig})

    def reshare(self, statement: dict[str, Any], sig: str) -> dict[str, Any]:
        return self._call("POST", "/v2/subjects/reshare", {"statement": statement, "sig": sig})

    def append_membership(self, index: int, event: dict[str, object]) -> dict[str, Any]:
        return self._call("POST", "/v2/membership", {"index": index, "event": event})

    def send_command(self, device_id: str, command: dict[str, object]) -> dict[str, Any]:
        return self._call("POST", "/v2/commands", {"device_id": device_id, "command": command})

    def put_audit_head(
        self, count: int, message: dict[str, str], sig: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"count": count, "message": message}
        if sig is not None:
            body["sig"] = sig
        return self._call("POST", "/v2/audit-head", body)

    def get_audit_head(self) -> dict[str, Any] | None:
        head = self._call("GET", "/v2/audit-head", None).get("head")
        if head is not None and not isinstance(head, dict):
            raise SyncError("the server's answer is malformed")
        return head

    def _call(self, method: str, path: str, body: object, *, auth: bool = True) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self._token}"} if auth and self._token else {}
        delay = self._retry.base_delay
        for attempt in range(1, self._retry.attempts + 1):
            try:
                response = self._client.request(method, path, json=body, headers=headers)
            except httpx.ConnectError as exc:
                if _is_certificate_failure(exc):
                    raise SyncCertificateError(
                        "the server's certificate is not the pinned one: refusing to talk to it"
                    ) from None
                error: SyncError = SyncNetworkError("the server cannot be reached")
            except httpx.TransportError as exc:
                error = SyncNetworkError(f"the connection failed ({type(exc).__name__})")
            else:
                return _parse(response)
            if attempt == self._retry.attempts:
                raise error
            self._sleep(min(self._retry.max_delay, delay) * (0.5 + random.random()))
            delay *= 2
        raise SyncNetworkError("the server cannot be reached")  # pragma: no cover


class BodyTooLarge(SyncError):
    """HTTP 413: the request is bigger than the server takes (its --max-body)."""

    code = "sync_body_too_large"


class RevokedError(SyncAuthError):
    """The server revoked this device. ``wipe`` is True only once a wipe command signed by a
    team admin and addressed to this device has been verified (sync.service does that);
    ``commands`` are what the server relayed, unverified."""

    code = "sync_revoked"

    def __init__(
        self,
        message: str,
        wipe: bool = False,
        commands: list[Any] | None = None,
        membership: list[Any] | None = None,
    ):
        super().__init__(message)
        self.wipe = wipe
        self.commands = commands or []
        # The team's membership log as the office relays it to a refused device: the laptop
        # believes it is removed only if an admin-signed removal in it says so.
        self.membership = membership or []


class SubjectWithdrawn(SyncError):
    """HTTP 409 subject_withdrawn: some pushed messages are about a client whose consent to
    share was withdrawn; the server stored nothing of that batch."""

    code = "sync_subject_withdrawn"

    def __init__(self, message: str, subjects: list[str], ids: list[str]) -> None:
        super().__init__(message)
        self.subjects = subjects
        self.ids = ids


class OfficeQuota(SyncError):
    """HTTP 429 quota_exceeded: this device is over one of the office's per-device quotas
    over a sliding day (``reason``); nothing of the request was stored."""

    code = "sync_office_quota"

    def __init__(self, message: str, reason: str, retry_after: int) -> None:
        super().__init__(message)
        self.reason = reason[:40]
        self.retry_after = retry_after


class MembershipConflict(SyncError):
    """HTTP 409 membership_conflict: another admin appended first; re-read next round."""

    code = "sync_membership_conflict"


class AuditHeadBehind(SyncError):
    """HTTP 409 audit_head_behind: the office keeps a longer audit chain head for this laptop
    than its log now holds (its tail was cut)."""

    code = "sync_audit_head_behind"


def _parse(response: httpx.Response) -> dict[str, Any]:
    if response.status_code == 413:  # a reverse proxy answers this one in HTML, not JSON
        raise BodyTooLarge("the server refused a request as too large (HTTP 413)")
    try:
        data = response.json()
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        data = None
    if not isinstance(data, dict):
        if response.status_code >= 500:
            raise SyncNetworkError(f"the server had a problem (HTTP {response.status_code})")
        raise SyncError(f"the server's answer is not a JSON object (HTTP {response.status_code})")
    if response.status_code == 401:
        commands = data.get("commands")
        if data.get("error") == "revoked":
            relayed = (
                [c for c in commands if isinstance(c, dict)] if isinstance(commands, list) else []
            )
            log = data.get("membership")
            raise RevokedError(
                "the office refuses this laptop — not confirmed by the team",
                False,
                relayed,
                [e for e in log if isinstance(e, str | dict)] if isinstance(log, list) else [],
            )
        raise SyncAuthError("the server did not accept this device's credentials")
    if response.status_code == 429 and data.get("error") == "quota_exceeded":
        reason, wait = data.get("reason"), data.get("retry_after")
        raise OfficeQuota(
            "the office takes no more from this laptop today (its per-device quota)",
            reason if isinstance(reason, str) else "quota",
            wait if isinstance(wait, int) and not isinstance(wait, bool) else 3600,
        )
    if response.status_code == 429:
        raise SyncNetworkError("the server asks us to slow down (HTTP 429)")
    if response.status_code >= 500:
        raise SyncNetworkError(f"the server had a problem (HTTP {response.status_code})")
    if response.status_code == 409 and data.get("error") == "subject_withdrawn":
        subjects, ids = data.get("subjects"), data.get("ids")
        raise SubjectWithdrawn(
            "the server refuses writes about a client who withdrew consent to share",
            [str(x) for x in subjects] if isinstance(subjects, list) else [],
            [str(x) for x in ids] if isinstance(ids, list) else [],
        )
    if response.status_code == 409 and data.get("error") == "audit_head_behind":
        raise AuditHeadBehind("the office keeps a longer audit log head for this laptop")
    if response.status_code == 409 and data.get("error") == "membership_conflict":
        raise MembershipConflict("another admin changed the team at the same moment")
    if response.status_code >= 400:
        code = data.get("error")
        raise SyncError(
            f"the server refused the request ({code if isinstance(code, str) else 'error'})"
        )
    return data


def _is_certificate_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            seen
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
