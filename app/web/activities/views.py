"""Submitting an activity: a plain form post (redirect back) or a fetch (JSON with the result)."""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, request, url_for

from app.learning.answers import submit_answer
from app.learning.attempts import ActivityState, rate_latest_attempt
from app.learning.db import db
from app.learning.lesson_queries import LessonPage, require_published_lesson
from app.learning.lti.grades import note_score
from app.web.activities import bp
from app.web.activities.forms import ActivityForm, SelfAssessmentForm
from app.web.errors import wants_json
from app.web.identity import current_learner
from app.web.lessons.shell import render_activity
from app.web.lti.passback import send_scores


def _activity_or_404(page: LessonPage, activity_id: str):
    activity = page.content.activities.get(activity_id)
    if activity is None:
        abort(404, description=f"This lesson has no activity called “{activity_id}”.")
    return activity


def _form_errors(form) -> str:
    return " ".join(f"{e}" for errors in form.errors.values() for e in errors)


def _result(page: LessonPage, activity, state: ActivityState, status: int = 200):
    """The activity's result area, as JSON for scripts or by redirecting back to the lesson."""
    if not wants_json():
        return redirect(url_for("lessons.lesson", slug=page.lesson.slug) + f"#{activity.id}")
    html = render_template("activities/result.html", page=page, a=activity, state=state)
    # The whole activity as the lesson page draws it, so scripts show the marks on each answer
    # from the same template as a page load after a plain form post.
    activity_html = render_activity(page, activity, state)
    latest = state.latest
    return jsonify(
        activity=activity.id,
        attempts=state.count,
        attempts_left=state.attempts_left(activity),
        can_attempt=state.can_attempt(activity),
        percent=latest.final_percent if latest else None,
        passed=latest.passed if latest else None,
        html=html,
        activity_html=activity_html,
    ), status


@bp.post("/lessons/<slug>/activities/<activity_id>")
def submit(slug: str, activity_id: str):
    page = require_published_lesson(slug).plain()
    activity = _activity_or_404(page, activity_id)
    form = ActivityForm()
    if not form.validate():
        abort(400, description=_form_errors(form) or "The form was incomplete.")
    learner = current_learner(create=True)
    answered = submit_answer(
        learner, page, activity, form.revision.data, request.form.to_dict(flat=False)
    )
    changed_grades = note_score(learner, page.lesson.id, page.content)
    db.session.expunge(answered.attempt)  # stored and flushed; kept as it is for the result
    db.session.commit()
    send_scores(changed_grades)
    return _result(page, activity, answered.state)


@bp.post("/lessons/<slug>/activities/<activity_id>/self-assessment")
def self_assess(slug: str, activity_id: str):
    page = require_published_lesson(slug).plain()
    activity = _activity_or_404(page, activity_id)
    form = SelfAssessmentForm()
    if not form.validate():
        abort(400, description=_form_errors(form))
    learner = current_learner()
    rating = int(form.rating.data)
    state = rate_latest_attempt(learner, page.lesson.id, activity.id, rating) if learner else None
    if state is None:
        abort(409, description="Submit an answer before rating it.")
    db.session.commit()
    return _result(page, activity, state)
