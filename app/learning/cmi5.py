"""Talking to the LMS of a cmi5 launch: its fetch URL (the auth token, once), its LRS's
``LMS.LaunchData`` state document, and the statements the AU sends. Sent synchronously with one
retry: a statement the LRS refuses twice is reported to the caller, not queued."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from app.core.cmi5.launch import LaunchParameters, LaunchRefused
from app.learning.lti.remote import RemoteError, get_json, post

XAPI_VERSION = "1.0.3"
TRIES = 2


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
