"""Saving progress as it happens; the learner's dashboard, data export and statements."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.rules.events import EventError, parse_events
from app.learning.dashboard import dashboard_for
from app.learning.db import db
from app.learning.export import export_for, statements_for
from app.learning.lesson_queries import published_lesson, require_published_lesson
from app.learning.progress import note_completion, record_statement, save_position
from app.web.identity import current_learner
from app.web.progress import bp
from app.web.progress.forms import MarkReadForm
from app.web.security.bodies import accepts_json

MAX_EVENTS_BODY = 64 * 1024


@bp.post("/progress/events")
@accepts_json
def events():
    """A batch of events as JSON (``X-CSRFToken`` header) or as a form field ``events``."""
    if request.content_length and request.content_length > MAX_EVENTS_BODY:
        abort(413, description="Too many progress events in one request.")
    if request.is_json:
        payload = request.get_json(silent=True)
    else:
        try:
            payload = json.loads(request.form.get("events", ""))
        except ValueError:
            payload = None
    raw = payload.get("events") if isinstance(payload, dict) else None
    slugs = (
        {e["lesson"] for e in raw if isinstance(e, dict) and isinstance(e.get("lesson"), str)}
        if isinstance(raw, list)
        else set()
    )  # a list or object as 'lesson' is refused below
    pages = {s: p for s in slugs if (p := published_lesson(s)) is not None}
    try:
        batch = parse_events(payload, {s: p.content for s, p in pages.items()}, datetime.now(UTC))
    except EventError as exc:
        abort(400, description=f"Progress was not saved: {exc}.")
    learner = current_learner(create=True)
    saved = 0
    for event in batch:
        page = pages[event.lesson]
        if event.type == "position":
            save_position(
                learner, page.lesson.id, event.kind, event.section, event.offset, event.at
            )
            saved += 1
        elif event.type == "section-read":
            saved += record_statement(
                learner,
                page.lesson.id,
                "experienced",
                "section",
                event.section,
                statement_id=event.id,
                timestamp=event.at,
            )
        else:
            saved += record_statement(
                learner,
                page.lesson.id,
                "progressed",
                "lesson",
                event.lesson,
                result={"seconds": event.seconds},
                statement_id=event.id,
                timestamp=event.at,
            )
    for page in pages.values():
        note_completion(learner, page.lesson.id, page.lesson.slug, page.content)
    db.session.commit()
    return jsonify(saved=saved, received=len(batch))


@bp.post("/lessons/<slug>/sections/<section_id>/read")
def mark_read(slug: str, section_id: str):
    """The form behind 'Mark as read', for reading without JavaScript."""
    page = require_published_lesson(slug)
    if page.content.section(section_id) is None:
        abort(404, description=f"This lesson has no section “{section_id}”.")
    if not MarkReadForm().validate_on_submit():
        abort(400, description="The form has expired; reload the page and try again.")
    learner = current_learner(create=True)
    record_statement(learner, page.lesson.id, "experienced", "section", section_id)
    note_completion(learner, page.lesson.id, slug, page.content)
    db.session.commit()
    return redirect(url_for("lessons.lesson", slug=slug) + f"#{section_id}")


@bp.get("/dashboard")
def dashboard():
    learner = current_learner()
    return render_template(
        "progress/dashboard.html",
        board=dashboard_for(learner),
        signed_in=current_user.is_authenticated,
    )


@bp.get("/me/export.json")
def export():
    learner = current_learner()
    user = current_user if current_user.is_authenticated else None
    data = export_for(learner, user, request.url_root)
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="my-learning-data.json"'
    return response


@bp.get("/me/statements.json")
def statements():
    return jsonify(statements=statements_for(current_learner(), request.url_root))
