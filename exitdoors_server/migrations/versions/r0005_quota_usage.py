"""Per-device usage per hour, for the quotas over a sliding day (messages and bytes stored,
purge requests, subjects purged).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quota_usage",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("bucket", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("messages", sa.BigInteger, nullable=False),
        sa.Column("bytes", sa.BigInteger, nullable=False),
        sa.Column("purges", sa.BigInteger, nullable=False),
        sa.Column("subjects", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("quota_usage")
