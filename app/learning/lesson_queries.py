"""What the course and lesson pages show, read from the database and the lesson cache."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from flask import current_app
from sqlalchemy import bindparam
from sqlalchemy.orm import aliased, selectinload

from app.core.content.cache import LessonCache
from app.core.content.errors import ContentErrors
from app.core.content.model import Lesson as LessonContent
from app.core.content.model import Section
from app.core.content.plan import LessonPlan
from app.learning.db import db
from app.learning.errors import NotFound, Unavailable
from app.learning.models.courses import Course, Lesson, LessonRevision


def lesson_cache() -> LessonCache:
    return current_app.extensions["lesson_cache"]


def all_courses() -> list[Course]:
    query = db.select(Course).options(selectinload(Course.lessons)).order_by(Course.position)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class LessonSummary:
    slug: str
    title: str
    duration_minutes: int | None
    is_published: bool
    id: int | None = None
    revision: tuple[int, int, str] | None = None  # id, number, source hash (None: planned)


@dataclass(frozen=True)
class CourseSummary:
    """A course and its lessons in order, as the home page lists them: plain values."""

    slug: str
    title: str
    summary: str
    lessons: tuple[LessonSummary, ...]


@cache
def _course_list():
    """Built once: every course with its lessons, one row per lesson (a course with none: one
    row of NULLs), in the order they are shown."""
    return (
        db.select(
            Course.slug,
            Course.title,
            Course.summary,
            Lesson.slug,
            Lesson.title,
            Lesson.duration_minutes,
            Lesson.published_revision_id,
            Lesson.id,
            LessonRevision.number,
            LessonRevision.source_hash,
        )
        .outerjoin(Lesson, Lesson.course_id == Course.id)
        .outerjoin(LessonRevision, LessonRevision.id == Lesson.published_revision_id)
        .order_by(Course.position, Course.id, Lesson.position, Lesson.id)
    )


def course_list() -> list[CourseSummary]:
    """Every course and its lessons with one query of plain values (the home page's: loading
    them as ORM rows, lessons by a second query, cost more than the rest of the page)."""
    courses: dict[str, tuple[str, str, list[LessonSummary]]] = {}
    for row in db.session.execute(_course_list()):
        slug, title, summary, lesson, lesson_title, minutes, published = row[:7]
        lessons = courses.setdefault(slug, (title, summary, []))[2]
        if lesson is not None:
            revision = (published, row[8], row[9]) if published is not None else None
            is_published = published is not None
            lessons.append(
                LessonSummary(lesson, lesson_title, minutes, is_published, row[7], revision)
            )
    return [
        CourseSummary(slug, title, summary, tuple(lessons))
        for slug, (title, summary, lessons) in courses.items()
    ]


@dataclass(frozen=True)
class CourseLesson:
    """A lesson of a course page, with its published revision (None: planned)."""

    id: int
    slug: str
    title: str
    summary: str
    duration_minutes: int | None
    revision: tuple[int, int, str] | None  # id, number, source hash

    @property
    def is_published(self) -> bool:
        return self.revision is not None


@dataclass(frozen=True)
class CoursePage:
    slug: str
    title: str
    summary: str
    lessons: tuple[CourseLesson, ...]


@cache
def _course_page():
    """Built once: the course, each lesson and its published revision, one row per lesson."""
    return (
        db.select(
            Course.slug,
            Course.title,
            Course.summary,
            Lesson.id,
            Lesson.slug,
            Lesson.title,
            Lesson.summary,
            Lesson.duration_minutes,
            LessonRevision.id,
            LessonRevision.number,
            LessonRevision.source_hash,
        )
        .outerjoin(Lesson, Lesson.course_id == Course.id)
        .outerjoin(LessonRevision, LessonRevision.id == Lesson.published_revision_id)
        .where(Course.slug == bindparam("slug"))
        .order_by(Lesson.position, Lesson.id)
    )


def require_course_page(slug: str) -> CoursePage:
    """The course and its lessons with one query of plain values."""
    rows = db.session.execute(_course_page(), {"slug": slug}).all()
    if not rows:
        raise NotFound(f"There is no course called “{slug}”.")
    lessons = tuple(
        CourseLesson(r[3], r[4], r[5], r[6], r[7], (r[8], r[9], r[10]) if r[8] else None)
        for r in rows
        if r[3] is not None
    )
    return CoursePage(rows[0][0], rows[0][1], rows[0][2], lessons)


def course_plans(*courses: CoursePage | CourseSummary) -> dict[int, LessonPlan]:
    """The plan of each published lesson of these courses that parses, by lesson id, in order.

    Plans come from this process's cache; the sources it has none for are read with one query,
    so the page costs the same number of statements whatever the number of lessons.
    """
    lessons = {
        lesson.id: lesson
        for course in courses
        for lesson in course.lessons
        if lesson.revision is not None
    }
    wanted = {
        lesson_id: (lesson.revision[2], f"{lesson.slug} (revision {lesson.revision[1]})")
        for lesson_id, lesson in lessons.items()
    }

    def load_sources(lesson_ids: list[int]) -> dict[int, str]:
        revisions = {lessons[i].revision[0]: i for i in lesson_ids}
        rows = db.session.execute(_revision_sources(), {"revision_ids": list(revisions)})
        return {revisions[revision_id]: source for revision_id, source in rows}

    return lesson_cache().plans(
        wanted, load_sources, lambda lesson_id, exc: _broken(lessons[lesson_id].slug, exc)
    )


def summary_content(lesson: LessonSummary) -> LessonContent | None:
    """A listed lesson's parsed content (from the cache), or None when it is planned or its
    published text doesn't parse (logged)."""
    if lesson.revision is None:
        return None
    try:
        return _cached_content(lesson.slug, *lesson.revision)
    except ContentErrors as exc:
        _broken(lesson.slug, exc)
        return None


