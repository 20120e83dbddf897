"""Number each learner's attempts at an activity, uniquely, so the database enforces max_attempts.

Existing attempts are numbered 1..n per learner, lesson and activity, oldest first (by
``created_at``, then ``id``), before the column becomes required and unique.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

NUMBER_EXISTING = """
UPDATE attempt SET attempt_number = numbered.n
FROM (
    SELECT id, row_number() OVER (
        PARTITION BY learner_id, lesson_id, activity_id ORDER BY created_at, id
    ) AS n
    FROM attempt
) AS numbered
WHERE attempt.id = numbered.id
"""


def upgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempt_number", sa.Integer(), nullable=True))
    op.execute(NUMBER_EXISTING)  # UPDATE … FROM: PostgreSQL, and SQLite since 3.33
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.alter_column("attempt_number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            "uq_attempt_number", ["learner_id", "lesson_id", "activity_id", "attempt_number"]
        )


def downgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_constraint("uq_attempt_number", type_="unique")
        batch_op.drop_column("attempt_number")
