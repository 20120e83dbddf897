"""Session records: one row per browser signed in to an account, so a session can be ended.

The session and remember-me cookies carry a random token; the row keeps only its SHA-256, so a
copy of the database (a backup, a leak) cannot be turned into working cookies. A browser is
signed in while its row exists and is not revoked: signing out revokes it on the server, and a
copy of either cookie taken earlier stops working at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.courses import utcnow


class UserSession(db.Model):
    """A browser signed in to an account (sign-in until sign-out, revocation or deletion)."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 hex of the token
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Signed in with "Keep me signed in": a new token replaces the remember cookie when it is used.
    remembered: Mapped[bool] = mapped_column(default=False)
    # A summary such as "Firefox on Linux" for the account page, never the whole header.
    user_agent: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    @property
    def live(self) -> bool:
        return self.revoked_at is None
