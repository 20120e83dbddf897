"""Home, course and lesson pages."""

from __future__ import annotations

from flask import jsonify, render_template

from app.activities.service import lesson_states
from app.lessons import bp
from app.lessons.queries import (
    all_courses,
    course_or_404,
    published_lesson,
    published_lesson_or_404,
)
from app.progress.forms import MarkReadForm
from app.progress.identity import current_learner
from app.progress.service import positions, progress_in


@bp.get("/")
def home() -> str:
    return render_template("lessons/home.html", courses=all_courses())


@bp.get("/courses/<slug>")
def course(slug: str) -> str:
    course = course_or_404(slug)
    learner = current_learner()
    progress = {}
    for item in course.lessons:
        page = published_lesson(item.slug) if item.is_published else None
        if page is not None:
            progress[item.slug] = progress_in(learner, item.id, page.content)
    return render_template("lessons/course.html", course=course, progress=progress)


@bp.get("/lessons/<slug>")
def lesson(slug: str) -> str:
    page = published_lesson_or_404(slug)
    learner = current_learner()
    saved = positions(learner, page.lesson.id)
    return render_template(
        "lessons/lesson.html",
        page=page,
        lesson=page.content,
        states=lesson_states(learner, page.lesson.id),
        progress=progress_in(learner, page.lesson.id, page.content),
        reading=saved.get("reading"),
        listening=saved.get("listening"),
        read_form=MarkReadForm(),
    )


@bp.get("/lessons/<slug>/progress")
def progress_summary(slug: str):
    """The learner's progress in the lesson, drawn as the lesson page draws it. The page asks
    for it after an answer is checked or a section is read, so the progress bar moves and the
    lesson shows as complete (with the next lesson) at once, not on the next visit."""
    page = published_lesson_or_404(slug)
    progress = progress_in(current_learner(), page.lesson.id, page.content)
    response = jsonify(
        percent=progress.percent,
        complete=progress.complete,
        summary=render_template("lessons/_progress_summary.html", progress=progress),
        completion=render_template("lessons/_lesson_complete.html", progress=progress, page=page),
    )
    response.headers["Cache-Control"] = "no-store"  # one learner's, and changes as they work
    return response
