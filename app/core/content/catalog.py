"""A content folder: one folder per course (``course.yaml``) holding one Markdown file per lesson.

Loading checks what no single file can: ids unique across files, every lesson in a declared
course, ``next`` and ``lesson:`` links pointing at lessons that exist or are planned, and the
image files lessons show (in the course's ``images/`` folder, :mod:`.image_files`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.content import fields as f
from app.core.content.errors import ContentError, ContentErrors, Problems
from app.core.content.image_files import check_image_file
from app.core.content.markdown import LESSON_LINK_PREFIX
from app.core.content.model import Course, Lesson, PlannedLesson
from app.core.content.parser import parse_lesson
from app.core.content.yaml_source import LinedDict, YamlProblem, load_yaml

COURSE_FILE = "course.yaml"
COURSE_REQUIRED = {"id": f.slug, "title": f.text}
COURSE_OPTIONAL = {"summary": f.text, "position": f.positive_int, "planned": lambda v: v}
PLANNED_REQUIRED = {"id": f.slug, "title": f.text, "position": f.positive_int}
PLANNED_OPTIONAL = {"duration": f.positive_int}


@dataclass
class Catalog:
    courses: dict[str, Course] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # lesson id → Markdown source
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    # lesson id → {image source as written: its file in the course's images/ folder}
    image_files: dict[str, dict[str, Path]] = field(default_factory=dict)

    def lessons_of(self, course_id: str) -> list[Lesson]:
        return sorted(
            (lesson for lesson in self.lessons.values() if lesson.course == course_id),
            key=lambda lesson: lesson.position,
        )

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_text(path: Path, problems: Problems) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(1, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        problems.add(1, f"can't be read: {exc.strerror}")
    return None


def load_course(path: Path) -> tuple[Course | None, list[ContentError]]:
    problems = Problems(display_path(path))
    text = read_text(path, problems)
    if text is None:
        return None, problems.errors
    try:
        data = load_yaml(text)
    except YamlProblem as exc:
        problems.add(exc.line, exc.message)
        return None, problems.errors
    if not isinstance(data, LinedDict):
        problems.add(1, "a course file must be a YAML mapping of 'field: value' lines")
        return None, problems.errors
    values = f.check_fields(data, COURSE_REQUIRED, COURSE_OPTIONAL, problems, "course")
    planned: list[PlannedLesson] = []
    raw_planned = data.get("planned", [])
    if not isinstance(raw_planned, list):
        problems.add(data.line_of("planned"), "'planned' must be a list of lessons")
        raw_planned = []
    for item in raw_planned:
        if not isinstance(item, LinedDict):
            problems.add(
                data.line_of("planned"), "each planned lesson needs id, title and position"
            )
            continue
        entry = f.check_fields(item, PLANNED_REQUIRED, PLANNED_OPTIONAL, problems, "planned lesson")
        if PLANNED_REQUIRED.keys() <= entry.keys():
            planned.append(
                PlannedLesson(entry["id"], entry["title"], entry["position"], entry.get("duration"))
            )
    if problems.errors or not COURSE_REQUIRED.keys() <= values.keys():
        return None, problems.errors
    course = Course(
        id=values["id"],
        title=values["title"],
        summary=values.get("summary", ""),
        position=values.get("position", 1),
        planned=tuple(planned),
        path=problems.path,
    )
    return course, []


def load_lesson(path: Path) -> tuple[Lesson | None, str, list[ContentError]]:
    """Read and parse one lesson file: (lesson or None, its text, problems)."""
    problems = Problems(display_path(path))
    text = read_text(path, problems)
    if text is None:
        return None, "", problems.errors
    try:
        lesson = parse_lesson(text, problems.path)
    except ContentErrors as exc:
        return None, text, exc.errors
    return lesson, text, []


def course_folders(root: Path) -> list[tuple[Path, list[Path]]]:
    """Each folder of ``root`` with its lesson files, in the order they are read."""
    return [
        (course_dir, sorted(course_dir.glob("*.md")))
        for course_dir in sorted(p for p in root.iterdir() if p.is_dir())
    ]


def load_catalog(root: Path | str) -> Catalog:
    """Read every course and lesson under ``root``; problems are collected, never raised."""
    root = Path(root)
    catalog = Catalog()
    if not root.is_dir():
        catalog.errors.append(ContentError(str(root), 1, "content folder not found"))
        return catalog
    for course_dir, lesson_files in course_folders(root):
        course_file = course_dir / COURSE_FILE
        if not course_file.is_file():
            if lesson_files:
                catalog.errors.append(
                    ContentError(display_path(course_dir), 1, f"course folder has no {COURSE_FILE}")
                )
            continue
        course, errors = load_course(course_file)
        catalog.errors.extend(errors)
        if course is not None:
            if course.id in catalog.courses:
                catalog.errors.append(
                    ContentError(course.path, 1, f"duplicate course id '{course.id}'")
                )
            else:
                catalog.courses[course.id] = course
        for lesson_file in lesson_files:
            lesson, text, errors = load_lesson(lesson_file)
            catalog.errors.extend(errors)
            if lesson is not None:
                catalog.warnings.extend(lesson.warnings)
            if lesson is not None and _add_lesson(catalog, lesson, course):
                catalog.sources[lesson.id] = text
                _check_image_files(catalog, lesson, course_dir)
    _check_references(catalog)
    return catalog


def _add_lesson(catalog: Catalog, lesson: Lesson, folder_course: Course | None) -> bool:
    def error(field_name: str, message: str) -> None:
        catalog.errors.append(
            ContentError(lesson.path, lesson.meta_lines.get(field_name, 1), message)
        )

    if lesson.id in catalog.lessons:
        other = catalog.lessons[lesson.id]
        error("id", f"duplicate lesson id '{lesson.id}' (also in {other.path})")
        return False
    if folder_course is None:
        error("course", f"lesson '{lesson.id}' is in a folder without a valid course file")
        return False
    if lesson.course != folder_course.id:
        error(
            "course",
            f"course '{lesson.course}' does not match this folder's course '{folder_course.id}'",
        )
        return False
    catalog.lessons[lesson.id] = lesson
    return True


def lesson_image_files(
    lesson: Lesson, course_dir: Path
) -> tuple[dict[str, Path], list[ContentError]]:
    """The files of the ``images/…`` sources ``lesson`` shows, and the problems with them."""
    files: dict[str, Path] = {}
    errors: list[ContentError] = []
    for image in lesson.images:
        path, problem = check_image_file(course_dir, image.src)
        if problem:
            errors.append(ContentError(lesson.path, image.line, problem))
        elif path is not None:
            files[image.src] = path
    return files, errors


def _check_image_files(catalog: Catalog, lesson: Lesson, course_dir: Path) -> None:
    files, errors = lesson_image_files(lesson, course_dir)
    catalog.errors.extend(errors)
    if files:
        catalog.image_files[lesson.id] = files


def _check_references(catalog: Catalog) -> None:
    planned = {p.id for c in catalog.courses.values() for p in c.planned}
    known = planned | set(catalog.lessons)
    for course in catalog.courses.values():
        positions: dict[int, str] = {}
        for lesson in catalog.lessons_of(course.id):
            if lesson.position in positions:
                catalog.errors.append(
                    ContentError(
                        lesson.path,
                        lesson.meta_lines.get("position", 1),
                        f"position {lesson.position} is also used by lesson "
                        f"'{positions[lesson.position]}'",
                    )
                )
            positions[lesson.position] = lesson.id
    for lesson in catalog.lessons.values():
        if lesson.next_lesson and lesson.next_lesson not in known:
            catalog.errors.append(
                ContentError(
                    lesson.path,
                    lesson.meta_lines.get("next", 1),
                    f"next lesson '{lesson.next_lesson}' is neither a lesson "
                    "nor planned in a course",
                )
            )
        for link in lesson.links:
            if not link.target.startswith(LESSON_LINK_PREFIX):
                continue
            target_id, _, anchor = link.target[len(LESSON_LINK_PREFIX) :].partition("#")
            target = catalog.lessons.get(target_id)
            if target is None:
                where = (
                    "is only planned: link to it once it is written ('next:' may name a "
                    "planned lesson, a link may not)"
                    if target_id in planned
                    else "does not exist" + f.suggestion(target_id, known)
                )
                catalog.errors.append(
                    ContentError(
                        lesson.path, link.line, f"broken link '{link.target}': lesson {where}"
                    )
                )
            elif anchor and not _has_anchor(target, anchor):
                catalog.errors.append(
                    ContentError(
                        lesson.path,
                        link.line,
                        f"broken link '{link.target}': lesson '{target_id}' has no id '{anchor}'",
                    )
                )


def _has_anchor(lesson: Lesson, anchor: str) -> bool:
    return anchor in lesson.anchors
