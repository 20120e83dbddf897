"""Who is learning: the learner named by a signed, HttpOnly cookie, created on first save.

Only views call this module; services receive the learner as an argument.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

from app.extensions import db
from app.progress.models import Learner

COOKIE = "learner"
MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="learner")


def _from_cookie() -> Learner | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        public_id = _serializer().loads(token)
    except BadSignature:
        return None  # forged or from another installation: start afresh
    if not isinstance(public_id, str):
        return None
    return db.session.scalar(db.select(Learner).filter_by(public_id=public_id))


def current_learner(create: bool = False) -> Learner | None:
    """The learner of this request; with ``create``, a new anonymous one if there is none."""
    if "learner" not in g:
        g.learner = _from_cookie()
    if g.learner is None and create:
        g.learner = Learner()
        db.session.add(g.learner)
        db.session.flush()
        g.set_learner_cookie = True
    return g.learner


def _set_cookie(response: Response) -> Response:
    if g.get("set_learner_cookie") and g.get("learner") is not None:
        response.set_cookie(
            COOKIE,
            _serializer().dumps(g.learner.public_id),
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
    return response


def init_app(app: Flask) -> None:
    app.after_request(_set_cookie)
