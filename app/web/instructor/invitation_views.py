"""Inviting another instructor: the page makes a single-use link that expires, and shows it to
copy (there is no mail server to send it). The link's secret is shown once, on the page that
made it; the list below shows only when each invitation was made, until when it works, and who
used it."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_login import current_user

from app.learning import invitations
from app.learning.db import db
from app.web.instructor import bp
from app.web.instructor.forms import InvitationForm


@bp.route("/invitations", methods=["GET", "POST"])
def invite():
    form = InvitationForm()
    link = None
    if form.validate_on_submit():
        hours = current_app.config["INVITATION_HOURS"]
        _, secret = invitations.create_invitation(
            current_user._get_current_object(), timedelta(hours=hours)
        )
        db.session.commit()
        link = url_for("auth.accept_invitation", secret=secret, _external=True)
    return render_template(
        "instructor/invitations.html",
        form=form,
        link=link,
        hours=current_app.config["INVITATION_HOURS"],
        sent=invitations.invitations_of(current_user._get_current_object()),
        is_expired=invitations.is_expired,
    ), 400 if form.errors else 200
