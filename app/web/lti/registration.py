"""Dynamic registration: the address an LMS administrator pastes into the LMS, which then opens
it (in a frame or window) with its OpenID configuration. Made by this site's administrators on
the LMS page, signed and valid for a day."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g, render_template, request, url_for
from werkzeug.exceptions import NotFound

from app.learning.db import db
from app.learning.lti.dynamic_registration import (
    key_is_valid,
    register_dynamically,
    registration_key,
)
from app.learning.lti.platforms import RegistrationError
from app.web.lti import bp
from app.web.lti.views import tool_configuration

LINK_HOURS = 24
MAX_FIELD = 2000


def registration_link() -> str:
    key = registration_key(current_app.config["SECRET_KEY"])
    return url_for("lti.register", key=key, _external=True)


@bp.get("/register/<key>")
def register(key: str):
    if not key_is_valid(key, current_app.config["SECRET_KEY"], LINK_HOURS * 3600):
        raise NotFound(
            "This registration link is not valid (or more than a day old): make a new one."
        )
    configuration = request.args.get("openid_configuration", "")
    if not configuration or len(configuration) > MAX_FIELD:
        return render_template(
            "lti/registered.html",
            problem="Open this address from your LMS's tool registration (it adds "
            "openid_configuration).",
        ), 400
    parts = urlsplit(configuration)
    if parts.scheme in ("http", "https") and parts.netloc:
        g.frame_ancestors = f"{parts.scheme}://{parts.netloc}"  # the LMS shows this page
    token = request.args.get("registration_token", "")[:MAX_FIELD] or None
    try:
        platform = register_dynamically(configuration, token, tool_configuration())
    except RegistrationError as exc:
        db.session.rollback()
        return render_template("lti/registered.html", problem=str(exc)), 400
    db.session.commit()
    return render_template("lti/registered.html", platform=platform)
