"""Throttling of the endpoints that guess passwords: sign in, sign up, account changes.

Counters live in process memory by default (one server process); with ``REDIS_URL`` they live in
Redis so every process and server shares them. Limits apply per client address and only to form
submissions (POST), never to showing the forms.
"""

from __future__ import annotations

import os

from flask import Flask, current_app

from app.web.extensions import limiter

AUTH_LIMIT = "10 per minute;50 per hour"
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
    app.config.setdefault("AUTH_RATE_LIMIT", AUTH_LIMIT)
    if "RATELIMIT_STORAGE_URI" not in app.config:
        redis_url = os.environ.get("REDIS_URL")
        app.config["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "learnwell")
    # If Redis goes away, count in this process rather than refuse every sign-in.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
