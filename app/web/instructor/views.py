"""Instructor pages: courses and lessons, the editor with live preview, revisions, publishing.

A course's pages are for its staff and admins (app.learning.staff); anyone else signed in as an
instructor gets a 403 page.
"""

from __future__ import annotations

import secrets
from collections import defaultdict

from flask import (
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.core.content.diffing import diff_lines
from app.core.content.errors import ContentError
from app.core.content.image_markdown import image_markdown
from app.core.interchange.blocks import quiz_blocks
from app.learning import authoring, staff
from app.learning.attempts import ActivityState
from app.learning.db import db
from app.learning.lesson_queries import lesson_cache, lesson_parts
from app.learning.models.courses import Course, Lesson
from app.web.audio.prebuild import audio_after_publish
from app.web.instructor import bp
from app.web.instructor.forms import (
    ConfirmForm,
    CourseForm,
    ImageForm,
    LessonForm,
    LessonSourceForm,
    QuestionFileForm,
)
from app.web.media import ImageRejected, store_image
from app.web.security.bodies import accepts_json
from app.web.security.headers import policy_with_style_nonce


def _editable_lesson(slug: str) -> Lesson:
    """The lesson, if the signed-in user may author its course (403 otherwise)."""
    lesson = db.first_or_404(
        db.select(Lesson).filter_by(slug=slug), description=f"No lesson “{slug}”."
    )
    staff.require_can_edit(current_user, lesson.course)
    return lesson


def _editable_course(slug: str) -> Course:
    """The course, if the signed-in user may author it (403 otherwise)."""
    course = db.first_or_404(
        db.select(Course).filter_by(slug=slug), description=f"No course “{slug}”."
    )
    staff.require_can_edit(current_user, course)
    return course


def _revision_or_404(lesson: Lesson, number: int):
    revision = authoring.revision_or_none(lesson, number)
    if revision is None:
        abort(404, description=f"“{lesson.title}” has no revision {number}.")
    return revision


def _errors(errors: list[ContentError]) -> list[dict]:
    return [{"line": e.line, "message": e.message} for e in errors]


@bp.get("/")
def home():
    """The courses the signed-in user may author (every course for an admin)."""
    return render_template(
        "instructor/home.html", courses=staff.courses_for(current_user), form=ConfirmForm()
    )


@bp.route("/courses/new", methods=["GET", "POST"])
def new_course():
    form = CourseForm()
    if form.validate_on_submit():
        if db.session.scalar(db.select(Course.id).filter_by(slug=form.slug.data)):
            form.slug.errors.append("A course with this id exists already.")
        else:
            authoring.create_course(
                form.slug.data, form.title.data, form.summary.data or "", current_user
            )
            db.session.commit()
            flash(f"Course “{form.title.data}” created.")
            return redirect(url_for("instructor.home"))
    return render_template("instructor/new.html", form=form, heading="New course"), (
        400 if form.errors else 200
    )


@bp.route("/courses/<course>/lessons/new", methods=["GET", "POST"])
def new_lesson(course: str):
    course_row = _editable_course(course)
    form = LessonForm()
    if form.validate_on_submit():
        if db.session.scalar(db.select(Lesson.id).filter_by(slug=form.slug.data)):
            form.slug.errors.append("A lesson with this id exists already.")
        else:
            lesson = authoring.create_lesson(
                course_row, form.slug.data, form.title.data, current_user.id
            )
            db.session.commit()
            return redirect(url_for("instructor.edit", slug=lesson.slug))
    heading = f"New lesson in {course_row.title}"
    return render_template("instructor/new.html", form=form, heading=heading), (
        400 if form.errors else 200
    )


@bp.post("/courses/<course>/order")
def reorder(course: str):
    """Positions arrive as ``position-<lesson>`` fields and must number the lessons 1…n."""
    course_row = _editable_course(course)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form has expired; reload the page.")
    try:
        wanted = {
            lesson.slug: int(request.form[f"position-{lesson.slug}"])
            for lesson in course_row.lessons
        }
    except (KeyError, ValueError):
        abort(400, description="Give every lesson a position number.")
    if sorted(wanted.values()) != list(range(1, len(wanted) + 1)):
        abort(400, description=f"Number the lessons 1 to {len(wanted)}, each number once.")
    order = sorted(wanted, key=wanted.get)
    changed = authoring.reorder(course_row, order, current_user.id)
    db.session.commit()
    flash(
        f"New order saved ({len(changed)} lesson(s) moved)."
        if changed
        else "The order is unchanged."
    )
    return redirect(url_for("instructor.home"))


@bp.route("/lessons/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    lesson = _editable_lesson(slug)
    latest = authoring.latest_revision(lesson)
    form = LessonSourceForm(data={"source": latest.source if latest else ""})
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    if form.validate_on_submit():
        source = form.source.data.replace("\r\n", "\n")
        revision = latest
        if latest is None or source != latest.source:
            revision = authoring.save_revision(lesson, source, current_user.id)
        if form.publish.data:
            checked = authoring.publish(lesson, revision)
            errors, warnings = checked.errors, checked.warnings
            if checked.ok:
                db.session.commit()
                audio_after_publish(lesson.slug)
                flash(f"Revision {revision.number} is published.")
                return redirect(url_for("instructor.edit", slug=slug))
            db.session.commit()  # the draft is kept even though it can't be published
            flash(f"Saved as draft revision {revision.number}; fix the problems to publish it.")
        else:
            checked = authoring.check_source(source, lesson)
            errors, warnings = checked.errors, checked.warnings
            db.session.commit()
            flash(f"Draft revision {revision.number} saved.")
            if not errors:
                return redirect(url_for("instructor.edit", slug=slug))
    elif request.method == "GET" and latest is not None:
        # The problems of what is on file, warnings included, also without the live preview.
        checked = authoring.check_source(latest.source, lesson)
        errors, warnings = checked.errors, checked.warnings
    status = 400 if (errors and request.method == "POST") or form.errors else 200
    # The code editor's stylesheet is a <style> element: this page's policy allows it by nonce.
    style_nonce = secrets.token_urlsafe(18)
    response = make_response(
        render_template(
            "instructor/edit.html",
            lesson=lesson,
            form=form,
            errors=errors,
            warnings=warnings,
            latest=authoring.latest_revision(lesson),
            image_form=ImageForm(),
            question_form=QuestionFileForm(formdata=None),
            quiz_ids=[b.id for b in quiz_blocks(latest.source if latest else "")],
            style_nonce=style_nonce,
        ),
        status,
    )
    response.headers["Content-Security-Policy"] = policy_with_style_nonce(style_nonce)
    return response


@bp.post("/lessons/<slug>/preview")
@accepts_json
def preview(slug: str):
    """The lesson as learners would see it (answer keys added), and its problems, as JSON;
    ``sections`` gives the line each section starts on, so the preview can follow the cursor."""
    lesson = _editable_lesson(slug)
    payload = request.get_json(silent=True)
    source = payload.get("source") if isinstance(payload, dict) else None
    if not isinstance(source, str) or len(source) > 500_000:
        abort(
            400, description="Send the lesson's Markdown as 'source' (at most 500,000 characters)."
        )
    checked = authoring.preview(source, lesson, lesson_cache().render_ready)
    html = ""
    sections: list[dict] = []
    if checked.content is not None:
        sections = [{"id": s.id, "line": s.line} for s in checked.content.sections]
        html = render_template(
            "instructor/preview.html",
            lesson=checked.content,
            parts=lesson_parts(checked.content),
            states=defaultdict(ActivityState),
            course_title=lesson.course.title,
            preview=True,
        )
    return jsonify(
        html=html,
        errors=_errors(checked.errors),
        warnings=_errors(checked.warnings),
        sections=sections,
    )


@bp.get("/lessons/<slug>/revisions")
def revisions(slug: str):
    lesson = _editable_lesson(slug)
    return render_template(
        "instructor/revisions.html",
        lesson=lesson,
        revisions=authoring.revisions(lesson),
        form=ConfirmForm(),
    )


@bp.get("/lessons/<slug>/revisions/<id:number>")
def revision(slug: str, number: int):
    lesson = _editable_lesson(slug)
    return render_template(
        "instructor/revision.html",
        lesson=lesson,
        revision=_revision_or_404(lesson, number),
        form=ConfirmForm(),
    )


@bp.get("/lessons/<slug>/diff")
def diff(slug: str):
    lesson = _editable_lesson(slug)
    try:
        old_number, new_number = int(request.args["a"]), int(request.args["b"])
    except (KeyError, ValueError):
        abort(400, description="Choose two revisions to compare.")
    old, new = _revision_or_404(lesson, old_number), _revision_or_404(lesson, new_number)
    return render_template(
        "instructor/diff.html",
        lesson=lesson,
        old=old,
        new=new,
        lines=diff_lines(old.source, new.source),
    )


@bp.post("/lessons/<slug>/revisions/<id:number>/restore")
def restore(slug: str, number: int):
    lesson = _editable_lesson(slug)
    old = _revision_or_404(lesson, number)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form has expired; reload the page.")
    new = authoring.restore(lesson, old, current_user.id)
    db.session.commit()
    flash(f"Revision {number} restored as draft revision {new.number}.")
    return redirect(url_for("instructor.edit", slug=slug))


@bp.post("/lessons/<slug>/revisions/<id:number>/publish")
def publish(slug: str, number: int):
    lesson = _editable_lesson(slug)
    revision = _revision_or_404(lesson, number)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form has expired; reload the page.")
    checked = authoring.publish(lesson, revision)
    if not checked.ok:
        problems = "; ".join(f"line {e.line}: {e.message}" for e in checked.errors[:5])
        abort(400, description=f"Revision {number} can't be published: {problems}")
    db.session.commit()
    audio_after_publish(lesson.slug)
    flash(f"Revision {number} is published.")
    return redirect(url_for("instructor.revisions", slug=slug))


@bp.post("/lessons/<slug>/unpublish")
def unpublish(slug: str):
    lesson = _editable_lesson(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form has expired; reload the page.")
    authoring.unpublish(lesson)
    db.session.commit()
    flash(f"“{lesson.title}” is no longer published; learners can't open it.")
    return redirect(url_for("instructor.home"))


@bp.post("/media")
def upload():
    """Store an image; reply with the Markdown that shows it, with the description given (the
    editor leaves the cursor in an empty one for the author to write)."""
    form = ImageForm()
    if not form.validate_on_submit():
        abort(400, description=" ".join(e for errs in form.errors.values() for e in errs))
    try:
        name = store_image(form.image.data.read(1024 * 1024 + 1))
    except ImageRejected as exc:
        abort(400, description=str(exc))
    url = url_for("media.image", name=name)
    return jsonify(url=url, markdown=image_markdown(url, form.alt.data or ""))
