"""Courses, lessons and lesson revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course")),
        sa.UniqueConstraint("slug", name=op.f("uq_course_slug")),
    )
    # lesson.published_revision_id points at lesson_revision, which points back at lesson:
    # the lesson table is created first and that foreign key added once both tables exist.
    op.create_table(
        "lesson",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("published_revision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_lesson_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson")),
        sa.UniqueConstraint("slug", name=op.f("uq_lesson_slug")),
    )
    op.create_index(op.f("ix_lesson_course_id"), "lesson", ["course_id"], unique=False)
    op.create_table(
        "lesson_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lesson.id"],
            name=op.f("fk_lesson_revision_lesson_id_lesson"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_revision")),
        sa.UniqueConstraint("lesson_id", "number", name=op.f("uq_lesson_revision_lesson_id")),
    )
    op.create_index(
        op.f("ix_lesson_revision_lesson_id"), "lesson_revision", ["lesson_id"], unique=False
    )
    op.create_index(
        op.f("ix_lesson_revision_source_hash"), "lesson_revision", ["source_hash"], unique=False
    )
    with op.batch_alter_table("lesson") as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_lesson_published_revision_id_lesson_revision"),
            "lesson_revision",
            ["published_revision_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("lesson") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lesson_published_revision_id_lesson_revision"), type_="foreignkey"
        )
    op.drop_index(op.f("ix_lesson_revision_source_hash"), table_name="lesson_revision")
    op.drop_index(op.f("ix_lesson_revision_lesson_id"), table_name="lesson_revision")
    op.drop_table("lesson_revision")
    op.drop_index(op.f("ix_lesson_course_id"), table_name="lesson")
    op.drop_table("lesson")
    op.drop_table("course")
