"""Who is signed in: the session record named by the session or remember-me cookie.

Flask-Login keeps ``User.get_id()`` in the session cookie and, with "Keep me signed in", in the
remember-me cookie; here that id is the token of a session record (app.learning.sessions). The
loader accepts a token only while its record is live, so ending the record on the server signs
the browser out everywhere its cookies were copied to. This module is where the web layer turns
sign-ins, sign-outs and remember-me visits into session records and cookies.
"""

from __future__ import annotations

from flask import Response, g, request
from flask_login import current_user, login_user, logout_user, user_loaded_from_cookie

from app.learning import sessions
from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.courses import utcnow
from app.learning.models.sessions import UserSession
from app.web.auth import bp
from app.web.auth.devices import describe
from app.web.extensions import login_manager

# Requests for files that pages use, not pages: a remember-me cookie is renewed by pages only.
ASSET_BLUEPRINTS = (None, "audio", "media")


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The user of the live session record this token names; None once it has ended."""
    record = sessions.live_session(token)
    if record is None:
        return None
    g.user_session = record
    record.user.use_session(token)
    return record.user


@user_loaded_from_cookie.connect
def _signed_in_by_remember_cookie(_app, user: User, **_extra) -> None:
    """Note it: the cookie is replaced before the view runs (``_renew_remembered``)."""
    g.renew_remember_cookie = True


def current_session() -> UserSession | None:
    """This request's session record, when someone is signed in."""
    return g.get("user_session") if current_user.is_authenticated else None


def _continue_as(
    user: User, record: UserSession, token: str, *, remember: bool, fresh: bool = True
) -> None:
    """Put the token in this browser's session cookie (and remember-me cookie, if asked)."""
    user.use_session(token)
    g.user_session = record
    login_user(user, remember=remember, fresh=fresh)


def sign_in(user: User, *, remember: bool) -> None:
    """Start a session record for this browser and sign the user in under it."""
    record, token = sessions.start_session(
        user, remembered=remember, user_agent=describe(request.user_agent.string), now=utcnow()
    )
    _continue_as(user, record, token, remember=remember)


def sign_out() -> None:
    """End this browser's session on the server, then forget it in the browser's cookies."""
    record = current_session()
    if record is not None:
        sessions.end_session(record, now=utcnow())
    _forget()


def sign_out_everywhere(user: User) -> int:
    """End every session of the user, this browser's too; how many were ended."""
    ended = sessions.end_sessions(user.id, now=utcnow())
    _forget()
    return ended


def end_other_sessions(user: User) -> None:
    """After a password change: every other browser is signed out, this one goes on.

    This browser's token is replaced as well, so copies of its cookies from before the change
    (taken by whoever made the change necessary) are refused too.
    """
    record = current_session()
    now = utcnow()
    sessions.end_sessions(user.id, now=now, keep=record)
    if record is not None:
        token = sessions.replace_token(record, now=now)
        _continue_as(user, record, token, remember=record.remembered)


def forget_deleted_account() -> None:
    """The account (and, by cascade, its session records) is being deleted: sign this browser
    out without touching the records."""
    _forget()


def _forget() -> None:
    g.pop("user_session", None)
    logout_user()  # clears the session cookie's sign-in and deletes the remember-me cookie


@bp.before_app_request
def _renew_remembered() -> None:
    """A browser signed in by its remember-me cookie gets a new token, in a new cookie.

    The old cookie, and any copy of it, then names no session: a stolen remember-me cookie works
    at most until the browser it was taken from comes back, instead of for a year.
    """
    if request.blueprint in ASSET_BLUEPRINTS or not current_user.is_authenticated:
        return
    record = g.get("user_session")
    if record is None or not g.pop("renew_remember_cookie", False):
        return
    token = sessions.replace_token(record, now=utcnow())
    _continue_as(current_user._get_current_object(), record, token, remember=True, fresh=False)
    db.session.commit()


@bp.after_app_request
def _note_seen(response: Response) -> Response:
    """Keep "last seen" roughly current for the account page; refused requests change nothing."""
    record = g.get("user_session")
    if record is None or response.status_code >= 400:
        return response
    if sessions.note_seen(record, now=utcnow()):
        db.session.commit()
    return response
