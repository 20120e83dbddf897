"""The cmi5 moveOn statements sent per registration and AU.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06

A launch kept the verbs it had sent in the session cookie, and a response built from an older
cookie (a progress event answered while a sync was under way) put them back to unsent, so
completed and passed went to the LMS twice. The claim is now a row: one per verb, registration
and AU, written before the statement is sent.

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cmi5_move_on",
        sa.Column("au", sa.String(length=64), nullable=False),
        sa.Column("verb", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("au", "verb", name=op.f("pk_cmi5_move_on")),
    )


def downgrade():
    op.drop_table("cmi5_move_on")
