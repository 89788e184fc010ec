"""folder_state.first_uidnext: old mail is recognised by UID, not by the clock

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 13:45:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("folder_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_uidnext", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("folder_state", schema=None) as batch_op:
        batch_op.drop_column("first_uidnext")
