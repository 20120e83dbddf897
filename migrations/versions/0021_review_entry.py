"""The written-answer review queue kept on write.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06

``review_entry`` holds one row per learner and written (reviewable) activity: their latest
attempt there, how many attempts they made, the state of the latest (0 waiting and flagged by
the grader, 1 waiting, 2 reviewed) and the time it sorts by (when it was given while waiting,
when it was reviewed after). ``ix_review_entry_queue`` (lesson, state, time, attempt, activity)
holds each state's answers in queue order, so a page of the analytics page's review list is a
range of it instead of a sort of every learner's latest answer. The upgrade fills the table
from the attempts already stored, as ``app.learning.review_entries.rebuild`` does.

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# The reviewable activity types when this migration was written.
REVIEWABLE = ("free-text",)

FILL = """
INSERT INTO review_entry
    (lesson_id, learner_id, activity_id, attempt_id, attempts, state, sort_at)
SELECT lesson_id, learner_id, activity_id, id, attempts,
       CASE WHEN override_percent IS NOT NULL THEN 2 WHEN flag = 'borderline' THEN 0 ELSE 1 END,
       CASE WHEN override_percent IS NOT NULL THEN COALESCE(reviewed_at, created_at)
            ELSE created_at END
FROM (
    SELECT id, lesson_id, learner_id, activity_id, created_at, override_percent, reviewed_at,
           {flag} AS flag,
           count(*) OVER (PARTITION BY learner_id, lesson_id, activity_id) AS attempts,
           row_number() OVER (PARTITION BY learner_id, lesson_id, activity_id
                              ORDER BY created_at DESC, id DESC) AS rank
    FROM attempt
    WHERE activity_type IN ({types})
) AS ranked
WHERE rank = 1
"""


def upgrade():
    op.create_table(
        "review_entry",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("state", sa.SmallInteger(), nullable=False),
        sa.Column("sort_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempt.id"],
            name=op.f("fk_review_entry_attempt_id_attempt"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_review_entry_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lesson.id"],
            name=op.f("fk_review_entry_lesson_id_lesson"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "learner_id", "lesson_id", "activity_id", name=op.f("pk_review_entry")
        ),
        sa.UniqueConstraint("attempt_id", name=op.f("uq_review_entry_attempt_id")),
    )
    with op.batch_alter_table("review_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_review_entry_queue",
            ["lesson_id", "state", "sort_at", "attempt_id", "activity_id"],
            unique=False,
        )
    if op.get_bind().dialect.name == "postgresql":
        flag = "feedback -> 'details' ->> 'flag'"
    else:
        flag = "json_extract(feedback, '$.details.flag')"
    types = ", ".join(f"'{name}'" for name in REVIEWABLE)
    op.execute(FILL.format(flag=flag, types=types))


def downgrade():
    with op.batch_alter_table("review_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_review_entry_queue")
    op.drop_table("review_entry")
