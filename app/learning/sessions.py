"""Session records: start one at sign-in, find it on each request, end it at sign-out.

A browser's cookies carry a random token naming its record; the database keeps only the token's
SHA-256. Ending a session revokes its record, so the cookies of that browser, and every copy of
them, stop working on the server, whatever their expiry date says. Functions take what they
need as arguments (the user, the record, the time) and leave committing to the caller.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.sessions import UserSession

# "Last seen" is written at most this often, not on every request a browser makes.
SEEN_EVERY = timedelta(minutes=5)
# Ended sessions are kept this long (the account page and an investigation can tell when a
# session ended), then deleted the next time the user signs in.
KEEP_ENDED = timedelta(days=30)
TOKEN_BYTES = 32  # 256 bits from the operating system's generator
MAX_TOKEN_LENGTH = 100  # a token is 43 characters; anything much longer is not one


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database keeps instead of the token: a copy of the table opens no account."""
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for UTC columns; PostgreSQL aware ones."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def start_session(
    user: User, *, remembered: bool, user_agent: str, now: datetime
) -> tuple[UserSession, str]:
    """A new session record for a browser that has just signed in, and its token.

    Each sign-in gets a record (and token) of its own, never an earlier one's. Records of this
    user that ended more than ``KEEP_ENDED`` ago are deleted on the way.
    """
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.revoked_at < now - KEEP_ENDED
        )
    )
    token = new_token()
    record = UserSession(
        token_hash=token_hash(token),
        user=user,
        remembered=remembered,
        user_agent=user_agent[:100],
        created_at=now,
        last_seen_at=now,
    )
    db.session.add(record)
    db.session.flush()
    return record, token


def live_session(token: str) -> UserSession | None:
    """The record a browser's token names, with its user, unless it has ended or never existed."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    record = db.session.scalar(
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.token_hash == token_hash(token))
    )
    return record if record is not None and record.live else None


def replace_token(record: UserSession, *, now: datetime) -> str:
    """Give the record a new token: cookies holding the old one stop working, the session goes on.

    Used when a remember-me cookie signs a browser in (so a copy of that cookie works at most
    until the browser's next visit) and when the password changes.
    """
    token = new_token()
    record.token_hash = token_hash(token)
    record.last_seen_at = now
    return token


def note_seen(record: UserSession, *, now: datetime) -> bool:
    """Move "last seen" to now if it is more than ``SEEN_EVERY`` old; whether it changed."""
    if not record.live or now - _aware(record.last_seen_at) < SEEN_EVERY:
        return False
    record.last_seen_at = now
    return True


def end_session(record: UserSession, *, now: datetime) -> None:
    """Sign one browser out for good: its token, and every copy of its cookies, is refused."""
    if record.live:
        record.revoked_at = now


def end_sessions(user_id: int, *, now: datetime, keep: UserSession | None = None) -> int:
    """End every live session of the user but ``keep``; how many were ended."""
    statement = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    result = db.session.execute(statement.values(revoked_at=now))
    return result.rowcount


def live_sessions(user_id: int) -> list[UserSession]:
    """The user's signed-in browsers, the most recently seen first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )
