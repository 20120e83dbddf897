"""Who is learning: the signed-in user's learner, else the anonymous learner named by a signed,
HttpOnly cookie.

The cookie is handed out on the first visit, before anything is saved; the learner's row is
created on the first save, under the public id the cookie already carries. So two tabs that save
for the first time at the same moment share one learner instead of racing to create two.
Only views call this module; services receive the learner as an argument.

The cookie is a bearer credential: whoever holds it is that anonymous learner. Its value is the
learner's random public id (128 bits) and the time it was issued, signed with SECRET_KEY (HMAC,
itsdangerous; readable, not encrypted). It lives ``LEARNER_COOKIE_MAX_AGE`` (90 days by default):
the browser drops it then, and the server refuses a cookie whose signed issue time is older,
so a copied cookie stops working too. A cookie in use is issued again, with a new time, once it
is ``LEARNER_COOKIE_RENEW_AFTER`` old (a day), so a learner who comes back keeps their progress
and one who stays away longer than the lifetime starts afresh. Cookies from before the issue time
was signed carry none; ``LEARNER_COOKIE_ACCEPT_UNDATED`` says whether they are still honoured
(and replaced by a dated one) or refused.

A browser sends the same cookie with every request, so each value's signature is checked once
(:mod:`app.web.signed_cookies`); its age is compared with the lifetime on every request.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from itsdangerous import BadData, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError

from app.learning.db import db
from app.learning.lesson_read import BY_PUBLIC_ID, BY_USER_ID
from app.learning.models.learners import Learner, LearnerRef
from app.web.security.headers import cookies_secure
from app.web.signed_cookies import Verified, checked_loads

COOKIE = "learner"
SALT = "learner"
# A SCORM package launch (app.web.scorm) names its learner in the session, not in the cookie:
# the session is the cookie an LMS's frame gets (app.web.lti.framing).
PACKAGE_LEARNER = "package_learner"
_verified = Verified()


@lru_cache(maxsize=4)
def _serializer_for(secret_key: str | bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def _serializer() -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


def _undated_serializer() -> URLSafeSerializer:
    """The cookie as it was signed before it carried its issue time."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _max_age() -> int:
    return int(current_app.config["LEARNER_COOKIE_MAX_AGE"])


def _read_cookie() -> tuple[str, datetime | None] | None:
    """The public id in this browser's learner cookie and when the cookie was issued (None: an
    undated cookie), if the cookie is genuine and not older than its lifetime."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    secret_key = current_app.config["SECRET_KEY"]
    try:
        public_id, signed_at = checked_loads(
            _verified, secret_key, _serializer_for(secret_key), token, _max_age()
        )
        issued = datetime.fromtimestamp(signed_at, UTC)
    except SignatureExpired:
        return None  # older than its lifetime: start afresh
    except BadData:  # forged, from another installation, or undated
        if token.count(".") != 1 or not current_app.config["LEARNER_COOKIE_ACCEPT_UNDATED"]:
            return None  # an undated cookie is "payload.signature"; a dated one has a time too
        try:
            public_id, issued = _undated_serializer().loads(token), None
        except BadData:
            return None  # start afresh
    if not (isinstance(public_id, str) and len(public_id) == 32):
        return None
    return public_id, issued


def _cookie_public_id() -> str | None:
    """The public id in this browser's learner cookie, if the cookie is genuine and current."""
    cookie = _read_cookie()
    return cookie[0] if cookie else None


def _due_for_renewal(issued: datetime | None) -> bool:
    if issued is None:
        return True  # undated: replace it with a dated cookie
    renew_after = timedelta(seconds=int(current_app.config["LEARNER_COOKIE_RENEW_AFTER"]))
    return datetime.now(UTC) - issued >= renew_after


def browser_public_id() -> str:
    """This browser's anonymous identity; a new one (sent with the response) when it has none.
    A cookie that has been in use for a while is sent again with a new issue time."""
    if "learner_public_id" not in g:
        launched = session.get(PACKAGE_LEARNER) if session else None
        if isinstance(launched, str) and len(launched) == 32:
            g.learner_public_id = launched
            return launched
        cookie = _read_cookie()
        if cookie is None:
            public_id = uuid.uuid4().hex
            g.learner_cookie = "set"
        else:
            public_id, issued = cookie
            if _due_for_renewal(issued) and g.get("learner_cookie") is None:
                g.learner_cookie = "set"
        g.learner_public_id = public_id
    return g.learner_public_id


def cookie_learner() -> Learner | None:
    """The anonymous learner named by this browser's cookie, if it has saved anything."""
    public_id = _cookie_public_id()
    if public_id is None:
        return None
    learner = db.session.scalar(db.select(Learner).filter_by(public_id=public_id))
    return learner if learner is not None and learner.user_id is None else None


