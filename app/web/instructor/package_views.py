"""Downloading a course as a SCORM or cmi5 package, for its staff to import into an LMS."""

from __future__ import annotations

from flask import abort, make_response

from app.core.scorm.manifest import VERSIONS
from app.web.cmi5.packages import cmi5_package
from app.web.instructor import bp
from app.web.instructor.views import _editable_course
from app.web.scorm.packages import scorm_package


@bp.get("/courses/<course>/scorm-<version>.zip")
def scorm_download(course: str, version: str):
    """The course as one SCO that opens it here (app.web.scorm)."""
    if version not in VERSIONS:
        abort(404, description=f"SCORM {version} is not a version this site exports.")
    found = _editable_course(course)
    name, data = scorm_package("course", found.slug, version)
    return _zip(name, data)


def _zip(name: str, data: bytes):
    response = make_response(data)
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/courses/<course>/cmi5.zip")
def cmi5_download(course: str):
    """The course's cmi5 structure: one AU per published lesson, each launched here."""
    found = _editable_course(course)
    name, data = cmi5_package(found.slug)
    return _zip(name, data)