@cache
def _revision_sources():
    """Built once: the sources of some revisions, by id."""
    return db.select(LessonRevision.id, LessonRevision.source).where(
        LessonRevision.id.in_(bindparam("revision_ids", expanding=True))
    )


@dataclass(frozen=True)
class CourseRef:
    slug: str
    title: str


@dataclass(frozen=True)
class OutlineItem:
    slug: str
    title: str
    is_published: bool


@dataclass(frozen=True)
class Outline:
    """A course and its lessons in order, as plain values: comparable, so it can key a cache."""

    course: CourseRef
    lessons: tuple[OutlineItem, ...]


@dataclass(frozen=True)
class LessonRef:
    id: int
    slug: str


@dataclass(frozen=True)
class LessonPage:
    """A published lesson. ``lesson`` is the ORM row, or a :class:`LessonRef` when the page was
    read with its outline (:func:`require_lesson_with_outline`)."""

    lesson: Lesson | LessonRef
    content: LessonContent
    revision_id: int
    revision_number: int
    read_outline: Outline | None = None

    def plain(self) -> LessonPage:
        """This page with the lesson as plain values, still readable after a commit (which
        expires ORM rows: reading one again would cost a query)."""
        return replace(self, lesson=LessonRef(self.lesson.id, self.lesson.slug))

    @property
    def course(self) -> Course | CourseRef:
        return self.read_outline.course if self.read_outline else self.lesson.course

    @property
    def outline(self) -> list[Lesson] | tuple[OutlineItem, ...]:
        return self.read_outline.lessons if self.read_outline else self.lesson.course.lessons

    @property
    def parts(self) -> list[Part]:
        return lesson_parts(self.content)

    @property
    def next_lesson(self) -> Lesson | None:
        if not self.content.next_lesson:
            return None
        return next((ls for ls in self.outline if ls.slug == self.content.next_lesson), None)


BROKEN = (
    "This lesson can't be shown right now: its published text has a problem that its authors "
    "have to fix. The other lessons are not affected."
)


def _broken(slug: str, exc: ContentErrors) -> None:
    """A published revision that no longer parses (e.g. edited in the database) is logged with
    its ``file:line`` problems and kept away from every other page."""
    current_app.logger.error("Published lesson %s can't be shown:\n%s", slug, exc)


def require_published_lesson(slug: str) -> LessonPage:
    try:
        page = _published_lesson(slug)
    except ContentErrors as exc:
        _broken(slug, exc)
        raise Unavailable(BROKEN) from exc
    if page is None:
        raise NotFound(f"There is no published lesson called “{slug}”.")
    return page


def published_lesson(slug: str) -> LessonPage | None:
    """The published lesson, or None when there is none or it can't be parsed."""
    try:
        return _published_lesson(slug)
    except ContentErrors as exc:
        _broken(slug, exc)
        return None


def _published_lesson(slug: str) -> LessonPage | None:
    """The published lesson and its parsed content; the course and outline load when used (a
    page shows them, saving progress does not)."""
    row = db.session.execute(_published_lesson_query(), {"slug": slug}).first()
    if row is None:
        return None
    lesson, revision_id, number, source_hash = row
    content = _cached_content(slug, revision_id, number, source_hash)
    return LessonPage(lesson, content, revision_id, number)


