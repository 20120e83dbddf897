"""Home, course and lesson pages."""

from __future__ import annotations

from dataclasses import replace

from flask import jsonify, make_response, render_template, request
from flask_login import current_user

from app.learning.attempts import lesson_states, untried_states
from app.learning.finish import finish_report
from app.learning.lesson_queries import (
    course_list,
    course_plans,
    require_course_page,
    require_lesson_with_outline,
)
from app.learning.lesson_read import read_lesson
from app.learning.progress import progress_in, resume_in_lessons
from app.web.identity import learner_to_read, read_learner, reader
from app.web.lessons import bp
from app.web.lessons.focus import read_view, remember
from app.web.lessons.shell import learner_macros, render_lesson


@bp.get("/")
def home() -> str:
    courses = course_list()
    return render_template("lessons/home.html", courses=courses, resume=_resume(courses))


@bp.get("/courses/<slug>")
def course(slug: str) -> str:
    course = require_course_page(slug)
    return render_template("lessons/course.html", course=course, resume=_resume([course]))


def _resume(courses) -> dict:
    """Start, Continue or Review for every published lesson of these courses, by slug: one
    query for all of them, however many lessons there are."""
    by_id = resume_in_lessons(learner_to_read(), course_plans(*courses))
    return {
        lesson.slug: by_id[lesson.id]
        for course in courses
        for lesson in course.lessons
        if lesson.id in by_id
    }


@bp.get("/lessons/<slug>")
def lesson(slug: str) -> str:
    read = read_lesson(slug, *reader())  # one statement: lesson, outline, learner, progress
    page, snapshot = read.page, read.snapshot
    learner = read_learner(read.learner, read.merged)
    if read.learner is None and learner is not None:
        # A signed-in account's learner made on this visit: nothing done yet, but signed in
        # (so activities for account holders show their form).
        snapshot = replace(snapshot, states=untried_states(learner))
    reading = snapshot.positions.get("reading")
    view = read_view(request, page.content, reading.section_id if reading else None)
    response = make_response(render_lesson(page, snapshot, learner, view))
    return remember(response, request, view)


@bp.get("/lessons/<slug>/progress")
def progress_summary(slug: str):
    """The learner's progress in the lesson, drawn as the lesson page draws it. The page asks
    for it after an answer is checked or a section is read, so the progress bar moves and the
    lesson shows as complete (with the next lesson) at once, not on the next visit."""
    page = require_lesson_with_outline(slug)
    learner = learner_to_read()
    progress = progress_in(learner, page.lesson.id, page.content)
    report = None
    if progress.complete and learner is not None:
        report = finish_report(learner, page, progress, lesson_states(learner, page.lesson.id))
    macros = learner_macros()
    response = jsonify(
        percent=progress.percent,
        complete=progress.complete,
        summary=str(macros.progress_summary(progress)),
        completion=str(macros.complete(page, report, bool(current_user.is_authenticated))),
    )
    response.headers["Cache-Control"] = "no-store"  # one learner's, and changes as they work
    return response
