"""A lesson's analytics figures, counted in the background for lessons with many learners.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06

``lesson_figures`` holds one row per lesson: the figures of its analytics page (overview,
funnel, activities, questions, criteria, and the numbers of written answers to review) as JSON,
the source hash of the revision they were counted for, when they were counted, and when a count
now queued or running started. It starts empty: the first visit to a large lesson's analytics,
or `flask analytics refresh`, fills it.

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
        "lesson_figures",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refresh_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lesson.id"],
            name=op.f("fk_lesson_figures_lesson_id_lesson"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lesson_id", name=op.f("pk_lesson_figures")),
    )


def downgrade():
    op.drop_table("lesson_figures")