def user_learner(user_id: int) -> Learner:
    """The account's learner, made on its first save; several first saves at once share one."""
    query = db.select(Learner).filter_by(user_id=user_id)
    learner = db.session.scalar(query)
    if learner is None:
        try:
            with db.session.begin_nested():  # another request of this user may be making it now
                learner = Learner(user_id=user_id)
                db.session.add(learner)
        except IntegrityError:
            learner = db.session.scalar(query)
    return learner


@cache
def _by_public_id():
    """Built once (building a statement costs as much as running it)."""
    return db.select(Learner).where(Learner.public_id == bindparam("public_id"))


def _anonymous_learner(create: bool) -> Learner | None:
    public_id = browser_public_id()
    learner = db.session.scalar(_by_public_id(), {"public_id": public_id})
    if learner is not None and learner.user_id is not None:
        # The id now belongs to an account (merged at sign-in): this browser starts afresh.
        g.learner_public_id, g.learner_cookie = uuid.uuid4().hex, "set"
        return _anonymous_learner(create)
    if learner is None and create:
        try:
            with db.session.begin_nested():  # another tab may be creating it right now
                learner = Learner(public_id=public_id)
                db.session.add(learner)
        except IntegrityError:
            learner = db.session.scalar(db.select(Learner).filter_by(public_id=public_id))
    return learner


def current_learner(create: bool = False) -> Learner | None:
    """The learner of this request; with ``create``, the browser's anonymous one is made real."""
    if g.get("learner") is None:
        if current_user.is_authenticated:
            g.learner = user_learner(current_user.id)
        else:
            g.learner = _anonymous_learner(create)
    return g.learner


@cache
def _row_by_public_id():
    """Built once: the learner's columns, no ORM instance."""
    return db.select(Learner.id, Learner.public_id, Learner.user_id, Learner.created_at).where(
        Learner.public_id == bindparam("public_id")
    )


def learner_to_read() -> Learner | LearnerRef | None:
    """The learner of this request, for a page that only reads: as :func:`current_learner` for
    a signed-in user, as plain values for an anonymous one (never made real here)."""
    if current_user.is_authenticated or g.get("learner") is not None:
        return current_learner()
    public_id = browser_public_id()
    row = db.session.connection().execute(_row_by_public_id(), {"public_id": public_id}).first()
    if row is None:
        return None
    if row.user_id is not None:
        # The id now belongs to an account (merged at sign-in): this browser starts afresh.
        g.learner_public_id, g.learner_cookie = uuid.uuid4().hex, "set"
        return None
    return LearnerRef(row.id, row.public_id, row.user_id, row.created_at)


def use_package_learner(public_id: str) -> None:
    """From now on this browser session is the anonymous learner ``public_id`` of a package
    (the browser's own learner cookie is left as it is, for when it is not in a launch)."""
    g.pop("learner", None)
    g.pop("learner_public_id", None)
    g.pop("learner_cookie", None)
    session[PACKAGE_LEARNER] = public_id


def reader() -> tuple[str, str | int]:
    """How a page that reads its learner with its other rows names them: by account when
    signed in, else by this browser's public id (see :func:`read_learner`)."""
    if current_user.is_authenticated:
        return BY_USER_ID, current_user.id
    return BY_PUBLIC_ID, browser_public_id()


def read_learner(learner: LearnerRef | None, merged: bool) -> Learner | LearnerRef | None:
    """The learner a page read by :func:`reader`, as :func:`learner_to_read` returns them: an
    anonymous id that now belongs to an account starts this browser afresh, and a signed-in
    user's learner is made on their first visit."""
    if merged:
        g.learner_public_id, g.learner_cookie = uuid.uuid4().hex, "set"
        return None
    if learner is None and current_user.is_authenticated:
        return current_learner()
    return learner


def forget_anonymous_learner() -> None:
    """After signing in or out this browser's anonymous identity is no longer used."""
    session.pop(PACKAGE_LEARNER, None)
    g.learner_cookie = "delete"
    g.pop("learner", None)
    g.pop("learner_public_id", None)


def _update_cookie(response: Response) -> Response:
    action = g.get("learner_cookie")
    if action == "set" and not current_user.is_authenticated:
        response.set_cookie(
            COOKIE,
            _serializer().dumps(browser_public_id()),
            max_age=_max_age(),
            httponly=True,
            samesite="Lax",
            secure=cookies_secure(),
        )
    elif action == "delete":
        response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=cookies_secure())
    return response


def _hand_out_identity() -> None:
    """Every page a browser opens gives it an anonymous identity, if it has none yet."""
    if request.blueprint in (None, "audio", "media") or current_user.is_authenticated:
        return  # static files, audio and images: pages hand out identities, not their assets
    browser_public_id()


def init_app(app: Flask) -> None:
    app.before_request(_hand_out_identity)
    app.after_request(_update_cookie)
