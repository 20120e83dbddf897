"""A course's staff page: its owners and admins add instructors by e-mail, change their role
and remove them. The rules (who may, the last owner) are in app.learning.staff."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.learning import staff
from app.learning.db import db
from app.learning.errors import Conflict, LearningError
from app.learning.models.accounts import User
from app.learning.models.courses import Course
from app.learning.models.staff import EDITOR, OWNER
from app.web.instructor import bp
from app.web.instructor.forms import ConfirmForm, StaffForm

ROLE_NAMES = {OWNER: "an owner", EDITOR: "an editor"}


def _managed_course(slug: str) -> Course:
    """The course (404 if none), if the signed-in user may choose its staff (403 otherwise)."""
    course = db.first_or_404(
        db.select(Course).filter_by(slug=slug), description=f"No course “{slug}”."
    )
    staff.require_can_manage_staff(current_user, course)
    return course


def _page(course: Course, form: StaffForm, problem: str | None = None, status: int = 200):
    return render_template(
        "instructor/staff.html",
        course=course,
        members=staff.staff_of(course),
        form=form,
        confirm=ConfirmForm(),
        problem=problem,
        roles=ROLE_NAMES,
    ), status


def _refused(course: Course, form: StaffForm, error: LearningError):
    """The page again with the reason; nothing of the refused change is kept."""
    db.session.rollback()
    return _page(course, form, str(error), 409 if isinstance(error, Conflict) else 400)


@bp.get("/courses/<course>/staff")
def course_staff(course: str):
    return _page(_managed_course(course), StaffForm())


@bp.post("/courses/<course>/staff/add")
def add_staff(course: str):
    """Add someone to the staff, or give someone on it the chosen role."""
    course_row = _managed_course(course)
    form = StaffForm()
    if not form.validate_on_submit():
        return _page(course_row, form, status=400)
    try:
        member = staff.teacher_by_email(form.email.data)
    except LearningError as error:
        form.email.errors.append(str(error))
        return _page(course_row, form, status=400)
    try:
        staff.add_staff(course_row, member, form.role.data)
    except LearningError as error:
        return _refused(course_row, form, error)
    db.session.commit()
    flash(f"{member.email} is {ROLE_NAMES[form.role.data]} of “{course_row.title}”.")
    return redirect(url_for("instructor.course_staff", course=course_row.slug))


@bp.post("/courses/<course>/staff/<id:user_id>/remove")
def remove_staff(course: str, user_id: int):
    course_row = _managed_course(course)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form has expired; reload the page.")
    member = db.session.get(User, user_id)
    if member is None:
        abort(404, description=f"There is no account numbered {user_id}.")
    email, title, slug = member.email, course_row.title, course_row.slug
    try:
        staff.remove_staff(course_row, member)
    except Conflict as error:
        return _refused(course_row, StaffForm(formdata=None), error)
    db.session.commit()
    flash(f"{email} is no longer on the staff of “{title}”.")
    if member.id == current_user.id and not staff.can_manage_staff(current_user, course_row):
        return redirect(url_for("instructor.home"))  # they took themselves off
    return redirect(url_for("instructor.course_staff", course=slug))
