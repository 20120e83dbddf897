"""Write the published lessons back to a content folder that imports again unchanged, with the
images they were imported with back in each course's ``images/`` folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path, PurePath

import yaml

from app.core.content.images import IMAGE_FOLDER, IMAGE_TYPES, stored_images
from app.learning.db import db
from app.learning.image_store import images_dir
from app.learning.models.courses import Course, LessonRevision


@dataclass
class ExportReport:
    courses: int = 0
    lessons: int = 0

    def __str__(self) -> str:
        return f"{self.courses} course(s) and {self.lessons} published lesson(s)"


def _file_name(revision: LessonRevision, slug: str, position: int) -> str:
    """Keep the name the file was imported from; otherwise ``NN-slug.md``."""
    if revision.source_path:
        name = PurePath(revision.source_path).name
        if name.endswith(".md"):
            return name
    return f"{position:02d}-{slug}.md"


def course_yaml(course: Course) -> str:
    data: dict = {"id": course.slug, "title": course.title}
    if course.summary:
        data["summary"] = course.summary
    data["position"] = course.position
    planned = [
        {"id": lesson.slug, "title": lesson.title, "position": lesson.position}
        | ({"duration": lesson.duration_minutes} if lesson.duration_minutes else {})
        for lesson in course.lessons
        if not lesson.is_published and not _has_revisions(lesson.id)
    ]
    if planned:
        data["planned"] = planned
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _has_revisions(lesson_id: int) -> bool:
    return (
        db.session.scalar(db.select(LessonRevision.id).filter_by(lesson_id=lesson_id).limit(1))
        is not None
    )


def _write_images(folder: Path, images: dict[str, str]) -> None:
    """Copy imported images back beside the lessons, under the names they were imported with."""
    for name, digest in images.items():
        kind = IMAGE_TYPES[PurePath(name).suffix.lower().lstrip(".")]
        stored = images_dir() / f"{digest}.{kind}"
        if stored.is_file():  # a file gone from the media folder is reported by the check
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stored, folder / name)


def export_content(root: Path) -> ExportReport:
    report = ExportReport()
    for course in db.session.scalars(db.select(Course).order_by(Course.position)):
        folder = root / course.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "course.yaml").write_text(course_yaml(course), encoding="utf-8")
        report.courses += 1
        for lesson in course.lessons:
            revision = lesson.published_revision
            if revision is None:
                continue
            name = _file_name(revision, lesson.slug, lesson.position)
            source, images = stored_images(revision.source)
            _write_images(folder / IMAGE_FOLDER, images)
            (folder / name).write_text(source, encoding="utf-8")
            report.lessons += 1
    return report
