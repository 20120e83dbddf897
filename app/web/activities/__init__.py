"""Activities on lesson pages: submitting answers, grading them, keeping every attempt."""

from flask import Blueprint

bp = Blueprint("activities", __name__)

from app.web.activities import views  # noqa: E402,F401  (routes register on import)
