"""Table definitions (SQLAlchemy Core) for the server's database.

The Alembic migrations in ``exitdoors_server/migrations`` create these tables; a test asserts the
migrated database matches this metadata. Times are integer Unix seconds (UTC) so SQLite and
PostgreSQL store and compare them identically.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# INTEGER PRIMARY KEY on SQLite makes seq the rowid (no second index); BIGINT on PostgreSQL.
SeqType = BigInteger().with_variant(Integer(), "sqlite")

# The one-row counter that hands out sequence numbers. Writers lock it for the whole of their
# transaction, so sequence numbers become visible strictly in order (see store_sync.py).
seq_counter = Table(
    "seq_counter",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_seq", BigInteger, nullable=False),
)

invites = Table(
    "invites",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("used_at", BigInteger, nullable=True),
    Column("device_id", String(36), nullable=True),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("invite_id", String(36), ForeignKey("invites.id"), nullable=True),
    Column("enrolled_at", BigInteger, nullable=False),
    Column("last_seen", BigInteger, nullable=True),
    Column("revoked_at", BigInteger, nullable=True),
    Column("wipe", Boolean, nullable=False),
    # Protocol v2: the device's public keys (Ed25519 to sign, X25519 to receive epoch keys).
    Column("sign_pub", LargeBinary(32), nullable=True),
    Column("kx_pub", LargeBinary(32), nullable=True),
    # Opaque to the server: the device's join card (its vault id and proof of the invite).
    Column("card", Text, nullable=True),
)

messages = Table(
    "messages",
    metadata,
    Column("seq", SeqType, primary_key=True, autoincrement=False),
    # Raw UUID (16 bytes) and HMAC tag (32 bytes); the wire carries them as text.
    Column("id", LargeBinary(16), nullable=False, unique=True),
    Column("subject", LargeBinary(32), nullable=False),
    Column("key_id", String(64), nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("received_at", BigInteger, nullable=False),
)
Index("ix_messages_subject", messages.c.subject)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", SeqType, primary_key=True, autoincrement=True),
    Column("at", BigInteger, nullable=False),
    Column("event", String(32), nullable=False),
    Column("device_id", String(36), nullable=True),
    Column("client_ip", String(64), nullable=True),
    Column("detail", String(200), nullable=True),
)
Index("ix_audit_log_at", audit_log.c.at)

# Protocol v2: the team's membership log, stored verbatim (devices verify it, not the server).
membership = Table(
    "membership",
    metadata,
    Column("idx", Integer, primary_key=True, autoincrement=False),
    Column("event", Text, nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("received_at", BigInteger, nullable=False),
)

# One row per withdrawn subject tag: pushes under it are refused until a signed re-share.
tombstones = Table(
    "tombstones",
    metadata,
    Column("subject", LargeBinary(32), primary_key=True),
    Column("device_id", String(36), nullable=False),
    Column("at", BigInteger, nullable=False),
)

# Signed commands (wipe) an admin device addressed to one device; the server only relays them.
commands = Table(
    "commands",
    metadata,
    Column("id", SeqType, primary_key=True, autoincrement=True),
    Column("device_id", String(36), nullable=False),
    Column("body", Text, nullable=False),
    Column("issued_by", String(36), nullable=False),
    Column("at", BigInteger, nullable=False),
)
Index("ix_commands_device", commands.c.device_id)

# One row per device: its audit chain head, sealed and signed by the device (opaque here but
# for the event count, which only grows: a laptop whose log was cut short cannot lower it).
audit_heads = Table(
    "audit_heads",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("count", BigInteger, nullable=False),
    Column("id", String(36), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("key_id", String(64), nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("at", BigInteger, nullable=False),
    # The device's Ed25519 signature over the clear count (team.audit_head_statement), if sent.
    Column("sig", LargeBinary, nullable=True),
)

# What each device used, per hour, for the per-device quotas over a sliding day (quotas.py):
# messages and bytes stored, purge requests and subjects purged. Old hours are deleted as
# the device is charged again.
quota_usage = Table(
    "quota_usage",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("bucket", BigInteger, primary_key=True, autoincrement=False),
    Column("messages", BigInteger, nullable=False),
    Column("bytes", BigInteger, nullable=False),
    Column("purges", BigInteger, nullable=False),
    Column("subjects", BigInteger, nullable=False),
)
