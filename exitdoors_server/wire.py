"""The /v2 wire format: request and response models, limits and their JSON schemas.

Binary fields travel as standard base64 with padding. Validation here is the only gate between
the network and the database, so every string that reaches SQL is length- and charset-bounded
(PostgreSQL rejects NUL characters and lone surrogates, which would otherwise surface as 500s).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from exitdoors_protocol import PROTOCOL_VERSION

__all__ = ["PROTOCOL_VERSION"]

MAX_BATCH = 5000
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 1000
MAX_PURGE_SUBJECTS = 1000
MAX_CIPHERTEXT_BYTES = 1024 * 1024
NONCE_BYTES = 12
# 2**53: exact as a JSON double (and in JavaScript), far beyond any real sequence number.
MAX_CURSOR = 2**53
MAX_EVENTS = 1_000_000  # membership log positions (an INTEGER column)

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SUBJECT_PATTERN = r"^[0-9a-f]{64}$"
OPAQUE_PATTERN = r"^[\x20-\x7e]{1,64}$"
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{16,128}$"  # noqa: S105 - a pattern, not a secret
NAME_PATTERN = r"^[^\x00-\x1f\x7f]{1,100}$"
BASE64_PATTERN = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
NONCE_PATTERN = r"^[A-Za-z0-9+/]{16}$"


def json_int(value: object) -> object:
    """JSON Schema counts 5.0 as an integer; so do we. Booleans and strings stay invalid."""
    if type(value) is float and value.is_integer() and abs(value) <= 2.0**64:
        return int(value)
    return value


JsonInt = Annotated[int, BeforeValidator(json_int)]


def _b64_length(n_bytes: int) -> int:
    return 4 * ((n_bytes + 2) // 3)


def _base64_decoder(min_bytes: int, max_bytes: int) -> Callable[[object], bytes]:
    max_chars = _b64_length(max_bytes)

    def decode(value: object) -> bytes:
        if not isinstance(value, str):
            raise PydanticCustomError("base64_type", "must be a base64 string")
        if len(value) > max_chars:
            raise PydanticCustomError(
                "base64_too_long", "decodes to more than {max} bytes", {"max": max_bytes}
            )
        try:
            raw = binascii.a2b_base64(value, strict_mode=True)
        except ValueError:
            raise PydanticCustomError(
                "base64_invalid", "is not standard base64 with padding"
            ) from None
        if not min_bytes <= len(raw) <= max_bytes:
            if min_bytes == max_bytes:
                raise PydanticCustomError(
                    "base64_length", "must decode to exactly {n} bytes", {"n": min_bytes}
                )
            raise PydanticCustomError(
                "base64_length",
                "must decode to {lo}..{hi} bytes",
                {"lo": min_bytes, "hi": max_bytes},
            )
        return raw

    return decode


def _base64_schema(min_bytes: int, max_bytes: int, pattern: str) -> dict[str, Any]:
    return {
        "type": "string",
        "contentEncoding": "base64",
        "pattern": pattern,
        "minLength": _b64_length(min_bytes),
        "maxLength": _b64_length(max_bytes),
    }


# Validated and decoded to bytes here; published in the OpenAPI as base64 strings.
Nonce = Annotated[
    bytes,
    BeforeValidator(_base64_decoder(NONCE_BYTES, NONCE_BYTES)),
    WithJsonSchema(_base64_schema(NONCE_BYTES, NONCE_BYTES, NONCE_PATTERN)),
]
Ciphertext = Annotated[
    bytes,
    BeforeValidator(_base64_decoder(1, MAX_CIPHERTEXT_BYTES)),
    WithJsonSchema(_base64_schema(1, MAX_CIPHERTEXT_BYTES, BASE64_PATTERN)),
]
MessageId = Annotated[str, Field(pattern=UUID_PATTERN, min_length=36, max_length=36)]
Subject = Annotated[str, Field(pattern=SUBJECT_PATTERN, min_length=64, max_length=64)]
Opaque = Annotated[str, Field(pattern=OPAQUE_PATTERN, min_length=1, max_length=64)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class OutgoingMessage(_Strict):
    """A sealed message pushed by a device. The server cannot read or check its content."""

    id: MessageId = Field(description="UUID (lowercase, 36 chars); the idempotency key")
    subject: Subject = Field(description="HMAC-SHA256 subject tag, 64 lowercase hex chars")
    key_id: Opaque = Field(description="epoch and schema label (e<epoch>s<schema>), opaque here")
    nonce: Nonce = Field(description="AES-GCM nonce, base64 of exactly 12 bytes")
    ciphertext: Ciphertext = Field(description="AES-GCM output, base64 of 1 byte..1 MiB")


class SyncRequest(_Strict):
    version: Annotated[Literal[3], BeforeValidator(json_int)] = Field(
        description="protocol version; other integers get 400"
    )
    cursor: JsonInt = Field(ge=0, le=MAX_CURSOR, description="the cursor the last sync returned")
    messages: list[OutgoingMessage] = Field(default_factory=list, max_length=MAX_BATCH)
    pull_limit: JsonInt = Field(DEFAULT_PULL_LIMIT, ge=1, le=MAX_PULL_LIMIT)
    membership_from: JsonInt = Field(
        0, ge=0, le=MAX_EVENTS, description="return membership events from this index on"
    )

    @model_validator(mode="before")
    @classmethod
    def _known_version(cls, data: Any) -> Any:
        # Reject a future protocol before judging its fields by this version's rules.
        if isinstance(data, dict) and "version" in data:
            version = json_int(data["version"])
            if type(version) is not int:  # Literal[1] alone would let true through
                raise PydanticCustomError("version_type", "version must be the integer 3")
            if version != PROTOCOL_VERSION:
                raise PydanticCustomError(
                    "unsupported_version",
                    "protocol version {v} is not supported (this server speaks {ours})",
                    {"v": version, "ours": PROTOCOL_VERSION},
                )
        return data


class Command(BaseModel):
    """A command as relayed: only what an admin device signed counts (devices verify it)."""

    model_config = ConfigDict(extra="allow")
    type: Literal["wipe"]


class PulledMessage(BaseModel):
    seq: int
    id: str
    subject: str
    key_id: str = Field(description="empty for purge markers")
    nonce: str = Field(description="base64; empty for purge markers")
    ciphertext: str = Field(description="base64; for purge markers, the signed purge request")
    kind: Literal["change", "purge", "reshare"]
    device_id: str


class DeviceInfo(BaseModel):
    """What the server knows of an enrolled device (admins add newcomers from this)."""

    id: str
    name: str
    sign_pub: str | None
    kx_pub: str | None
    invite_hash: str | None = Field(description="SHA-256 of the invite token it enrolled with")
    card: str | None
    revoked: bool


class SyncResponse(BaseModel):
    accepted: list[str]
    duplicates: list[str]
    messages: list[PulledMessage]
    cursor: int
    has_more: bool
    commands: list[Command]
    membership: list[str] = Field(description="membership events (JSON text) from the index asked")
    membership_length: int
    devices: list[DeviceInfo]


PublicKey = Annotated[
    bytes,
    BeforeValidator(_base64_decoder(32, 32)),
    WithJsonSchema(_base64_schema(32, 32, r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")),
]
Signature = Annotated[
    bytes,
    BeforeValidator(_base64_decoder(64, 64)),
    WithJsonSchema(_base64_schema(64, 64, r"^[A-Za-z0-9+/]{85}[AQgw]==$")),
]


class EnrollRequest(_Strict):
    token: str = Field(pattern=TOKEN_PATTERN, description="the one-time enrollment token")
    device_name: str = Field(pattern=NAME_PATTERN, max_length=100)
    sign_pub: PublicKey = Field(description="Ed25519 public key, base64 of 32 bytes")
    kx_pub: PublicKey = Field(description="X25519 public key, base64 of 32 bytes")
    card: str = Field(
        pattern=r"^[\x20-\x7e]{1,600}$", description="opaque to the server: read by admin devices"
    )
    sig: Signature | None = Field(
        None,
        description="Ed25519 signature of sign_pub over the canonical JSON "
        '{"type":"enrol","invite":sha256(token),"sign_pub","kx_pub"}: with it, a retry of an '
        "enrolment whose answer was lost gets the same device id",
    )


class EnrollResponse(BaseModel):
    device_id: str
    device_token: str = Field(description="bearer token for /v2/sync; shown only this once")


class SubjectStatement(_Strict):
    """What a device signs to purge (consent withdrawn) or re-share (consent given again)."""

    type: Literal["purge", "reshare"]
    device: MessageId
    subjects: list[Subject] = Field(min_length=1, max_length=MAX_PURGE_SUBJECTS)
    nonce: Opaque


class PurgeRequest(_Strict):
    statement: SubjectStatement
    sig: Signature = Field(description="Ed25519 signature of the canonical JSON statement")


class MembershipAppend(_Strict):
    index: JsonInt = Field(ge=0, le=MAX_EVENTS)
    event: dict[str, Any] = Field(description="one signed membership event (devices verify it)")


class CommandRequest(_Strict):
    device_id: MessageId = Field(description="the device the command is addressed to")
    command: dict[str, Any] = Field(description="the signed command, relayed as it is")


class AuditHeadRequest(_Strict):
    count: JsonInt = Field(ge=0, le=2**62, description="events in the device's audit chain")
    message: OutgoingMessage = Field(description="the sealed, signed head (count and hash)")
    sig: Signature | None = Field(
        None,
        description="Ed25519 signature of the device's registered key over the canonical JSON "
        '{"type":"audit_head","device","count","id","ciphertext_sha256"}: a signed head '
        "outranks any unsigned one, and once a device has signed, unsigned heads are refused",
    )


class PurgeResponse(BaseModel):
    purged: int = Field(description="number of stored messages deleted")
    markers: list[str] = Field(description="ids of the purge markers, one per subject")


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: int


class ErrorResponse(BaseModel):
    error: str = Field(description="machine-readable code")
    detail: str = Field(description="what was wrong, naming the field")


class AuthErrorResponse(ErrorResponse):
    """401: error is "unauthorized" (unknown or missing token) or "revoked"."""

    commands: list[Command] = Field(
        default_factory=list,
        description='only with error "revoked": [{"type": "wipe"}] if the admin asked for it',
    )
