"""Quiz questions in and out of a lesson's draft: a GIFT or Aiken file added as quiz questions,
and a quiz downloaded as GIFT. The download holds the answer keys: the course's staff only."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from app.core.content.budget import Budget
from app.core.content.errors import ContentErrors
from app.core.interchange.blocks import quiz_blocks
from app.core.interchange.importing import import_questions
from app.core.interchange.to_gift import quiz_to_gift
from app.learning import authoring
from app.learning.db import db
from app.web.instructor import bp
from app.web.instructor.forms import MAX_QUESTION_FILE, QuestionFileForm
from app.web.instructor.views import _editable_lesson


@bp.post("/lessons/<slug>/questions")
def import_questions_file(slug: str):
    """Add the questions of an uploaded file to the latest draft, as a new revision."""
    lesson = _editable_lesson(slug)
    form = QuestionFileForm()
    if not form.validate_on_submit():
        abort(400, description=" ".join(e for errs in form.errors.values() for e in errs))
    upload = form.questions.data
    name = (upload.filename or "questions.gift").rsplit("/", 1)[-1][:100]
    raw = upload.read(MAX_QUESTION_FILE + 1)
    if len(raw) > MAX_QUESTION_FILE:
        abort(400, description=f"{name} is larger than {MAX_QUESTION_FILE // 1024} KB.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        abort(400, description=f"{name} is not UTF-8 text: save it as UTF-8 and upload it again.")
    latest = authoring.latest_revision(lesson)
    source = latest.source if latest else ""
    try:
        imported = import_questions(
            text,
            name,
            source,
            f"{lesson.slug}.md",
            form.activity.data or None,
            Budget(authoring.CHECK_SECONDS),
        )
    except ContentErrors as exc:
        return render_template(
            "instructor/import_questions.html", lesson=lesson, name=name, errors=exc.errors
        ), 400
    revision = authoring.save_revision(lesson, imported.source, current_user.id)
    db.session.commit()
    where = "a new quiz" if imported.created else "quiz"
    done = (
        f"Added {imported.count} question(s) from {name} to {where} “{imported.activity_id}” "
        f"in draft revision {revision.number}."
    )
    if imported.warnings:
        return render_template(
            "instructor/import_questions.html",
            lesson=lesson,
            name=name,
            done=done,
            warnings=imported.warnings,
        )
    flash(done)
    return redirect(url_for("instructor.edit", slug=slug))


@bp.get("/lessons/<slug>/quizzes/<activity_id>.gift")
def export_gift(slug: str, activity_id: str):
    """The quiz of the latest revision as a GIFT file (answer keys included)."""
    lesson = _editable_lesson(slug)
    latest = authoring.latest_revision(lesson)
    found = [b for b in quiz_blocks(latest.source if latest else "") if b.id == activity_id]
    if not found:
        abort(404, description=f"“{lesson.title}” has no quiz “{activity_id}”.")
    text, warnings = quiz_to_gift(found[0].data, f"{lesson.slug}/{activity_id}")
    notes = "".join(f"// Left out: {w}\n" for w in warnings)
    response = make_response(notes + ("\n" if notes else "") + text)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{lesson.slug}-{activity_id}.gift"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
