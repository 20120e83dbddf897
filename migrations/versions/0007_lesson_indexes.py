"""Index attempts and statements by lesson alone, for a lesson's analytics.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_attempt_lesson_id", "attempt", ["lesson_id"])
    op.create_index("ix_statement_lesson_id", "statement", ["lesson_id"])


def downgrade():
    op.drop_index("ix_statement_lesson_id", table_name="statement")
    op.drop_index("ix_attempt_lesson_id", table_name="attempt")
