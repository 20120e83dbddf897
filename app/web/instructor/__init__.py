"""Instructors' pages: authoring lessons and seeing how learners do. Every route is refused
to anyone but instructors and admins (403), not merely hidden from them; a course's pages are
further refused to instructors who are not on its staff (app.learning.staff)."""

from flask import Blueprint

from app.web.auth.roles import require_instructor

bp = Blueprint("instructor", __name__, url_prefix="/instructor")
bp.before_request(require_instructor)

from app.web.instructor import analytics_views as analytics_views  # noqa: E402,F401
from app.web.instructor import invitation_views as invitation_views  # noqa: E402,F401
from app.web.instructor import lrs_views as lrs_views  # noqa: E402,F401
from app.web.instructor import lti_views as lti_views  # noqa: E402,F401
from app.web.instructor import package_views as package_views  # noqa: E402,F401
from app.web.instructor import question_views as question_views  # noqa: E402,F401
from app.web.instructor import staff_views as staff_views  # noqa: E402,F401
from app.web.instructor import views  # noqa: E402,F401  (routes register on import)
