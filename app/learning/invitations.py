"""Inviting instructors without a mail server: an instructor makes a link, copies it to the
person they invite, and that person opens it to create an instructor account.

The link carries a random secret (256 bits); the database keeps its SHA-256. A link works once,
until it expires. Accepting marks the invitation used in the same UPDATE that checks it is
unused, so two people opening one link at once can't both become instructors.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from app.learning.accounts import find_account, normalise_email
from app.learning.db import db
from app.learning.errors import Conflict, NotFound
from app.learning.models.accounts import User
from app.learning.models.invitations import Invitation

NOT_VALID = "This invitation link is not valid. Ask the instructor who invited you for a new one."
USED = "This invitation has already been used. Ask the instructor who invited you for a new one."
EXPIRED = "This invitation has expired. Ask the instructor who invited you for a new one."


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def create_invitation(creator: User, valid_for: timedelta) -> tuple[Invitation, str]:
    """A new invitation and the secret of its link (shown once, never stored)."""
    secret = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    invitation = Invitation(
        secret_hash=_hash(secret),
        created_by_id=creator.id,
        created_at=now,
        expires_at=now + valid_for,
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, secret


def open_invitation(secret: str) -> Invitation:
    """The usable invitation of a link; NotFound (unknown) or Conflict (used, expired)."""
    invitation = db.session.scalar(db.select(Invitation).filter_by(secret_hash=_hash(secret)))
    if invitation is None:
        raise NotFound(NOT_VALID)
    if invitation.used_at is not None:
        raise Conflict(USED)
    if _aware(invitation.expires_at) <= datetime.now(UTC):
        raise Conflict(EXPIRED)
    return invitation


def accept_invitation(secret: str, name: str, email: str, password: str) -> User:
    """Create the instructor account the invitation is for and spend the invitation.

    Raises what :func:`open_invitation` raises, or Conflict when the e-mail has an account.
    """
    invitation = open_invitation(secret)
    email = normalise_email(email)
    if find_account(email) is not None:
        raise Conflict("There is already an account with this email. Use another one.")
    user = User(email=email, name=name.strip(), role="instructor")
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    spent = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=datetime.now(UTC), used_by_id=user.id)
    )
    if spent.rowcount != 1:
        raise Conflict(USED)
    return user


def invitations_of(creator: User) -> list[Invitation]:
    """The invitations an instructor made, newest first."""
    query = (
        db.select(Invitation)
        .filter_by(created_by_id=creator.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(50)
    )
    return list(db.session.scalars(query))


def is_expired(invitation: Invitation) -> bool:
    return _aware(invitation.expires_at) <= datetime.now(UTC)
