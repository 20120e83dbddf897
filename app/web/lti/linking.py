"""Linking a launched account to an account made here: after signing in with that account's
email and password once, launches from the LMS sign in to it, and what was done under the
launched account moves over (as anonymous progress does on sign-up)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from app.learning import accounts
from app.learning.db import db
from app.learning.lti.accounts import is_launched_only, link_account
from app.learning.models.accounts import User
from app.learning.models.lti import LtiAccount
from app.learning.progress import merge_learners
from app.web.auth.forms import SignInForm
from app.web.auth.session import forget_deleted_account, sign_in
from app.web.identity import user_learner
from app.web.lti import bp
from app.web.lti.framing import FRAME_KEY
from app.web.security.throttle import throttled


@bp.route("/link", methods=["GET", "POST"])
@login_required
@throttled
def link():
    launched = current_user._get_current_object()
    lms_accounts = db.session.scalars(db.select(LtiAccount).filter_by(user_id=launched.id)).all()
    if not lms_accounts or not is_launched_only(launched):
        abort(404, description="This account was not made by an LMS launch: nothing to link.")
    form = SignInForm()
    if form.validate_on_submit():
        target = accounts.authenticate(
            accounts.normalise_email(form.email.data), form.password.data
        )
        if target is None:
            form.password.errors.append("That email and password don't match an account.")
        elif target.id == launched.id:
            form.email.errors.append("That is this account.")
        else:
            _move(launched, target, lms_accounts)
            flash("Your LMS launches now sign in to this account, with everything you did.")
            return redirect(url_for("progress.dashboard"))
    return render_template("lti/link.html", form=form), 400 if form.errors else 200


def _move(launched: User, target: User, lms_accounts: list[LtiAccount]) -> None:
    framers = session.get(FRAME_KEY)
    for lms_account in lms_accounts:
        link_account(lms_account, target)
    merge_learners(user_learner(launched.id), user_learner(target.id))
    forget_deleted_account()
    db.session.delete(launched)  # nothing is left on it: its learning moved to the target
    sign_in(target, remember=False)
    if framers:
        session[FRAME_KEY] = framers  # still in the LMS's frame
    db.session.commit()
