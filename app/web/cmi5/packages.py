"""The cmi5 course structure of a course, with this site's addresses (in a request context)."""

from __future__ import annotations

from flask import url_for

from app.core.cmi5.course import AssignableUnit, course_package, course_structure
from app.learning.lesson_queries import require_course_page
from app.learning.scorm import package_scope


def cmi5_package(slug: str) -> tuple[str, bytes]:
    """The file name and bytes of the course's cmi5 package: one AU per published lesson."""
    scope = package_scope("course", slug)
    course = require_course_page(slug)
    units = [
        AssignableUnit(
            id=url_for("lessons.lesson", slug=lesson.slug, _external=True),
            title=lesson.content.title,
            description=lesson.content.summary or lesson.content.title,
            url=url_for("cmi5.launch", slug=lesson.slug, _external=True),
        )
        for lesson in scope.lessons
    ]
    structure = course_structure(
        url_for("lessons.course", slug=slug, _external=True), course.title, course.summary, units
    )
    return f"{slug}-cmi5.zip", course_package(structure)