@cache
def _published_lesson_query():
    """Built once (statements are costly to build; the slug is a parameter)."""
    return (
        db.select(Lesson, LessonRevision.id, LessonRevision.number, LessonRevision.source_hash)
        .join(LessonRevision, Lesson.published_revision_id == LessonRevision.id)
        .where(Lesson.slug == bindparam("slug"))
    )


@cache
def _lesson_with_outline():
    """Built once (statements are costly to build; the slug is a parameter)."""
    this, item = aliased(Lesson), aliased(Lesson)
    return (
        db.select(
            this.id,
            LessonRevision.id,
            LessonRevision.number,
            LessonRevision.source_hash,
            Course.slug,
            Course.title,
            item.slug,
            item.title,
            item.published_revision_id,
        )
        .join(LessonRevision, this.published_revision_id == LessonRevision.id)
        .join(Course, Course.id == this.course_id)
        .join(item, item.course_id == this.course_id)
        .where(this.slug == bindparam("slug"))
        .order_by(item.position, item.id)
    )


def require_lesson_with_outline(slug: str) -> LessonPage:
    """The published lesson with its course outline, read with one query of plain values."""
    rows = db.session.connection().execute(_lesson_with_outline(), {"slug": slug}).all()
    return lesson_page_from_rows(slug, rows)


def lesson_page_from_rows(slug: str, rows) -> LessonPage:
    """The page from rows of :func:`_lesson_with_outline`'s shape, one per outline item in
    order: lesson id, revision id, number and source hash, course slug and title, item slug,
    title and published revision id. No rows: no published lesson of that slug."""
    if not rows:
        raise NotFound(f"There is no published lesson called “{slug}”.")
    lesson_id, revision_id, number, source_hash, course_slug, course_title = rows[0][:6]
    try:
        content = _cached_content(slug, revision_id, number, source_hash)
    except ContentErrors as exc:
        _broken(slug, exc)
        raise Unavailable(BROKEN) from exc
    outline = Outline(
        CourseRef(course_slug, course_title),
        tuple(OutlineItem(r[6], r[7], r[8] is not None) for r in rows),
    )
    return LessonPage(LessonRef(lesson_id, slug), content, revision_id, number, outline)


def _published_revisions():
    return (
        db.select(Lesson.slug, LessonRevision.id, LessonRevision.number, LessonRevision.source_hash)
        .join(LessonRevision, Lesson.published_revision_id == LessonRevision.id)
        .order_by(Lesson.course_id, Lesson.position)
    )


def _cached_content(slug: str, revision_id: int, number: int, source_hash: str) -> LessonContent:
    def load_source() -> str:
        return db.session.scalar(db.select(LessonRevision.source).filter_by(id=revision_id))

    return lesson_cache().get(source_hash, load_source, f"{slug} (revision {number})")


def require_published_content(slug: str) -> LessonContent:
    """A published lesson's parsed content alone (no course or outline), e.g. for its audio."""
    row = db.session.execute(_published_revisions().filter(Lesson.slug == slug)).first()
    if row is None:
        raise NotFound(f"There is no published lesson called “{slug}”.")
    try:
        return _cached_content(*row)
    except ContentErrors as exc:
        _broken(slug, exc)
        raise Unavailable(BROKEN) from exc


def published_contents() -> list[LessonContent]:
    """Every published lesson's parsed content that parses, course by course, in outline order."""
    contents = []
    for row in db.session.execute(_published_revisions()):
        try:
            contents.append(_cached_content(*row))
        except ContentErrors as exc:
            _broken(row[0], exc)
    return contents


@dataclass(frozen=True)
class Part:
    """A run of consecutive sections that are all core or all optional (a deep dive), with the
    label the table of contents gives it."""

    optional: bool
    sections: tuple[Section, ...]
    label: str = ""


def lesson_parts(content: LessonContent) -> list[Part]:
    """The sections in page order, in runs: the required path, the optional deep dive, and any
    core sections after it that the lesson's completion does not count."""
    runs: list[tuple[bool, list[Section]]] = []
    for section in content.sections:
        if runs and runs[-1][0] == section.optional:
            runs[-1][1].append(section)
        else:
            runs.append((section.optional, [section]))
    required = set(content.required_sections)
    parts = []
    for index, (optional, sections) in enumerate(runs):
        if optional:
            label = "Deep dive · optional"
        elif index == 0:
            label = "Lesson content"
        elif any(s.id in required for s in sections):
            label = "Practice and wrap-up"
        else:
            label = "More from this lesson · not counted"
        parts.append(Part(optional, tuple(sections), label))
    return parts
