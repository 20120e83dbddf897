"""SCORM packages: the hosted side of a package launch, the package download and its command."""

from flask import Blueprint

bp = Blueprint("scorm", __name__, url_prefix="/scorm")

from app.web.scorm import views  # noqa: E402,F401  (routes register on import)
