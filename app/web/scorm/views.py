"""The hosted side of a SCORM package: the launch its SCO opens in an iframe, and the status the
lesson page's relay script (static/js/package-relay.js) posts to the SCO.

The launch is a GET from the LMS's page (the iframe's address), so it has no CSRF token; it only
ever signs the browser session into the package's own anonymous learner (app.web.scorm.tokens),
signs out an account this browser was signed in to, and lets the SCO page's origin frame the
session's pages. The package runs on the LMS's domain, which this site can't know in advance:
the origin is the one the SCO reports, so any origin holding a package may frame its lessons, and
what it can see there is that package's learner, never an account or an answer key.
"""

from __future__ import annotations

import re

from flask import jsonify, redirect, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.exceptions import BadRequest, NotFound

from app.learning.db import db
from app.learning.scorm import learner_status, package_scope
from app.web.identity import learner_to_read, use_package_learner
from app.web.lti.framing import allow_framing_by_origin
from app.web.scorm import bp
from app.web.scorm.tokens import TokenRefused, package_learner_id, read_launch_token

PACKAGE = "scorm_package"
MAX_LEARNER_ID = 255  # SCORM 1.2's cmi.core.student_id is at most 255 characters
RESUME = re.compile(r"(?P<slug>[a-z0-9][a-z0-9-]{0,99})#(?P<section>[A-Za-z0-9_-]{1,100})")


def _resume_target(scope, resume: str) -> str:
    found = RESUME.fullmatch(resume)
    slugs = {lesson.slug for lesson in scope.lessons}
    if found and found["slug"] in slugs:
        return url_for("lessons.lesson", slug=found["slug"]) + "#" + found["section"]
    if scope.kind == "lesson":
        return url_for("lessons.lesson", slug=scope.slug)
    return url_for("lessons.course", slug=scope.slug)


@bp.get("/launch")
def launch():
    """Open the package's course or lesson as the LMS's learner (see the module)."""
    try:
        kind, slug = read_launch_token(request.args.get("token", ""))
    except TokenRefused as exc:
        raise BadRequest(str(exc)) from exc
    lms_learner = request.args.get("learner", "").strip()
    if not lms_learner or len(lms_learner) > MAX_LEARNER_ID:
        raise BadRequest("The LMS gave this package no learner id (or one too long to be one).")
    scope = package_scope(kind, slug)
    origin = allow_framing_by_origin(request.args.get("origin", ""))
    if origin is None:
        raise BadRequest("The package's page did not say which site (origin) it is shown on.")
    if current_user.is_authenticated:
        logout_user()
    use_package_learner(package_learner_id(kind, slug, lms_learner))
    session[PACKAGE] = {"kind": kind, "slug": slug, "origin": origin}
    return redirect(_resume_target(scope, request.args.get("resume", "")), code=303)


@bp.get("/status")
def status():
    """The package learner's completion, score and position, with the origin to post them to."""
    package = session.get(PACKAGE)
    if not isinstance(package, dict):
        raise NotFound("This browser session was not opened by a SCORM package.")
    scope = package_scope(package["kind"], package["slug"])
    found = learner_status(learner_to_read(), scope)
    db.session.rollback()  # read only
    response = jsonify(found | {"origin": package["origin"]})
    response.headers["Cache-Control"] = "no-store"
    return response
