"""Throttling of the endpoints that guess passwords: sign in, sign up, account changes.

Each form submission (POST, never showing the form) counts twice: against ``AUTH_RATE_LIMIT`` for
the client's address, and against ``AUTH_ACCOUNT_RATE_LIMIT`` for the account it is about (the
e-mail submitted to sign in or up, ``throttled``; the signed-in account on the account page,
``throttled_signed_in``). The address limit slows one guesser trying many accounts; the account
limit slows many addresses (a botnet, rotating proxies) guessing one account's password. While an
account's limit is reached its owner is refused too: the price of the second limit, and the
reason a 429 never tells whether the password was right.

Counters must be shared by every process that serves the site, or each gunicorn worker allows the
whole limit again. They live in Redis when ``REDIS_URL`` is configured (in any layer: instance
file, ``REDIS_URL`` or ``FLASK_REDIS_URL``), otherwise in the app's own database
(``database://``, :mod:`app.web.security.counters`), unless ``RATELIMIT_STORAGE_URI`` names
another storage (``memory://`` counts per process: for tests). The storage and the other
``RATELIMIT_*`` defaults are resolved in :mod:`app.config`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, request
from flask_login import current_user

from app.learning.accounts import normalise_email
from app.web.extensions import limiter
from app.web.security import counters  # noqa: F401  (registers the database:// storage)

AUTH_MESSAGE = (
    "Too many attempts from your network. Wait a minute, then try again "
    "(this protects accounts from password guessing)."
)
ACCOUNT_MESSAGE = (
    "Too many attempts for this account. Wait a minute, then try again "
    "(this protects accounts from password guessing)."
)
# The key of submissions that name no account (no e-mail, nobody signed in): they share one
# counter, and none of them can check a password.
NO_ACCOUNT = "account:none"

View = TypeVar("View", bound=Callable)


def auth_limit() -> str:
    return current_app.config["AUTH_RATE_LIMIT"]


def account_limit() -> str:
    return current_app.config["AUTH_ACCOUNT_RATE_LIMIT"]


def submitted_account() -> str:
    """The counter key of the account a sign-in or sign-up names: the e-mail submitted."""
    return _account_key(request.form.get("email", ""))


def signed_in_account() -> str:
    """The counter key of the signed-in account (the account page asks for its password).

    Never taken from the form: an extra ``email`` field must not move the count elsewhere.
    """
    return _account_key(current_user.email if current_user.is_authenticated else "")


def _account_key(email: str) -> str:
    """The e-mail normalised as accounts are found, so "Ada@Example.org" and " ada@example.org"
    count together, then keyed: an HMAC of the address, not the address, so neither Redis nor
    the database keeps e-mail addresses in the clear and the key's length doesn't depend on what
    was submitted. It is counted whether or not the account exists, so a 429 tells nothing about
    which addresses have accounts."""
    email = normalise_email(email)
    if not email:
        return NO_ACCOUNT
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    return "account:" + hmac.new(secret, email.encode(), hashlib.sha256).hexdigest()[:32]


def throttled(view: View) -> View:
    """Limit a sign-in or sign-up view's POSTs per address and per the account they name."""
    return _throttle(view, submitted_account)


def throttled_signed_in(view: View) -> View:
    """Limit a signed-in view's POSTs (which check the password) per address and per account."""
    return _throttle(view, signed_in_account)


def _throttle(view: View, account_key: Callable[[], str]) -> View:
    """Both limits on the view's POSTs. The address limit is evaluated first, so a caller over
    both is told about its network."""
    per_address = limiter.limit(auth_limit, methods=["POST"], error_message=AUTH_MESSAGE)
    per_account = limiter.limit(
        account_limit, key_func=account_key, methods=["POST"], error_message=ACCOUNT_MESSAGE
    )
    # The inner decorator's limits are registered, and so evaluated, first.
    return per_account(per_address(view))


def init_app(app: Flask) -> None:
    """Bind the limiter to the app: its storage and options are the ``RATELIMIT_*`` settings."""
    limiter.init_app(app)
