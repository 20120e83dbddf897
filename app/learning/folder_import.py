"""``flask content import`` of a content folder: nothing is parsed when nothing changed.

Parsing is most of an import's cost (a course of 200 lessons took seconds to re-import unchanged).
Before parsing, each lesson file's text is compared with the published revisions as they would be
exported (:func:`~app.core.content.images.stored_images`: imported images pointed back at
``images/<name>``), and its images with the bytes stored for them. When every file of the
folder is published exactly as it is, and every course file says what its course row and planned
lessons say, the import has nothing to write: it reports so without reading one Markdown lesson.
Anything else (one changed lesson, a new one, a published lesson without its file, an edited
course file) imports the whole folder as before, so every cross-file check still runs on it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import selectinload

from app.core.content.catalog import COURSE_FILE, course_folders, load_catalog, load_course
from app.core.content.images import IMAGE_FOLDER, stored_images
from app.core.content.model import Course as CourseContent
from app.core.content.parser import source_hash
from app.learning.db import db
from app.learning.image_store import images_dir
from app.learning.importer import ImportReport, import_catalog
from app.learning.models.courses import Course, Lesson, LessonRevision


def import_folder(root: Path) -> ImportReport:
    """Bring the database in line with the content folder ``root``; raises ContentErrors (and
    writes nothing) when the folder has problems. The caller commits."""
    return unchanged_report(root) or import_catalog(load_catalog(root))


@dataclass(frozen=True)
class Published:
    """A published revision, as the file it was imported from would read."""

    lesson: str
    course: str
    images: dict[str, str]  # file name in images/ → hash of its stored bytes


def unchanged_report(root: Path) -> ImportReport | None:
    """The import's report when the folder is already in the database as it is, else None."""
    if not root.is_dir():
        return None
    published = _published_by_text()
    courses = {c.slug: c for c in db.session.scalars(_courses())}
    report, seen_courses, seen_lessons = ImportReport(), set(), set()
    for course_dir, lesson_files in course_folders(root):
        if not (course_dir / COURSE_FILE).is_file():
            if lesson_files:
                return None
            continue
        content, _errors = load_course(course_dir / COURSE_FILE)
        if content is None or content.id in seen_courses or content.id not in courses:
            return None
        seen_courses.add(content.id)
        here = set()
        for path in lesson_files:
            found = _published_file(path, published)
            if found is None or found.lesson in seen_lessons or found.course != content.id:
                return None
            if not _images_unchanged(course_dir / IMAGE_FOLDER, found.images):
                return None
            here.add(found.lesson)
            seen_lessons.add(found.lesson)
        planned = _planned_unchanged(courses[content.id], content, here)
        if planned is None:
            return None
        report.courses += 1
        report.lessons += len(here)
        report.unchanged += len(here)
        report.planned += planned
    return report


def _courses():
    return db.select(Course).options(selectinload(Course.lessons))


def _published_by_text() -> dict[str, Published]:
    """Every published revision by the hash of its text as a lesson file."""
    query = (
        db.select(Lesson.slug, Course.slug, LessonRevision.source)
        .join(LessonRevision, LessonRevision.id == Lesson.published_revision_id)
        .join(Course, Course.id == Lesson.course_id)
    )
    found = {}
    for lesson, course, source in db.session.execute(query):
        text, images = stored_images(source)
        found[source_hash(text)] = Published(lesson, course, images)
    return found


def _published_file(path: Path, published: dict[str, Published]) -> Published | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # the full import says what is wrong with it
    return published.get(source_hash(text))


def _images_unchanged(folder: Path, images: dict[str, str]) -> bool:
    """Each image file still has the bytes stored for it, and the stored copy is there."""
    for name, digest in images.items():
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest()[:32] != digest:
            return False
        if not any(images_dir().glob(f"{digest}.*")):
            return False
    return True


def _planned_unchanged(course: Course, content: CourseContent, files: set[str]) -> int | None:
    """How many planned lessons the course file lists, when the course row, its planned
    lessons and its published lessons are all as the folder says; else None."""
    if (course.title, course.summary, course.position) != (
        content.title,
        content.summary,
        content.position,
    ):
        return None
    lessons = {lesson.slug: lesson for lesson in course.lessons}
    if {slug for slug, lesson in lessons.items() if lesson.is_published} != files:
        return None
    planned = 0
    for item in content.planned:
        if item.id in files:
            continue
        lesson = lessons.get(item.id)
        if lesson is None or (lesson.title, lesson.position, lesson.duration_minutes) != (
            item.title,
            item.position,
            item.duration_minutes,
        ):
            return None
        planned += 1
    unpublished = {slug for slug, lesson in lessons.items() if not lesson.is_published}
    return planned if unpublished == {p.id for p in content.planned} - files else None
