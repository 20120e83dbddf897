"""LTI 1.3: the learning platforms (LMSs) this tool trusts, its own signing keys, logins in
progress, the accounts launches sign in to, and grades waiting to be posted back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.courses import Lesson, utcnow


class LtiPlatform(db.Model):
    """A registered LMS: who it is (issuer and the client id it gave this tool), where to send
    logins and ask for access tokens, where its public keys are, and its deployments."""

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id", name="uq_lti_platform_client"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(200))
    auth_login_url: Mapped[str] = mapped_column(String(1000))
    auth_token_url: Mapped[str] = mapped_column(String(1000))
    jwks_url: Mapped[str] = mapped_column(String(1000))
    deployment_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LtiToolKey(db.Model):
    """One of this tool's RSA key pairs (PEM). The newest signs; all are published, so a key can
    be rotated without breaking tokens an LMS already holds."""

    __tablename__ = "lti_tool_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LtiLogin(db.Model):
    """A login started by an LMS (OIDC third-party initiation), until its launch arrives: the
    ``state`` and ``nonce`` this tool sent, so the launch is answered once and only for them."""

    __tablename__ = "lti_login"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(64))
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    target_link_uri: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A deep-linking launch keeps what the answer must carry back (return URL, data, settings).
    deep_linking: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    deployment_id: Mapped[str | None] = mapped_column(String(200))
    # Who the launch signed in, and when that sign-in was carried to a new window (once), for
    # browsers that keep cookies out of the LMS's frame.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    continued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LtiAccount(db.Model):
    """The account an LMS user (``sub`` at a platform) signs in to. Scoped to the platform: an
    LMS's claim of an email never opens an account made elsewhere; the user links one."""

    __tablename__ = "lti_account"
    __table_args__ = (UniqueConstraint("platform_id", "subject", name="uq_lti_account_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    platform: Mapped[LtiPlatform] = relationship()
    user: Mapped[User] = relationship()


class LtiGradeLink(db.Model):
    """Where a lesson's score goes for one launched user: the LMS line item (Assignment and
    Grade Services), and what was last sent and how that went."""

    __tablename__ = "lti_grade_link"
    __table_args__ = (
        UniqueConstraint("account_id", "lesson_id", "lineitem", name="uq_lti_grade_link"),
        Index("ix_lti_grade_link_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("lti_account.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
    lineitem: Mapped[str] = mapped_column(String(1000))
    # A single activity placed by deep linking (``lesson#activity``): its best score is sent
    # instead of the lesson's.
    activity_id: Mapped[str | None] = mapped_column(String(100))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # pending: a score waits to be sent; sent: the LMS took the last one; failed: gave up (why in
    # last_error) until the next change or a retry from the instructor pages.
    status: Mapped[str] = mapped_column(String(20), default="pending")
    score_given: Mapped[float | None]
    score_maximum: Mapped[float | None]
    tries: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    account: Mapped[LtiAccount] = relationship()
    lesson: Mapped[Lesson] = relationship()


class LtiContext(db.Model):
    """An LMS course (the launch's context) that launched lessons of this site, with where its
    roster can be read (Names and Role Provisioning), when the LMS offers it."""

    __tablename__ = "lti_context"
    __table_args__ = (UniqueConstraint("platform_id", "context_id", name="uq_lti_context"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255))
    roster_url: Mapped[str | None] = mapped_column(String(1000))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    platform: Mapped[LtiPlatform] = relationship()


class LtiContextLesson(db.Model):
    """A lesson launched from an LMS course."""

    __tablename__ = "lti_context_lesson"
    __table_args__ = (
        UniqueConstraint("context_pk", "lesson_id", name="uq_lti_context_lesson"),
        Index("ix_lti_context_lesson_lesson_id", "lesson_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    context_pk: Mapped[int] = mapped_column(ForeignKey("lti_context.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
