"""Rate counters: the sign-in throttle's counts, shared by every process through the database.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

Without Redis, each gunicorn worker counted sign-in attempts in its own memory, so the limit was
allowed once per worker (34 wrong passwords checked in a minute against a limit of 10, with four
workers). The counts now live in ``rate_counter`` unless ``RATELIMIT_STORAGE_URI`` names another
storage. The rows are short-lived: a downgrade drops them, an upgrade starts with none.

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_counter",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_counter")),
    )
    with op.batch_alter_table("rate_counter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rate_counter_expires_at"), ["expires_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("rate_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_counter_expires_at"))

    op.drop_table("rate_counter")
