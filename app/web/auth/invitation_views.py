"""Accepting an invitation: the invited person sets their name, e-mail and password and is
signed in as an instructor. An unknown link is a 404, a used or expired one a 409, each with a
sentence saying what to do."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from app.learning import invitations
from app.learning.accounts import find_account
from app.learning.db import db
from app.web.auth import bp
from app.web.auth.invitation_forms import AcceptInvitationForm
from app.web.auth.views import _start_session
from app.web.security.throttle import throttled

MAX_SECRET = 100  # the links carry 43 characters


@bp.route("/invitations/<secret>", methods=["GET", "POST"])
@throttled
def accept_invitation(secret: str):
    if len(secret) > MAX_SECRET:
        abort(404, description=invitations.NOT_VALID)  # not one of ours
    invitations.open_invitation(secret)  # 404 / 409 before anything is asked
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        if find_account(form.email.data) is not None:
            form.email.errors.append(
                "There is already an account with this email. Use another one."
            )
        else:
            user = invitations.accept_invitation(
                secret, form.name.data, form.email.data, form.password.data
            )
            _start_session(user)
            db.session.commit()
            flash("Welcome! Your instructor account is ready.")
            return redirect(url_for("instructor.home"))
    return render_template("auth/invitation.html", form=form), 400 if form.errors else 200
