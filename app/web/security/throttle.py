"""Throttling of the endpoints that guess passwords: sign in, sign up, account changes.

Counters live in process memory by default (one server process); with ``REDIS_URL`` configured
(in any layer: instance file, ``REDIS_URL`` or ``FLASK_REDIS_URL``) they live in that Redis so
every process and server shares them, unless ``RATELIMIT_STORAGE_URI`` names another storage.
Both are resolved in :mod:`app.config`, as are the other ``RATELIMIT_*`` defaults. Limits apply
per client address and only to form submissions (POST), never to showing the forms.
"""

from __future__ import annotations

from flask import Flask, current_app

from app.web.extensions import limiter

AUTH_MESSAGE = (
    "Too many attempts from your network. Wait a minute, then try again "
    "(this protects accounts from password guessing)."
)


def auth_limit() -> str:
    return current_app.config["AUTH_RATE_LIMIT"]


def throttled(view):
    """Apply the sign-in/sign-up limit to a view's POST requests."""
    return limiter.limit(auth_limit, methods=["POST"], error_message=AUTH_MESSAGE)(view)


def init_app(app: Flask) -> None:
    """Bind the limiter to the app: its storage and options are the ``RATELIMIT_*`` settings."""
    limiter.init_app(app)
