"""The LMS page: the platforms that launch lessons (admins register them here or with
`flask lti register`), this tool's addresses to give an LMS, and grades that have not reached
their LMS yet — with why — so a failed post is seen, never lost."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from app.learning.db import db
from app.learning.lti import grades, roster
from app.learning.lti.platforms import RegistrationError, all_platforms, register_platform
from app.learning.lti.remote import RemoteError
from app.learning.models.lti import LtiContext
from app.web.instructor import bp
from app.web.instructor.lti_forms import PlatformForm, RetryForm
from app.web.lti.passback import send_scores
from app.web.lti.registration import LINK_HOURS, registration_link


def _page(form: PlatformForm, status: int = 200):
    return render_template(
        "instructor/lms.html",
        platforms=all_platforms(),
        waiting=grades.waiting_links(),
        lms_courses=roster.contexts(),
        form=form,
        retry_form=RetryForm(),
        is_admin=current_user.role == "admin",
        registration_link=registration_link() if current_user.role == "admin" else None,
        link_hours=LINK_HOURS,
    ), status


@bp.get("/lms")
def lms():
    return _page(PlatformForm())


@bp.post("/lms/platforms")
def register_lms():
    if current_user.role != "admin":
        abort(403, description="Only administrators register LMS platforms.")
    form = PlatformForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        register_platform(
            name=form.name.data or "",
            issuer=form.issuer.data,
            client_id=form.client_id.data,
            auth_login_url=form.auth_login_url.data,
            auth_token_url=form.auth_token_url.data,
            jwks_url=form.jwks_url.data,
            deployment_ids=form.deployment_ids.data.splitlines(),
        )
    except RegistrationError as exc:
        form.issuer.errors = [*form.issuer.errors, str(exc)]
        db.session.rollback()
        return _page(form, 400)
    db.session.commit()
    return redirect(url_for("instructor.lms"), code=303)


@bp.post("/lms/retry")
def retry_grades():
    form = RetryForm()
    if not form.validate_on_submit():
        abort(400, description="The form was incomplete.")
    waiting = grades.waiting_links()
    for link in waiting:
        grades.retry(link)
    db.session.commit()
    send_scores([link.id for link in waiting])
    return redirect(url_for("instructor.lms"), code=303)


@bp.get("/lms/courses/<int:context_id>")
def lms_course(context_id: int):
    """An LMS course's roster (Names and Role Provisioning) beside each member's progress in the
    lessons launched from it."""
    context = db.session.get(LtiContext, context_id)
    if context is None:
        abort(404, description="No LMS course has launched lessons under this number.")
    problem, members = None, []
    try:
        members = roster.roster(context)
    except RemoteError as exc:
        problem = str(exc)
    return render_template(
        "instructor/lms_course.html",
        context=context,
        lessons=roster.lessons_of(context),
        members=members,
        problem=problem,
    )
