"""A lesson launched as a cmi5 AU: the launch reads the LMS's parameters, fetches the auth token
(once), reads LMS.LaunchData and sends ``initialized``; the lesson page's relay script then asks
for the moveOn statements due (``/cmi5/sync``) after each change, and ``/cmi5/terminate`` when
the learner leaves the page.

The LMS names its LRS in the launch, so this site would send requests wherever a link says:
only LMS origins listed in ``CMI5_LMS_ORIGINS`` are accepted. The auth token is kept in the
session (the learner's own credential for this registration, as a browser-side AU would hold it).
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.exceptions import BadRequest, NotFound

from app.core.cmi5.launch import LaunchRefused, due_statements, read_launch_data, read_parameters
from app.core.cmi5.statements import allowed_statement, cmi5_statement, duration
from app.learning.cmi5 import (
    claim_move_on,
    fetch_auth_token,
    launch_data,
    own_statements_since,
    release_move_on,
    send_statement,
    send_statements,
    sent_move_on,
)
from app.learning.db import db
from app.learning.lti.remote import RemoteError
from app.learning.models.courses import utcnow
from app.learning.scorm import learner_status, package_scope
from app.web.cmi5 import bp
from app.web.identity import learner_to_read, use_package_learner
from app.web.scorm.tokens import package_learner_id

LAUNCH = "cmi5_launch"
MARKER = "package_launch"  # a cookie the relay script reads: this browser is in a cmi5 launch


def _allowed(url: str) -> bool:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin in (current_app.config["CMI5_LMS_ORIGINS"] or ())


def _send(launch: dict, verb: str, result: dict | None = None) -> None:
    statement = cmi5_statement(
        verb,
        actor=launch["actor"],
        activity_id=launch["activity_id"],
        registration=launch["registration"],
        context_template=launch["context_template"],
        session_id=launch["session_id"],
        result=result,
        mastery_score=launch["mastery_score"],
    )
    send_statement(launch["endpoint"], launch["auth"], statement)


@bp.get("/launch/<slug>")
def launch(slug: str):
    """The AU's launch URL, as cmi5.xml names it (see the module)."""
    scope = package_scope("lesson", slug)
    try:
        found = read_parameters(request.args.to_dict())
        if not (_allowed(found.endpoint) and _allowed(found.fetch)):
            raise LaunchRefused(
                "This LMS is not one this site accepts cmi5 launches from: an administrator"
                " adds its origin to CMI5_LMS_ORIGINS."
            )
        auth = fetch_auth_token(found.fetch)
        data = read_launch_data(launch_data(found, auth))
    except LaunchRefused as exc:
        raise BadRequest(str(exc)) from exc
    state = {
        "slug": scope.slug,
        "endpoint": found.endpoint,
        "auth": auth,
        "registration": found.registration,
        "actor": found.actor,
        "activity_id": found.activity_id,
        "context_template": data.context_template,
        "session_id": str(uuid.uuid4()),
        "launch_mode": data.launch_mode,
        "mastery_score": data.mastery_score,
        "return_url": data.return_url,
        "started": time.time(),
        "synced_at": utcnow().isoformat(),  # the site's own statements after this go to the LRS
    }
    try:
        _send(state, "initialized")
    except RemoteError as exc:
        raise BadRequest(f"The LMS's LRS did not take the launch's first statement: {exc}") from exc
    if current_user.is_authenticated:
        logout_user()
    account = found.actor["account"]
    lms_learner = f"{account.get('homePage', '')}\n{account.get('name', '')}"
    use_package_learner(package_learner_id("cmi5", "", lms_learner))
    session[LAUNCH] = state
    response = redirect(url_for("lessons.lesson", slug=scope.slug), code=303)
    response.set_cookie(MARKER, "cmi5", samesite="Lax", secure=request.is_secure)
    return response


def _launch_or_404() -> dict:
    state = session.get(LAUNCH)
    if not isinstance(state, dict):
        raise NotFound("This browser session was not launched as a cmi5 AU.")
    return state


def _forward_own(state: dict) -> str | None:
    """Send the learner's own statements (answered, experienced, progressed, completed) stored
    since the last sync to the LMS's LRS as cmi5 "allowed" statements; a reason if it refused."""
    learner = learner_to_read()
    if learner is None:
        return None
    since = datetime.fromisoformat(state.get("synced_at") or utcnow().isoformat())
    home_page = current_app.config["PUBLIC_URL"] or request.url_root
    own = own_statements_since(learner.id, since, home_page)
    db.session.rollback()  # read only
    if not own:
        return None
    allowed = [
        allowed_statement(
            statement,
            actor=state["actor"],
            registration=state["registration"],
            context_template=state["context_template"],
            session_id=state["session_id"],
        )
        for statement in own
    ]
    try:
        send_statements(state["endpoint"], state["auth"], allowed)
    except RemoteError as exc:
        return f"The LMS's LRS did not take this lesson's statements: {exc}"
    state["synced_at"] = max(s["stored"] for s in own)
    session[LAUNCH] = state
    return None


@bp.post("/sync")
def sync():
    """Send the moveOn statements the learner's progress now calls for (cmi5 9.3), each once per
    registration: claimed in the database before it is sent (``Cmi5MoveOn``)."""
    state = _launch_or_404()
    status = learner_status(learner_to_read(), package_scope("lesson", state["slug"]))
    db.session.rollback()  # read only
    scaled = status["score"]["scaled"] if status["score"] else None
    registration, activity_id = state["registration"], state["activity_id"]
    due = due_statements(
        launch_mode=state["launch_mode"],
        complete=status["complete"],
        scaled=scaled,
        mastery_score=state["mastery_score"],
        sent=sent_move_on(registration, activity_id),
    )
    if due and not claim_move_on(registration, activity_id, due):
        due = []  # another request of this registration is sending them
    took = duration(time.time() - state["started"])
    for number, verb in enumerate(due):
        result: dict = {"duration": took}
        if verb == "completed":
            result["completion"] = True
        else:
            result["success"] = verb == "passed"
            result["score"] = {"scaled": scaled}
        try:
            _send(state, verb, result)
        except RemoteError as exc:
            release_move_on(registration, activity_id, due[number:])
            return jsonify(message=f"The LMS's LRS did not take {verb}: {exc}"), 502
    problem = _forward_own(state)
    if problem:
        return jsonify(message=problem, sent=due), 502
    return jsonify(sent=due)


@bp.post("/terminate")
def terminate():
    """The learner left the AU: send ``terminated`` and end the launch (cmi5 9.3.8)."""
    state = _launch_or_404()
    _forward_own(state)  # what happened since the last sync, before the session ends
    session.pop(LAUNCH)
    try:
        _send(state, "terminated", {"duration": duration(time.time() - state["started"])})
    except RemoteError as exc:
        return jsonify(message=f"The LMS's LRS did not take terminated: {exc}"), 502
    response = jsonify(returnURL=state["return_url"])
    response.delete_cookie(MARKER)
    return response
