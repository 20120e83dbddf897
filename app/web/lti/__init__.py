"""LTI 1.3: this platform as a tool an LMS launches (login, launch, deep linking, keys)."""

from flask import Blueprint

bp = Blueprint("lti", __name__, url_prefix="/lti")

from app.web.lti import (  # noqa: E402,F401  (routes register on import)
    deep_linking,
    linking,
    registration,
    views,
)
