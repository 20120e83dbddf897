"""Course staff: who owns and who edits each course.

Existing courses get no staff: until an admin adds some (``flask courses staff add``), only
admins may author them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "course_staff",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('owner', 'editor')", name=op.f("ck_course_staff_role")),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_course_staff_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_course_staff_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", "user_id", name=op.f("pk_course_staff")),
    )
    op.create_index(op.f("ix_course_staff_user_id"), "course_staff", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_course_staff_user_id"), table_name="course_staff")
    op.drop_table("course_staff")
