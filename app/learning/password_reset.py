"""Password-reset links: signed, time-limited, and good for one use.

The link carries the account's id and a fingerprint of its current password hash, signed with the
app's secret. Setting a password makes a new hash (a new salt, even for the same password), so a
link stops working once it has been used, or once the password was changed any other way; the
signature's time stamp makes it expire after ``max_age`` seconds. Nothing is stored per request.
"""

from __future__ import annotations

import hashlib
import hmac

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.learning.db import db
from app.learning.models.accounts import User

SALT = "password-reset"


def _serializer(secret: str | bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def reset_key(user: User, secret: str | bytes) -> str:
    """The part of the link that proves it was sent for this account and its current password."""
    return _serializer(secret).dumps([user.id, _fingerprint(user)])


def account_for_reset(key: str, secret: str | bytes, max_age: int) -> User | None:
    """The account a reset key was made for, or None when it is forged, expired or used."""
    try:
        user_id, fingerprint = _serializer(secret).loads(key, max_age=max_age)
    except (SignatureExpired, BadSignature, TypeError, ValueError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not hmac.compare_digest(_fingerprint(user), str(fingerprint)):
        return None
    return user
