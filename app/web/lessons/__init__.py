"""Courses and lessons: storage, import from files, and the pages learners read."""

from flask import Blueprint

bp = Blueprint("lessons", __name__)

from app.web.lessons import views  # noqa: E402,F401  (routes register on import)
