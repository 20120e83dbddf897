"""Who a launch signs in: the platform-scoped account of the LMS user (made on first launch),
or the account the user linked it to."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from app.core.lti.launch import Launch
from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.lti import LtiAccount, LtiPlatform

# Never a valid Werkzeug hash: nobody can sign in to a launched account with a password.
LAUNCH_ONLY_HASH = "!lti"


def placeholder_email(platform: LtiPlatform, subject: str) -> str:
    """A unique address that can't receive mail (RFC 2606 .invalid), stable per platform user."""
    digest = hashlib.sha256(f"{platform.id}\n{subject}".encode()).hexdigest()[:20]
    host = (urlsplit(platform.issuer).hostname or "lms").replace("_", "-")[:60]
    return f"lti-{digest}@{host}.invalid"


def account_for(platform: LtiPlatform, launch: Launch) -> LtiAccount:
    """The account this LMS user signs in to; made, with a user of its own, on the first launch.
    The name follows the LMS's; an email it claims is never used to find another account."""
    account = db.session.scalar(
        db.select(LtiAccount).filter_by(platform_id=platform.id, subject=launch.subject)
    )
    if account is None:
        user = User(
            email=placeholder_email(platform, launch.subject), password_hash=LAUNCH_ONLY_HASH
        )
        db.session.add(user)
        db.session.flush()
        account = LtiAccount(platform_id=platform.id, subject=launch.subject, user_id=user.id)
        db.session.add(account)
        db.session.flush()
    if launch.name and account.user.name != launch.name[:100]:
        account.user.name = launch.name[:100]
    return account


def link_account(account: LtiAccount, user: User) -> User:
    """From now on launches of this LMS user sign in to ``user`` (an existing account); returns
    the user launches signed in to before, whose progress the caller merges."""
    previous = account.user
    account.user_id = user.id
    db.session.flush()
    db.session.expire(account, ["user"])
    return previous


def is_launched_only(user: User) -> bool:
    """An account made by a launch, never given a password (so it can be linked elsewhere)."""
    return user.password_hash == LAUNCH_ONLY_HASH
