"""Deep linking: an instructor in the LMS picks lessons (or one activity of a lesson) from this
catalog, and the answer — a JWT signed with this tool's key — places them in the LMS course.

The picker's form is protected by the login's state (random, single use, known only to this
browser and the LMS) rather than the session's CSRF token: in the LMS's third-party iframe the
session cookie may not be sent back.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import render_template, request, url_for
from joserfc import jwt
from werkzeug.exceptions import BadRequest, Forbidden

from app.core.lti import deep_linking as dl
from app.core.lti.launch import Launch
from app.learning.db import db
from app.learning.lesson_queries import course_list, require_published_content
from app.learning.lti.keys import signing_key
from app.learning.models.lti import LtiLogin, LtiPlatform
from app.web.extensions import csrf
from app.web.lti import bp
from app.web.security.headers import CONTENT_SECURITY_POLICY


def picker(launch: Launch, login: LtiLogin, platform: LtiPlatform):
    if not launch.is_staff:
        raise Forbidden("Only instructors of the LMS course can add lessons from this site.")
    return render_template(
        "lti/pick.html",
        courses=course_list(),
        state=login.state,
        several=dl.accepts_several(login.deep_linking or {}),
        platform=platform,
    )


def _login_for(state: str) -> LtiLogin:
    login = db.session.scalar(db.select(LtiLogin).filter_by(state=state).with_for_update())
    if login is None or login.used_at is None or not login.deep_linking:
        raise BadRequest("This choice does not belong to a deep-linking launch: launch again.")
    if login.deep_linking.get("answered"):
        raise BadRequest("This choice was already sent to the LMS: launch again to add more.")
    return login


def _items(chosen: list[str]) -> list[dl.Item]:
    items = []
    for value in chosen:
        slug, _, activity = value.partition("#")
        try:
            content = require_published_content(slug)
        except Exception as exc:  # NotFound, or a lesson that no longer parses
            raise BadRequest(f"There is no published lesson {slug!r} to add.") from exc
        url = url_for("lessons.lesson", slug=slug, _external=True)
        title = content.title
        if activity:
            found = content.activities.get(activity)
            if found is None:
                raise BadRequest(f"The lesson {slug!r} has no activity {activity!r}.")
            url += f"#{activity}"
            title = f"{content.title}: {found.title or activity}"
        items.append(dl.Item(title=title, url=url))
    return items


@bp.post("/deep-link")
@csrf.exempt
def answer():
    login = _login_for(request.form.get("state", ""))
    chosen = [v for v in request.form.getlist("item") if v][:50]
    settings = dict(login.deep_linking)
    if len(chosen) > 1 and not dl.accepts_several(settings):
        raise BadRequest("The LMS takes one item here: choose one lesson.")
    items = _items(chosen)
    platform = db.session.get(LtiPlatform, login.platform_id)
    claims = dl.response_claims(
        client_id=platform.client_id,
        issuer=platform.issuer,
        deployment_id=login.deployment_id or "",
        settings=settings,
        items=items,
        now=int(time.time()),
    )
    key = signing_key()
    signed = jwt.encode({"alg": "RS256", "kid": key.kid, "typ": "JWT"}, claims, key)
    login.deep_linking = {**settings, "answered": True}
    db.session.commit()
    return_url = settings["deep_link_return_url"]
    response = render_template("lti/return.html", return_url=return_url, jwt=signed, items=items)
    # The answer is a form the browser posts to the LMS: this page alone may post there.
    policy = CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {_origin(return_url)}", 1
    )
    return response, 200, {"Content-Security-Policy": policy}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
