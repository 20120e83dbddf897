"""Who may do what: instructors and admins author lessons and see how learners do."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.web.extensions import login_manager


def require_instructor():
    """Refuse the request unless an instructor or admin is signed in (for ``before_request``)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.can_teach:
        abort(403, description="This page is for instructors.")
    return None
