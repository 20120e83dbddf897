"""Load a checked content folder into the database: courses, lessons and lesson revisions.

Importing is idempotent: a lesson whose source is unchanged gets no new revision. The images a
lesson shows from its course's ``images/`` folder are stored by the hash of their bytes, and the
revision's Markdown points at ``/media/images/<hash>/<name>`` instead: a changed image is a
changed source, so it publishes a new revision with new URLs, and exporting can write the file
back under its name. The
caller commits (one transaction for the whole import).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.orm import selectinload

from app.core.content import Catalog
from app.core.content.image_files import image_kind_of
from app.core.content.images import resolve_images
from app.core.content.model import Course as CourseContent
from app.core.content.model import Lesson as LessonContent
from app.core.content.parser import source_hash
from app.learning.db import db
from app.learning.image_store import IMAGES_URL, store_image_bytes
from app.learning.models.courses import Course, Lesson, LessonRevision


@dataclass
class ImportReport:
    courses: int = 0
    lessons: int = 0
    new_revisions: int = 0
    unchanged: int = 0
    planned: int = 0

    def __str__(self) -> str:
        summary = (
            f"{self.courses} course(s), {self.lessons} lesson(s): {self.new_revisions} new "
            f"revision(s) published, {self.unchanged} unchanged, {self.planned} planned"
        )
        if self.planned:
            # "planned" alone puzzled people reading `make run`: say what it means.
            summary += (
                " (planned: lessons a course lists as coming soon, with no lesson file yet; "
                "the course page shows them as “Coming soon”)"
            )
        return summary


def import_catalog(catalog: Catalog) -> ImportReport:
    """Bring the database in line with ``catalog``, which must have no errors."""
    catalog.raise_if_invalid()
    report = ImportReport()
    lessons = _lessons()
    for course_content in sorted(catalog.courses.values(), key=lambda c: c.position):
        course = _upsert_course(course_content)
        report.courses += 1
        for lesson_content in catalog.lessons_of(course.slug):
            source = _with_stored_images(
                catalog.sources[lesson_content.id], catalog.image_files.get(lesson_content.id, {})
            )
            changed = _import_lesson(course, lesson_content, source, lessons)
            report.lessons += 1
            report.new_revisions += changed
            report.unchanged += not changed
        for planned in course_content.planned:
            if planned.id in catalog.lessons:
                continue
            lesson = _lesson(planned.id, course, lessons)
            if not lesson.is_published:
                lesson.title, lesson.position = planned.title, planned.position
                lesson.duration_minutes = planned.duration_minutes
                report.planned += 1
    db.session.flush()
    return report


def _with_stored_images(source: str, files: dict[str, Path]) -> str:
    """Store each image file; ``source`` pointing at the stored copies."""
    urls = {}
    for src, path in files.items():
        data = path.read_bytes()
        stored = store_image_bytes(data, image_kind_of(data, path.name))
        urls[src] = f"{IMAGES_URL}{stored.partition('.')[0]}/{path.name}"
    return resolve_images(source, urls) if urls else source


def _upsert_course(content: CourseContent) -> Course:
    course = db.session.scalar(db.select(Course).filter_by(slug=content.id))
    if course is None:
        course = Course(slug=content.id)
        db.session.add(course)
    course.title, course.summary, course.position = content.title, content.summary, content.position
    return course


def _lessons() -> dict[str, Lesson]:
    """Every lesson by slug, with its published revision: two queries for the whole import,
    not two per lesson."""
    query = db.select(Lesson).options(selectinload(Lesson.published_revision))
    return {lesson.slug: lesson for lesson in db.session.scalars(query)}


def _lesson(slug: str, course: Course, lessons: dict[str, Lesson]) -> Lesson:
    lesson = lessons.get(slug)
    if lesson is None:
        lesson = lessons[slug] = Lesson(slug=slug, title=slug, course=course)
        db.session.add(lesson)
    lesson.course = course
    return lesson


def _import_lesson(
    course: Course, content: LessonContent, source: str, lessons: dict[str, Lesson]
) -> bool:
    """Update a lesson from its file; return True when a new revision was published."""
    lesson = _lesson(content.id, course, lessons)
    lesson.title, lesson.summary = content.title, content.summary
    lesson.position, lesson.duration_minutes = content.position, content.duration_minutes
    current = lesson.published_revision
    digest = source_hash(source)
    if current is not None and current.source_hash == digest:
        return False
    db.session.flush()
    number = db.session.scalar(
        db.select(func.coalesce(func.max(LessonRevision.number), 0)).filter_by(lesson_id=lesson.id)
    )
    revision = LessonRevision(
        lesson=lesson,
        number=number + 1,
        source=source,
        source_hash=digest,
        source_path=content.path,
        origin="file",
    )
    db.session.add(revision)
    db.session.flush()
    lesson.published_revision = revision
    return True
