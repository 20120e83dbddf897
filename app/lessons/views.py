"""Home, course and lesson pages."""

from __future__ import annotations

from flask import render_template

from app.activities.service import lesson_states
from app.lessons import bp
from app.lessons.queries import all_courses, course_or_404, published_lesson_or_404
from app.progress.identity import current_learner


@bp.get("/")
def home() -> str:
    return render_template("lessons/home.html", courses=all_courses())


@bp.get("/courses/<slug>")
def course(slug: str) -> str:
    return render_template("lessons/course.html", course=course_or_404(slug))


@bp.get("/lessons/<slug>")
def lesson(slug: str) -> str:
    page = published_lesson_or_404(slug)
    states = lesson_states(current_learner(), page.lesson.id)
    return render_template("lessons/lesson.html", page=page, lesson=page.content, states=states)
