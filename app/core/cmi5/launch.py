"""A cmi5 launch as the AU reads it (cmi5 section 8): the LMS's query parameters, its
``LMS.LaunchData`` state document, and which moveOn statements are due."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
MAX_PARAMETER = 2000


class LaunchRefused(Exception):
    """A launch this AU can't run, with the reason to show."""


@dataclass(frozen=True)
class LaunchParameters:
    endpoint: str  # the LRS, ending in "/"
    fetch: str
    registration: str
    actor: dict[str, Any]
    activity_id: str


def _url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LaunchRefused(f"The LMS's {name} is not a web address: {value[:100]!r}.")
    return value


def read_parameters(query: dict[str, str]) -> LaunchParameters:
    values = {}
    for name in ("endpoint", "fetch", "registration", "actor", "activityId"):
        value = query.get(name, "")
        if not value:
            raise LaunchRefused(f"The LMS's launch has no {name}: launch the lesson from the LMS.")
        if len(value) > MAX_PARAMETER:
            raise LaunchRefused(f"The LMS's {name} is longer than this site accepts.")
        values[name] = value
    if not UUID.fullmatch(values["registration"]):
        raise LaunchRefused("The LMS's registration is not a UUID.")
    try:
        actor = json.loads(values["actor"])
    except ValueError as exc:
        raise LaunchRefused("The LMS's actor is not JSON.") from exc
    if not isinstance(actor, dict) or not isinstance(actor.get("account"), dict):
        raise LaunchRefused("The LMS's actor is not an Agent with an account (cmi5 8.1.2).")
    endpoint = _url("endpoint", values["endpoint"])
    return LaunchParameters(
        endpoint=endpoint if endpoint.endswith("/") else endpoint + "/",
        fetch=_url("fetch", values["fetch"]),
        registration=values["registration"].lower(),
        actor=actor,
        activity_id=_url("activityId", values["activityId"]),
    )


@dataclass(frozen=True)
class LaunchData:
    """What the LMS.LaunchData document says (cmi5 10.2.1)."""

    context_template: dict[str, Any]
    launch_mode: str = "Normal"  # Normal | Browse | Review
    move_on: str = "CompletedOrPassed"
    mastery_score: float | None = None
    return_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def read_launch_data(document: Any) -> LaunchData:
    if not isinstance(document, dict) or not isinstance(document.get("contextTemplate"), dict):
        raise LaunchRefused("The LMS's launch data has no contextTemplate (cmi5 10.2.1).")
    mastery = document.get("masteryScore")
    if mastery is not None and not (isinstance(mastery, int | float) and 0 <= mastery <= 1):
        raise LaunchRefused("The LMS's masteryScore is not a number from 0 to 1.")
    return_url = document.get("returnURL")
    return LaunchData(
        context_template=document["contextTemplate"],
        launch_mode=str(document.get("launchMode", "Normal")),
        move_on=str(document.get("moveOn", "CompletedOrPassed")),
        mastery_score=float(mastery) if mastery is not None else None,
        return_url=return_url if isinstance(return_url, str) else None,
    )


def due_statements(
    *,
    launch_mode: str,
    complete: bool,
    scaled: float | None,
    mastery_score: float | None,
    sent: set[str],
) -> list[str]:
    """The moveOn verbs to send now, in order (cmi5 9.3): none outside Normal mode; completed
    once the lesson is complete; then passed or failed once it is judged: against the LMS's
    masteryScore when it gave one, else passed on completion of a scored lesson. Each at most
    once per session (``sent``); never both passed and failed."""
    if launch_mode != "Normal" or not complete:
        return []
    due = [] if "completed" in sent else ["completed"]
    if scaled is not None and not sent & {"passed", "failed"}:
        passed = mastery_score is None or scaled >= mastery_score
        due.append("passed" if passed else "failed")
    return due
