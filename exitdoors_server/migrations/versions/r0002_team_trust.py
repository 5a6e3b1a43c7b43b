"""Protocol v2 ("team trust"): device public keys, the membership log, subject tombstones,
signed commands; messages lose their clear clock stamp.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # v1 messages cannot be read by v2 devices (and no team exists in the field): drop them.
    op.execute("DELETE FROM messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("hlc")
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("sign_pub", sa.LargeBinary(32), nullable=True))
        batch.add_column(sa.Column("kx_pub", sa.LargeBinary(32), nullable=True))
        batch.add_column(sa.Column("card", sa.Text, nullable=True))
    op.create_table(
        "membership",
        sa.Column("idx", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("event", sa.Text, nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("received_at", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "tombstones",
        sa.Column("subject", sa.LargeBinary(32), primary_key=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "commands",
        sa.Column("id", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("issued_by", sa.String(36), nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_commands_device", "commands", ["device_id"])


def downgrade() -> None:
    op.drop_index("ix_commands_device", "commands")
    op.drop_table("commands")
    op.drop_table("tombstones")
    op.drop_table("membership")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("card")
        batch.drop_column("kx_pub")
        batch.drop_column("sign_pub")
    op.execute("DELETE FROM messages")
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("hlc", sa.String(64), nullable=False, server_default=""))
