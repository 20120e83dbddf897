"""Talking to the LMS of a cmi5 launch: its fetch URL (the auth token, once), its LRS's
``LMS.LaunchData`` state document, and the statements the AU sends. Sent synchronously with one
retry: a statement the LRS refuses twice is reported to the caller, not queued."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.exc import IntegrityError

from app.core.cmi5.launch import LaunchParameters, LaunchRefused
from app.learning.db import db
from app.learning.lti.remote import RemoteError, get_json, post
from app.learning.models.cmi5 import Cmi5MoveOn
from app.learning.models.learners import Learner, Statement
from app.learning.xapi_statements import as_xapi

XAPI_VERSION = "1.0.3"
TRIES = 2
MAX_FORWARDED = 500  # the site's own statements sent in one sync (the rest at the next)


def fetch_auth_token(fetch_url: str) -> str:
    """POST to the launch's fetch URL (cmi5 8.2): its one auth token, or :class:`LaunchRefused`."""
    try:
        _status, body = post(fetch_url, b"", {"Content-Type": "application/x-www-form-urlencoded"})
        answer = json.loads(body)
    except (RemoteError, ValueError) as exc:
        raise LaunchRefused(f"The LMS's fetch URL gave no auth token: {exc}") from exc
    found = answer.get("auth-token") if isinstance(answer, dict) else None
    if not isinstance(found, str) or not found:
        code = answer.get("error-code") if isinstance(answer, dict) else None
        raise LaunchRefused(
            f"The LMS's fetch URL refused to give an auth token (error {code}): launch again."
        )
    return found


def _headers(auth: str) -> dict[str, str]:
    return {"Authorization": f"Basic {auth}", "X-Experience-API-Version": XAPI_VERSION}


def launch_data(launch: LaunchParameters, auth: str) -> Any:
    query = urlencode(
        {
            "stateId": "LMS.LaunchData",
            "activityId": launch.activity_id,
            "agent": json.dumps(launch.actor),
            "registration": launch.registration,
        }
    )
    try:
        return get_json(f"{launch.endpoint}activities/state?{query}", _headers(auth))
    except RemoteError as exc:
        raise LaunchRefused(f"The LMS's launch data could not be read: {exc}") from exc


def send_statement(endpoint: str, auth: str, statement: dict[str, Any]) -> None:
    """POST one statement to the LRS; :class:`RemoteError` if it fails ``TRIES`` times."""
    body = json.dumps(statement).encode()
    headers = _headers(auth) | {"Content-Type": "application/json"}
    for attempt in range(TRIES):
        try:
            post(f"{endpoint}statements", body, headers)
            return
        except RemoteError:
            if attempt == TRIES - 1:
                raise


def send_statements(endpoint: str, auth: str, statements: list[dict[str, Any]]) -> None:
    """POST several statements at once (an array); :class:`RemoteError` if it fails ``TRIES``
    times."""
    if not statements:
        return
    body = json.dumps(statements).encode()
    headers = _headers(auth) | {"Content-Type": "application/json"}
    for attempt in range(TRIES):
        try:
            post(f"{endpoint}statements", body, headers)
            return
        except RemoteError:
            if attempt == TRIES - 1:
                raise


def own_statements_since(learner_id: int, since: datetime, home_page: str) -> list[dict[str, Any]]:
    """The learner's statements stored after ``since``, oldest first, as xAPI statements."""
    query = (
        db.select(Statement)
        .where(Statement.learner_id == learner_id, Statement.stored > since)
        .order_by(Statement.stored, Statement.id)
        .limit(MAX_FORWARDED)
    )
    learner = db.session.get(Learner, learner_id)
    rows = [(row, learner.public_id) for row in db.session.scalars(query)]
    return as_xapi(rows, home_page, with_stored=True)


def _au(registration: str, activity_id: str) -> str:
    return hashlib.sha256(f"{registration}\n{activity_id}".encode()).hexdigest()


def sent_move_on(registration: str, activity_id: str) -> set[str]:
    """The moveOn verbs already claimed for this AU in this registration."""
    query = db.select(Cmi5MoveOn.verb).filter_by(au=_au(registration, activity_id))
    verbs = set(db.session.scalars(query))
    db.session.rollback()  # read only
    return verbs


def claim_move_on(registration: str, activity_id: str, verbs: list[str]) -> bool:
    """Claim these verbs for sending, all or none: False if another request claimed any of them
    first (it sends them). Committed at once, so every other request sees the claim."""
    au = _au(registration, activity_id)
    db.session.add_all(Cmi5MoveOn(au=au, verb=verb) for verb in verbs)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def release_move_on(registration: str, activity_id: str, verbs: list[str]) -> None:
    """Give back claims whose statements the LRS did not take, so the next sync sends them."""
    au = _au(registration, activity_id)
    db.session.execute(db.delete(Cmi5MoveOn).where(Cmi5MoveOn.au == au, Cmi5MoveOn.verb.in_(verbs)))
    db.session.commit()
