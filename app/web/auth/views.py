"""Sign up, sign in, sign out, and the account page (password, deletion)."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.learning import sessions, staff
from app.learning.accounts import authenticate, find_account, normalise_email
from app.learning.db import db
from app.learning.lti.accounts import is_launched_only
from app.learning.models.accounts import User
from app.learning.progress import merge_learners
from app.web.auth import bp
from app.web.auth.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    SignInForm,
    SignOutEverywhereForm,
    SignOutForm,
    SignUpForm,
)
from app.web.auth.session import (
    current_session,
    end_other_sessions,
    forget_deleted_account,
    sign_in,
    sign_out,
    sign_out_everywhere,
)
from app.web.identity import cookie_learner, forget_anonymous_learner, user_learner
from app.web.security.throttle import throttled, throttled_signed_in

NOT_RECOGNISED = "That email and password don't match an account."
MAX_NEXT_LENGTH = 2000  # longer Location headers are refused by some proxies


def _local_path(target: str) -> bool:
    """A path on this site, written plainly: "/…" but not "//…", no backslash, no scheme or
    host, and no control, format or separator character (spaces and newlines included)."""
    if any(unicodedata.category(char)[0] in "CZ" for char in target):
        return False
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None) -> str:
    """Where to go after signing in or up: a path on this site, else the dashboard.

    The path must pass as written and once percent-decoded, so "%0A" or "%2F" can't stand in for
    what is refused. A newline in ``next`` gave a 500 after a successful sign-in (the Location
    header refuses it), and browsers drop tabs and newlines from URLs, so "/<tab>/evil.example"
    would lead to another site.
    """
    if (
        target
        and len(target) <= MAX_NEXT_LENGTH
        and _local_path(target)
        and _local_path(unquote(target))
    ):
        return target
    return url_for("progress.dashboard")


def _start_session(user: User, remember: bool = False) -> None:
    """Sign in and bring this browser's anonymous progress into the account."""
    anonymous = cookie_learner()
    sign_in(user, remember=remember)
    if anonymous is not None:
        merge_learners(anonymous, user_learner(user.id))
    forget_anonymous_learner()


@bp.route("/signup", methods=["GET", "POST"])
@throttled
def signup():
    form = SignUpForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        if find_account(email) is not None:
            form.email.errors.append(
                "There is already an account with this email. Sign in instead."
            )
        else:
            user = User(email=email)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.flush()
            _start_session(user)
            db.session.commit()
            flash("Welcome! Your account is ready and your progress is kept in it.")
            return redirect(safe_next(form.next.data))
    return render_template("auth/signup.html", form=form), 400 if form.errors else 200


@bp.route("/signin", methods=["GET", "POST"])
@throttled
def signin():
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(NOT_RECOGNISED)
        else:
            _start_session(user, remember=form.remember.data)
            db.session.commit()
            flash("You are signed in; progress from this browser is now in your account.")
            return redirect(safe_next(form.next.data))
    return render_template("auth/signin.html", form=form), 400 if form.errors else 200


@bp.post("/signout")
def signout():
    form = SignOutForm()
    if form.validate_on_submit():
        sign_out()
        db.session.commit()
        forget_anonymous_learner()
        flash("You are signed out.")
    return redirect(url_for("lessons.home"))


@bp.post("/signout/everywhere")
@login_required
def signout_everywhere():
    """End every session of the account, this one too: for a lost phone or a shared computer."""
    form = SignOutEverywhereForm()
    if not form.validate_on_submit():
        return redirect(url_for("auth.account"))
    sign_out_everywhere(current_user._get_current_object())
    db.session.commit()
    forget_anonymous_learner()
    flash("You are signed out on every device, this one included.")
    return redirect(url_for("lessons.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
@throttled_signed_in
def account():
    password_form = ChangePasswordForm(prefix="password")
    delete_form = DeleteAccountForm(prefix="delete")
    delete_problem = None
    if password_form.submit.data and password_form.validate_on_submit():
        if not current_user.check_password(password_form.current.data):
            password_form.current.errors.append("That is not your current password.")
        else:
            user = current_user._get_current_object()
            user.set_password(password_form.password.data)
            end_other_sessions(user)  # this browser goes on, under a new token
            db.session.commit()
            flash("Your password was changed. Other devices have been signed out.")
            return redirect(url_for("auth.account"))
    elif delete_form.submit.data and delete_form.validate_on_submit():
        if not current_user.check_password(delete_form.password.data):
            delete_form.password.errors.append("That is not your password.")
        elif owned := staff.sole_owned_courses(current_user):  # a course keeps its owner
            titles = ", ".join(f"“{course.title}”" for course in owned)
            delete_problem = (
                f"You are the only owner of {titles}. Make someone else an owner on the course's "
                "staff page (or ask an admin) before deleting your account."
            )
        else:
            user = db.session.get(User, current_user.id)
            forget_deleted_account()
            db.session.delete(user)  # the learner, attempts and statements cascade
            db.session.commit()
            forget_anonymous_learner()
            flash("Your account and all your learning data were deleted.")
            return redirect(url_for("lessons.home"))
    status = 400 if password_form.errors or delete_form.errors else 409 if delete_problem else 200
    return render_template(
        "auth/account.html",
        password_form=password_form,
        delete_form=delete_form,
        delete_problem=delete_problem,
        everywhere_form=SignOutEverywhereForm(),
        devices=sessions.live_sessions(current_user.id),
        this_device=current_session(),
        launched_only=is_launched_only(current_user),
    ), status
