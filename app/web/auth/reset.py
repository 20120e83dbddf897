"""Forgotten passwords: a link by e-mail, then a new password.

Asking for a link answers the same page whatever the address, so the form can't be used to learn
who has an account; the e-mail itself goes out on the job queue (app.web.mail), so the answer
takes about as long either way. Setting the new password signs the account out everywhere:
whoever knew the old one is out too.
"""

from __future__ import annotations

from urllib.parse import urljoin

from flask import current_app, flash, redirect, render_template, url_for

from app.learning import sessions
from app.learning.accounts import find_account
from app.learning.db import db
from app.learning.models.courses import utcnow
from app.learning.password_reset import account_for_reset, reset_key
from app.web.auth import bp
from app.web.auth.forms import ForgotPasswordForm, ResetPasswordForm
from app.web.extensions import limiter
from app.web.mail import send_later
from app.web.security.throttle import AUTH_MESSAGE, auth_limit, throttled

MESSAGE = """\
Someone (we hope you) asked to reset the password of your {site} account.

Choose a new password here (the link works for {minutes} minutes, once):

{link}

If you didn't ask, ignore this e-mail: your password stays as it is.
"""


def _link(key: str) -> str:
    """The reset page's address, under PUBLIC_URL when configured (the link leaves the site)."""
    path = url_for("auth.reset_password", key=key)
    public = current_app.config["PUBLIC_URL"]
    return (
        urljoin(public.rstrip("/") + "/", path.lstrip("/"))
        if public
        else url_for("auth.reset_password", key=key, _external=True)
    )


@bp.route("/password/forgot", methods=["GET", "POST"])
@throttled
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_account(form.email.data)
        if user is not None:
            config = current_app.config
            link = _link(reset_key(user, config["SECRET_KEY"]))
            body = MESSAGE.format(
                site=config["SITE_NAME"], minutes=config["PASSWORD_RESET_MAX_AGE"] // 60, link=link
            )
            send_later(user.email, f"Reset your {config['SITE_NAME']} password", body)
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/password/reset/<key>", methods=["GET", "POST"])
# Per address only: the form names no account, and a shared count would let one visitor use up
# everyone's attempts. The key itself can't be guessed.
@limiter.limit(auth_limit, methods=["POST"], error_message=AUTH_MESSAGE)
def reset_password(key: str):
    config = current_app.config
    user = account_for_reset(key, config["SECRET_KEY"], config["PASSWORD_RESET_MAX_AGE"])
    if user is None:
        return render_template("auth/reset_refused.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        sessions.end_sessions(user.id, now=utcnow())
        db.session.commit()
        flash("Your password was changed and every device signed out. Sign in with it now.")
        return redirect(url_for("auth.signin"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200
