"""Each learner's summary of each lesson, kept as they write, for a lesson's analytics.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05

``lesson_learner`` holds one row per learner and lesson: when they were first seen there (their
first statement or attempt), their active seconds (the sum of their 'progressed' statements) and
their first completion. The overview of a lesson's analytics reads it instead of every statement:
with 100,000 learners that is 100,000 rows instead of 1.75 million, and when each completer was
first seen no longer takes a look-up in the attempts per completer (a scan of the lesson's
attempts each time on SQLite, which chose the wrong index). The upgrade sums the rows already
stored; from then on the use cases that write statements and attempts keep it up to date.

``ix_statement_learner_lesson`` gains ``object_type`` and ``object_id``: EXPLAIN QUERY PLAN
showed SQLite reading the sections one learner has read (the lesson page's progress query)
through ``ix_statement_lesson_verb``, the reads of every learner of the lesson, because that
index covered the query and this one did not (712 ms with 100,000 learners; with both covering,
it takes the one that starts with the learner).

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The same sums as app.learning.summaries.rebuild, in each database's own JSON functions.
SECONDS = {
    "sqlite": (
        "CASE WHEN json_type(result, '$.seconds') IN ('integer', 'real')"
        " THEN CAST(json_extract(result, '$.seconds') AS INTEGER) ELSE 0 END"
    ),
    "postgresql": (
        "CASE WHEN json_typeof(result -> 'seconds') = 'number'"
        " THEN trunc((result ->> 'seconds')::float) ELSE 0 END"
    ),
}
BACKFILL = """
INSERT INTO lesson_learner (lesson_id, learner_id, first_at, active_seconds, completed_at)
SELECT lesson_id, learner_id, min(at), CAST(sum(seconds) AS INTEGER), min(completed_at)
FROM (
    SELECT lesson_id, learner_id, timestamp AS at,
        CASE WHEN verb = 'progressed' THEN {seconds} ELSE 0 END AS seconds,
        CASE WHEN verb = 'completed' THEN timestamp END AS completed_at
    FROM statement WHERE lesson_id IS NOT NULL
    UNION ALL
    SELECT lesson_id, learner_id, created_at, 0, NULL FROM attempt
) AS work
GROUP BY lesson_id, learner_id
"""


def upgrade():
    op.create_table(
        "lesson_learner",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active_seconds", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_lesson_learner_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lesson.id"],
            name=op.f("fk_lesson_learner_lesson_id_lesson"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lesson_id", "learner_id", name=op.f("pk_lesson_learner")),
    )
    op.create_index(
        op.f("ix_lesson_learner_learner_id"), "lesson_learner", ["learner_id"], unique=False
    )
    dialect = op.get_bind().dialect.name
    op.execute(BACKFILL.format(seconds=SECONDS.get(dialect, SECONDS["sqlite"])))
    _learner_index(["learner_id", "lesson_id", "verb", "object_type", "object_id"])


def _learner_index(columns):
    op.drop_index("ix_statement_learner_lesson", table_name="statement")
    op.create_index("ix_statement_learner_lesson", "statement", columns)


def downgrade():
    _learner_index(["learner_id", "lesson_id", "verb"])
    op.drop_index(op.f("ix_lesson_learner_learner_id"), table_name="lesson_learner")
    op.drop_table("lesson_learner")
