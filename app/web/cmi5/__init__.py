"""cmi5: each lesson an assignable unit that an LMS launches, and the course structure export."""

from flask import Blueprint

bp = Blueprint("cmi5", __name__, url_prefix="/cmi5")

from app.web.cmi5 import views  # noqa: E402,F401  (routes register on import)
