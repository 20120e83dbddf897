"""Configuration: built-in defaults, then ``instance/config.py``, then the environment.

Environment variables win over files: ``DATABASE_URL`` sets the database (and, without Redis,
where the throttle counts), ``REDIS_URL`` the job queue and the throttle's counters,
``LRS_URL``, ``LRS_USERNAME`` and ``LRS_PASSWORD`` the Learning Record Store, and any
``FLASK_<NAME>`` variable sets ``<NAME>`` (values are parsed as JSON when they look like it,
so ``FLASK_CONTENT_CACHE_SIZE=64`` is an integer).

This loader is where the application reads the environment for its settings: everything else
reads ``app.config``, so a setting means the same whichever layer gave it. The only other reads
are ``LEARNWELL_INSTANCE_PATH`` (app/factory.py: where config.py is, so needed before it) and
``PIPER_VOICE_DIR`` in the speech engine's own process, which has no app. Every setting the code
reads has its default in :class:`Defaults`; tests/unit/test_config.py checks both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Published on purpose: refuse_default_secret_key() keeps production from ever using it.
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key"  # nosec B105


class Defaults:
    """Every setting the application reads, with its default and what it is for."""

    SECRET_KEY = DEFAULT_SECRET_KEY
    SECRET_KEY_FALLBACKS: list[str] | None = None  # earlier keys whose session cookies still hold
    WTF_CSRF_FIELD_NAME = "csrf_token"  # the form field (and session key) of the CSRF token
    SQLALCHEMY_DATABASE_URI: str | None = None  # set from the instance path when still None
    # Server connections are checked before use by app.learning.database (no round trip unless
    # idle for long), not by SQLAlchemy's pool_pre_ping (a round trip for every request).
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    CONTENT_DIR = str(PROJECT_ROOT / "content")
    CONTENT_CACHE_SIZE = 32  # parsed lessons kept per process (the lesson pages being read)
    # Lesson plans kept per process (a few KB each): at least the lessons the server
    # holds, so the home and course pages never parse a lesson twice.
    CONTENT_PLAN_CACHE_SIZE = 4096
    SITE_NAME = "Learnwell"
    SITE_DESCRIPTION = (  # the description of pages that have none of their own
        "Short, practical lessons you can read, listen to and practise, at your own pace."
    )
    PUBLIC_URL: str | None = None  # e.g. "https://learn.example.org": absolute links (M3U)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "session"  # Flask's default, read by the quick 404 too
    SESSION_REFRESH_EACH_REQUEST = True  # Flask's default: a permanent session is sent again
    # Flask-Login: a signed-in session used from another address or browser is no longer fresh
    # ("strong": it is signed out instead).
    SESSION_PROTECTION = "basic"
    REMEMBER_COOKIE_NAME = "remember_token"  # Flask-Login's remember-me cookie (its default)
    AUTH_HEADER_NAME = "Authorization"  # Flask-Login's header for header loaders (its default)
    LEARNER_COOKIE_MAX_AGE = 90 * 24 * 3600  # anonymous learner cookie: seconds it is honoured
    LEARNER_COOKIE_RENEW_AFTER = 24 * 3600  # a cookie in use this old is issued again
    LEARNER_COOKIE_ACCEPT_UNDATED = True  # honour (and re-issue) cookies without an issue time
    SECURE_COOKIES = False  # behind HTTPS: every cookie is sent over HTTPS only
    TRUSTED_PROXIES = 0  # reverse proxies in front of the app whose X-Forwarded-* are believed
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # larger request bodies get a 413
    RATELIMIT_ENABLED = True  # the sign-in throttle; off only in tests
    AUTH_RATE_LIMIT = "10 per minute;50 per hour"  # sign in/up and account forms, per address
    AUTH_ACCOUNT_RATE_LIMIT = "10 per minute;50 per hour"  # the same forms, per account (e-mail)
    RATELIMIT_STORAGE_URI: str | None = None  # throttle counters; REDIS_URL, else the database
    RATELIMIT_HEADERS_ENABLED = True  # X-RateLimit-* and Retry-After on throttled endpoints
    RATELIMIT_KEY_PREFIX = "learnwell"  # the throttle's keys in a shared Redis or database
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # storage gone: count in-process, don't refuse
    MEDIA_DIR: str | None = None  # generated audio; set from the instance path when still None
    SPEECH_ENGINE = "pyttsx3"  # "pyttsx3" (espeak-ng), "piper" (optional) or "none"
    SPEECH_VOICE: str | None = None  # the engine's default voice when None
    SPEECH_VOICES: dict[str, str] | None = None  # voice id → label offered to learners
    SPEECH_RATE = 175  # words per minute
    SPEECH_BITRATE = 32  # kbit/s, MP3
    SPEECH_PYTHON: str | None = None  # interpreter that runs the engine; this one when None
    AUDIO_ON_PUBLISH = True  # build a lesson's audio in the background once it is published
    REDIS_URL: str | None = None  # jobs (RQ) and throttle counters here; else jobs in-process
    JOBS_QUEUE = "learnwell"  # the RQ queue name
    # A lesson's analytics: counted on each request below this many learners; from there on
    # read from figures counted in the background, counted again when older than the seconds.
    ANALYTICS_LIVE_LEARNERS = 2000
    ANALYTICS_REFRESH_SECONDS = 300
    # Outgoing e-mail (password-reset links). Without MAIL_SERVER nothing is sent and each
    # message is written to the log (the console of `make run`) instead.
    MAIL_SERVER: str | None = None  # the SMTP server's host name
    MAIL_PORT = 587  # 587 for STARTTLS, 465 for SSL, 25 for plain
    MAIL_USE_TLS = True  # STARTTLS after connecting (ignored with MAIL_USE_SSL)
    MAIL_USE_SSL = False  # TLS from the first byte (SMTPS, usually port 465)
    MAIL_USERNAME: str | None = None  # log in to the server when set
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "Learnwell <no-reply@localhost>"  # the From address
    MAIL_TIMEOUT = 10  # seconds to wait for the server
    PASSWORD_RESET_MAX_AGE = 3600  # seconds a password-reset link works
    INVITATION_HOURS = 72  # how long an instructor invitation link works
    # Forwarding every statement to an external Learning Record Store (xAPI). Off without
    # LRS_URL, the LRS's xAPI endpoint (statements go to {LRS_URL}/statements); needs PUBLIC_URL,
    # the address activity ids are under.
    LRS_URL: str | None = None
    LRS_USERNAME: str | None = None  # HTTP Basic credentials the LRS gave this site
    LRS_PASSWORD: str | None = None
    LRS_BATCH_SIZE = 50  # statements per POST
    LRS_TIMEOUT = 10  # seconds to wait for the LRS
    LRS_RETRY_SECONDS = 30  # the first wait after a failed attempt; doubled after each failure
    LRS_RETRY_MAX_SECONDS = 3600  # the longest wait between attempts
    # LMSs that may launch lessons as cmi5 AUs: their origins (e.g. "https://lms.example.org"),
    # which the launch's endpoint and fetch URL must be on (FLASK_CMI5_LMS_ORIGINS as JSON).
    CMI5_LMS_ORIGINS: list[str] = []


class InsecureSecretKeyError(RuntimeError):
    """Raised when a production app would sign cookies with the published development key."""


def normalise_database_url(url: str) -> str:
    """Point bare PostgreSQL URLs at psycopg 3, the driver this project ships."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill ``app.config`` from every layer, then the settings derived from others."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    if database_url := os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    if redis_url := os.environ.get("REDIS_URL"):
        app.config["REDIS_URL"] = redis_url
    for name in ("LRS_URL", "LRS_USERNAME", "LRS_PASSWORD"):
        if value := os.environ.get(name):
            app.config[name] = value
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri:
        uri = "sqlite:///" + str(Path(app.instance_path) / "learnwell.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    if not app.config["MEDIA_DIR"]:
        app.config["MEDIA_DIR"] = str(Path(app.instance_path) / "media")
    if not app.config["RATELIMIT_STORAGE_URI"]:
        # Wherever REDIS_URL came from (file, REDIS_URL or FLASK_REDIS_URL), the throttle's
        # counters are shared there like the jobs; without Redis, in the database every worker
        # and instance shares (app.web.security.counters). Counters in memory would be per
        # process: each gunicorn worker would allow the whole limit again. An explicit storage
        # URI wins (``memory://`` for tests).
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "database://"
    refuse_default_secret_key(app)
    require_public_url_for_lrs(app)


class MissingPublicUrlError(RuntimeError):
    """Raised when statements would go to an LRS without the address their ids are under."""


def require_public_url_for_lrs(app: Flask) -> None:
    """Activity ids sent to an LRS are permanent IRIs under the site's address, so they can't
    depend on whichever host name a request (or no request, in a job) happened to use."""
    if app.config["LRS_URL"] and not app.config["PUBLIC_URL"]:
        raise MissingPublicUrlError(
            "LRS_URL is set but PUBLIC_URL is not: set PUBLIC_URL (e.g. "
            "FLASK_PUBLIC_URL=https://learn.example.org), the address the statements' activity "
            "ids are under."
        )


def refuse_default_secret_key(app: Flask) -> None:
    if app.debug or app.testing or _building_for_a_command():
        return
    if app.config["SECRET_KEY"] in (DEFAULT_SECRET_KEY, None, ""):
        raise InsecureSecretKeyError(
            "Refusing to start: SECRET_KEY is the built-in development key. Set "
            "FLASK_SECRET_KEY in the environment or SECRET_KEY in instance/config.py "
            "(`make run` writes one for you)."
        )


def _building_for_a_command() -> bool:
    """Is the app being built by ``flask <command>`` for a command that serves no requests?

    The key signs cookies, so only serving needs a secret one: ``flask content check`` in a bare
    checkout reads files and signs nothing. The CLI builds the app to find its commands, inside
    the command group's context; ``flask run`` builds it inside its own, and is refused like a
    WSGI server (which has no command context at all).
    """
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        return False
    context = click.get_current_context(silent=True)
    return context is not None and context.info_name != "run"
