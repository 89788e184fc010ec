"""retention: purged_at on message, outbox and quarantine

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:45:00.000000
"""

from alembic import op
import sqlalchemy as sa
import daemon.store.models


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("message", "outbox", "quarantine")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "purged_at", daemon.store.models.UtcDateTime(timezone=True), nullable=True
                )
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("purged_at")
