"""Saving progress as it happens; the learner's dashboard and lesson histories, data export
and statements."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.learning import reading
from app.learning.dashboard import dashboard_for
from app.learning.db import db
from app.learning.export import export_for, statements_for
from app.learning.history import lesson_history as history_of
from app.learning.lesson_queries import require_published_lesson
from app.learning.reading import record_events
from app.web.identity import current_learner, learner_to_read
from app.web.progress import bp
from app.web.progress.forms import MarkReadForm
from app.web.security.bodies import accepts_json, limits_body

MAX_EVENTS_BODY = 64 * 1024


@bp.post("/progress/events")
@accepts_json
@limits_body(MAX_EVENTS_BODY)
def events():
    """A batch of events as JSON (``X-CSRFToken`` header) or as a form field ``events``."""
    if request.is_json:
        payload = request.get_json(silent=True)
    else:
        try:
            payload = json.loads(request.form.get("events", ""))
        except ValueError:
            payload = None
    recorded = record_events(payload, lambda: current_learner(create=True), datetime.now(UTC))
    db.session.commit()
    return jsonify(saved=recorded.saved, received=recorded.received)


@bp.post("/lessons/<slug>/sections/<section_id>/read")
def mark_read(slug: str, section_id: str):
    """The form behind 'Mark as read', for reading without JavaScript."""
    page = require_published_lesson(slug)
    if not MarkReadForm().validate_on_submit():
        abort(400, description="The form has expired; reload the page and try again.")
    reading.mark_read(current_learner(create=True), page, section_id)
    db.session.commit()
    return redirect(url_for("lessons.lesson", slug=slug) + f"#{section_id}")


@bp.get("/dashboard")
def dashboard():
    """A summary of each lesson; each lesson's history holds the detail."""
    signed_in = current_user.is_authenticated
    board = dashboard_for(learner_to_read(), personalised=signed_in)
    return render_template("progress/dashboard.html", board=board, signed_in=signed_in)


@bp.get("/dashboard/lessons/<slug>")
def lesson_history(slug: str):
    """The learner's own history in one lesson; ``?page=N`` is the Nth page of attempts."""
    signed_in = current_user.is_authenticated
    number = request.args.get("page", 1, type=int)
    history = history_of(learner_to_read(), slug, number, personalised=signed_in)
    return render_template("progress/history.html", history=history, signed_in=signed_in)


@bp.get("/me/export.json")
def export():
    learner = current_learner()
    user = current_user if current_user.is_authenticated else None
    data = export_for(learner, user, _site())
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="my-learning-data.json"'
    return response


@bp.get("/me/statements.json")
def statements():
    return jsonify(statements=statements_for(current_learner(), _site()))


def _site() -> str:
    """The address statements' ids are under: PUBLIC_URL when set, as sent to an LRS."""
    return current_app.config["PUBLIC_URL"] or request.url_root
