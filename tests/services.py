"""Shared services some tests need (Redis), named by the environment as CI does."""

from __future__ import annotations

import os

import pytest


def redis_url_or_skip() -> str:
    """``REDIS_URL``; a skip without it (a failure under CI, which must test the real Redis)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        message = "REDIS_URL is not set: tests of the Redis job queue and shared throttle skipped"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test with Redis: {message}")
        pytest.skip(message)
    return url
