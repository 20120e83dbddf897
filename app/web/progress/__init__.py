"""Learners and their progress: saved as it happens, kept through sign-up, shown back to them."""

from flask import Blueprint

bp = Blueprint("progress", __name__)

from app.web.progress import views  # noqa: E402,F401  (routes register on import)
