"""Instructor invitations, and a name on user accounts.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

An instructor makes an invitation link (single use, expiring) that another person opens to create
an instructor account, giving their name. Only a SHA-256 of the link's secret is stored.

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=100), nullable=True))
    op.create_table(
        "instructor_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_instructor_invitation_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["used_by_id"],
            ["user.id"],
            name=op.f("fk_instructor_invitation_used_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instructor_invitation")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_instructor_invitation_secret_hash")),
    )
    with op.batch_alter_table("instructor_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instructor_invitation_created_by_id"), ["created_by_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("instructor_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instructor_invitation_created_by_id"))
    op.drop_table("instructor_invitation")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("name")
