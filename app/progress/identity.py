"""Who is learning: the signed-in user's learner, else the anonymous learner named by a signed,
HttpOnly cookie (created on the first save).

Only views call this module; services receive the learner as an argument.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from app.extensions import db
from app.progress.models import Learner
from app.security.headers import cookies_secure

COOKIE = "learner"
MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="learner")


def cookie_learner() -> Learner | None:
    """The anonymous learner named by this browser's cookie, if it is valid and still anonymous."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        public_id = _serializer().loads(token)
    except BadSignature:
        return None  # forged or from another installation: start afresh
    if not isinstance(public_id, str):
        return None
    learner = db.session.scalar(db.select(Learner).filter_by(public_id=public_id))
    return learner if learner is not None and learner.user_id is None else None


def user_learner(user_id: int) -> Learner:
    learner = db.session.scalar(db.select(Learner).filter_by(user_id=user_id))
    if learner is None:
        learner = Learner(user_id=user_id)
        db.session.add(learner)
        db.session.flush()
    return learner


def current_learner(create: bool = False) -> Learner | None:
    """The learner of this request; with ``create``, a new anonymous one if there is none."""
    if "learner" not in g:
        if current_user.is_authenticated:
            g.learner = user_learner(current_user.id)
        else:
            g.learner = cookie_learner()
    if g.learner is None and create:
        g.learner = Learner()
        db.session.add(g.learner)
        db.session.flush()
        g.learner_cookie = "set"
    return g.learner


def forget_anonymous_learner() -> None:
    """After signing in or out this browser's anonymous identity is no longer used."""
    g.learner_cookie = "delete"
    g.pop("learner", None)


def _update_cookie(response: Response) -> Response:
    action = g.get("learner_cookie")
    if action == "set" and g.get("learner") is not None:
        response.set_cookie(
            COOKIE,
            _serializer().dumps(g.learner.public_id),
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=cookies_secure(),
        )
    elif action == "delete":
        response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=cookies_secure())
    return response


def init_app(app: Flask) -> None:
    app.after_request(_update_cookie)
