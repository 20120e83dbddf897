"""LTI 1.3: registered platforms, the tool's keys, logins, launched accounts, grade links.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-05

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None

NOW = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "lti_platform",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("auth_login_url", sa.String(length=1000), nullable=False),
        sa.Column("auth_token_url", sa.String(length=1000), nullable=False),
        sa.Column("jwks_url", sa.String(length=1000), nullable=False),
        sa.Column("deployment_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_platform")),
        sa.UniqueConstraint("issuer", "client_id", name="uq_lti_platform_client"),
    )
    op.create_table(
        "lti_tool_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_tool_key")),
        sa.UniqueConstraint("kid", name=op.f("uq_lti_tool_key_kid")),
    )
    op.create_table(
        "lti_login",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("target_link_uri", sa.String(length=1000), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("used_at", NOW, nullable=True),
        sa.Column("deep_linking", sa.JSON(), nullable=True),
        sa.Column("deployment_id", sa.String(length=200), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("continued_at", NOW, nullable=True),
        sa.ForeignKeyConstraint(
            ["platform_id"], ["lti_platform.id"],
            name=op.f("fk_lti_login_platform_id_lti_platform"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_lti_login_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_login")),
        sa.UniqueConstraint("state", name=op.f("uq_lti_login_state")),
    )  # fmt: skip
    op.create_table(
        "lti_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"], ["lti_platform.id"],
            name=op.f("fk_lti_account_platform_id_lti_platform"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_lti_account_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_account")),
        sa.UniqueConstraint("platform_id", "subject", name="uq_lti_account_subject"),
    )  # fmt: skip
    with op.batch_alter_table("lti_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_account_user_id"), ["user_id"], unique=False)
    op.create_table(
        "lti_grade_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("lineitem", sa.String(length=1000), nullable=False),
        sa.Column("activity_id", sa.String(length=100), nullable=True),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("score_given", sa.Double(), nullable=True),
        sa.Column("score_maximum", sa.Double(), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("updated_at", NOW, nullable=False),
        sa.Column("sent_at", NOW, nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["lti_account.id"],
            name=op.f("fk_lti_grade_link_account_id_lti_account"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"],
            name=op.f("fk_lti_grade_link_lesson_id_lesson"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_grade_link")),
        sa.UniqueConstraint("account_id", "lesson_id", "lineitem", name="uq_lti_grade_link"),
    )  # fmt: skip
    with op.batch_alter_table("lti_grade_link", schema=None) as batch_op:
        batch_op.create_index("ix_lti_grade_link_status", ["status"], unique=False)
    op.create_table(
        "lti_context",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=True),
        sa.Column("roster_url", sa.String(length=1000), nullable=True),
        sa.Column("updated_at", NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"], ["lti_platform.id"],
            name=op.f("fk_lti_context_platform_id_lti_platform"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_context")),
        sa.UniqueConstraint("platform_id", "context_id", name="uq_lti_context"),
    )  # fmt: skip
    op.create_table(
        "lti_context_lesson",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("context_pk", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["context_pk"], ["lti_context.id"],
            name=op.f("fk_lti_context_lesson_context_pk_lti_context"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"],
            name=op.f("fk_lti_context_lesson_lesson_id_lesson"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_context_lesson")),
        sa.UniqueConstraint("context_pk", "lesson_id", name="uq_lti_context_lesson"),
    )  # fmt: skip
    with op.batch_alter_table("lti_context_lesson", schema=None) as batch_op:
        batch_op.create_index("ix_lti_context_lesson_lesson_id", ["lesson_id"], unique=False)


def downgrade():
    with op.batch_alter_table("lti_context_lesson", schema=None) as batch_op:
        batch_op.drop_index("ix_lti_context_lesson_lesson_id")
    op.drop_table("lti_context_lesson")
    op.drop_table("lti_context")
    with op.batch_alter_table("lti_grade_link", schema=None) as batch_op:
        batch_op.drop_index("ix_lti_grade_link_status")
    op.drop_table("lti_grade_link")
    with op.batch_alter_table("lti_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_account_user_id"))
    op.drop_table("lti_account")
    op.drop_table("lti_login")
    op.drop_table("lti_tool_key")
    op.drop_table("lti_platform")
