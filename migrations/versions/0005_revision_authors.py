"""Who wrote each lesson revision in the browser.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("lesson_revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_lesson_revision_author_id_user"),
            "user",
            ["author_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("lesson_revision", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lesson_revision_author_id_user"), type_="foreignkey"
        )
        batch_op.drop_column("author_id")
