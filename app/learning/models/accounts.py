"""User accounts. A user's learning lives on their learner record (app.learning.models.learners)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.learning.db import db
from app.learning.models.courses import utcnow

ROLES = ("learner", "instructor", "admin")


def hash_password(password: str) -> str:
    """The stored form of a password: salted scrypt, Werkzeug's default method."""
    return generate_password_hash(password)


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))  # given when accepting an invitation
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="learner", server_default="learner")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def can_teach(self) -> bool:
        return self.role in ("instructor", "admin")

    # What Flask-Login asks of a user (its UserMixin, without importing the web layer's library).
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return True

    def use_session(self, token: str) -> None:
        """Name the session record (app.learning.sessions) this object is signed in under.

        Kept on the instance for this request, not in a column: an account has a session per
        browser.
        """
        self._session_token = token

    def get_id(self) -> str:
        """What the session and remember-me cookies carry: the token of a session record.

        Refuses to answer before ``use_session``, so nobody can be signed in under an id that no
        session record knows (and that signing out could not end).
        """
        token = getattr(self, "_session_token", None)
        if token is None:
            raise RuntimeError("sign in through app.learning.sessions, which names the session")
        return token
