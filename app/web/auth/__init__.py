"""Accounts: sign up, sign in and out, password changes, account deletion."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.web.auth import invitation_views, reset, views  # noqa: E402,F401  (routes register on import)
