"""Authoring in the browser: drafts, revisions, publishing, restoring, ordering. Callers commit.

Every save is a new revision; nothing is ever overwritten. Learners see only the published one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func

from app.core.content import ContentErrors, parse_lesson
from app.core.content.budget import Budget, OverBudget
from app.core.content.errors import ContentError
from app.core.content.image_refs import missing_image_errors
from app.core.content.markdown import LESSON_LINK_PREFIX
from app.core.content.model import Lesson as LessonContent
from app.core.content.parser import source_hash
from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.courses import Course, Lesson, LessonRevision
from app.learning.models.staff import OWNER
from app.learning.staff import add_staff

NEW_LESSON = """\
---
id: {slug}
title: {title}
course: {course}
position: {position}
duration: 20
objectives:
  - id: first-objective
    text: Say what learners will be able to do.
---

What this lesson is about, in a paragraph or two.

## The first section {{#first-section}}

Write the lesson here.
"""


# Processor time one check of a source from the browser may use (save, publish, every preview).
# The 55 KB seed lesson takes 0.02 s; Markdown built to be slow stops here instead of running on.
CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Checked:
    content: LessonContent | None
    errors: list[ContentError]
    # Problems that don't stop publishing (objective coverage), listed apart from errors.
    warnings: list[ContentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.content is not None and not self.errors


def check_source(source: str, lesson: Lesson, budget: Budget | None = None) -> Checked:
    """Everything ``flask content check`` would say, against the lessons in the database, within
    ``budget`` (by default :data:`CHECK_SECONDS` of processor time)."""
    path = f"{lesson.slug}.md"
    try:
        content = parse_lesson(source, path, budget or Budget(CHECK_SECONDS))
    except ContentErrors as exc:
        return Checked(None, exc.errors)
    errors: list[ContentError] = missing_image_errors(content, None)

    def error(field: str, message: str) -> None:
        errors.append(ContentError(path, content.meta_lines.get(field, 1), message))

    if content.id != lesson.slug:
        error("id", f"the id must stay '{lesson.slug}' (a lesson's address never changes)")
    if content.course != lesson.course.slug:
        error("course", f"the course must stay '{lesson.course.slug}'")
    slugs = dict(db.session.execute(db.select(Lesson.slug, Lesson.published_revision_id)).all())
    if content.next_lesson and content.next_lesson not in slugs:
        error("next", f"next lesson '{content.next_lesson}' is neither a lesson nor planned")
    taken = db.session.scalar(
        db.select(Lesson.slug).filter(
            Lesson.course_id == lesson.course_id,
            Lesson.position == content.position,
            Lesson.id != lesson.id,
        )
    )
    if taken:
        error("position", f"position {content.position} is also used by lesson '{taken}'")
    for link in content.links:
        if link.target.startswith(LESSON_LINK_PREFIX):
            target = link.target[len(LESSON_LINK_PREFIX) :].partition("#")[0]
            if slugs.get(target) is None and target != lesson.slug:
                errors.append(
                    ContentError(
                        path, link.line, f"broken link '{link.target}': no published lesson"
                    )
                )
    return Checked(content, errors, list(content.warnings))


def preview(
    source: str, lesson: Lesson, prepare: Callable[[LessonContent], LessonContent]
) -> Checked:
    """:func:`check_source`, then ``prepare`` (the pages' sentence marking) on the lesson, both
    within one budget of :data:`CHECK_SECONDS`: a preview never runs longer, whatever it is
    sent."""
    budget = Budget(CHECK_SECONDS)
    with budget.applied():
        checked = check_source(source, lesson, budget)
        if checked.content is None:
            return checked
        try:
            return Checked(prepare(checked.content), checked.errors, checked.warnings)
        except OverBudget as exc:
            message = (
                f"the preview took more than {exc.seconds:g} s to prepare "
                "(split the lesson into smaller lessons)"
            )
            return Checked(None, [*checked.errors, ContentError(f"{lesson.slug}.md", 1, message)])


def revisions(lesson: Lesson) -> list[LessonRevision]:
    query = (
        db.select(LessonRevision)
        .filter_by(lesson_id=lesson.id)
        .order_by(LessonRevision.number.desc())
    )
    return list(db.session.scalars(query))


def revision_or_none(lesson: Lesson, number: int) -> LessonRevision | None:
    return db.session.scalar(
        db.select(LessonRevision).filter_by(lesson_id=lesson.id, number=number)
    )


def latest_revision(lesson: Lesson) -> LessonRevision | None:
    return db.session.scalar(
        db.select(LessonRevision)
        .filter_by(lesson_id=lesson.id)
        .order_by(LessonRevision.number.desc())
        .limit(1)
    )


def save_revision(lesson: Lesson, source: str, author_id: int | None) -> LessonRevision:
    """A new draft revision (even with errors: drafts may be unfinished)."""
    number = db.session.scalar(
        db.select(func.coalesce(func.max(LessonRevision.number), 0)).filter_by(lesson_id=lesson.id)
    )
    revision = LessonRevision(
        lesson_id=lesson.id,
        number=number + 1,
        source=source,
        source_hash=source_hash(source),
        origin="editor",
        author_id=author_id,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def publish(lesson: Lesson, revision: LessonRevision) -> Checked:
    """Make ``revision`` what learners see, if it is valid; returns the check either way."""
    checked = check_source(revision.source, lesson)
    if checked.ok:
        content = checked.content
        lesson.published_revision_id = revision.id
        lesson.title, lesson.summary = content.title, content.summary
        lesson.position, lesson.duration_minutes = content.position, content.duration_minutes
        db.session.flush()
    return checked


def unpublish(lesson: Lesson) -> None:
    lesson.published_revision_id = None


def restore(lesson: Lesson, revision: LessonRevision, author_id: int | None) -> LessonRevision:
    """An old version back as the newest draft; history is never rewritten."""
    return save_revision(lesson, revision.source, author_id)


def create_course(slug: str, title: str, summary: str, creator: User) -> Course:
    """A new course, last in the catalogue, owned by whoever created it (so it has staff from
    the start: a course without staff is for admins alone)."""
    position = db.session.scalar(db.select(func.coalesce(func.max(Course.position), 0))) + 1
    course = Course(slug=slug, title=title, summary=summary, position=position)
    db.session.add(course)
    db.session.flush()
    add_staff(course, creator, OWNER)
    return course


def create_lesson(course: Course, slug: str, title: str, author_id: int | None) -> Lesson:
    position = (
        db.session.scalar(
            db.select(func.coalesce(func.max(Lesson.position), 0)).filter_by(course_id=course.id)
        )
        + 1
    )
    lesson = Lesson(slug=slug, title=title, course=course, position=position, summary="")
    db.session.add(lesson)
    db.session.flush()
    source = NEW_LESSON.format(
        slug=slug, title=_yaml_text(title), course=course.slug, position=position
    )
    save_revision(lesson, source, author_id)
    return lesson


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_POSITION = re.compile(r"^position:\s*\d+\s*$", re.MULTILINE)


def with_position(source: str, position: int) -> str:
    """The source with its front matter ``position`` set (the only line that changes)."""
    head, sep, body = source.partition("\n---")
    return _POSITION.sub(f"position: {position}", head, count=1) + sep + body


def reorder(course: Course, order: list[str], author_id: int | None) -> list[str]:
    """Put the course's lessons in ``order`` (slugs); returns the slugs whose position changed.

    A published lesson's new position is written into its source as a new published revision,
    so files exported later agree with the course outline.
    """
    lessons = {lesson.slug: lesson for lesson in course.lessons}
    changed = []
    for index, slug in enumerate(order, start=1):
        lesson = lessons[slug]
        if lesson.position != index:
            changed.append(slug)
        lesson.position = index
        published = lesson.published_revision
        if published is not None:
            source = with_position(published.source, index)
            if source != published.source:
                lesson.published_revision_id = save_revision(lesson, source, author_id).id
        else:
            latest = latest_revision(lesson)
            if latest is not None and with_position(latest.source, index) != latest.source:
                save_revision(lesson, with_position(latest.source, index), author_id)
    db.session.flush()
    return changed
