"""folder_state.flags_modseq: a flags refresh asks only for what changed (CONDSTORE)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("folder_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flags_uidvalidity", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("flags_modseq", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("folder_state", schema=None) as batch_op:
        batch_op.drop_column("flags_modseq")
        batch_op.drop_column("flags_uidvalidity")
