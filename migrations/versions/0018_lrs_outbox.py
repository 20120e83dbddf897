"""The LRS outbox: each statement's forwarding state to an external Learning Record Store.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05

Rows are written with their statement while LRS_URL is set; statements stored before that are
not forwarded (they have no row).

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "lrs_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.statement_id"],
            name=op.f("fk_lrs_outbox_statement_id_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lrs_outbox")),
        sa.UniqueConstraint("statement_id", name=op.f("uq_lrs_outbox_statement_id")),
    )
    with op.batch_alter_table("lrs_outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lrs_outbox_state_next_attempt_at", ["state", "next_attempt_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("lrs_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_lrs_outbox_state_next_attempt_at")
    op.drop_table("lrs_outbox")
