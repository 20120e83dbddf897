"""Statements in the shape of the Experience API (xAPI 1.0.3), ready for a Learning Record Store."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

# Verbs, as stored in ``statement.verb``: the only place they are spelt.
EXPERIENCED = "experienced"  # a section read to its end
ANSWERED = "answered"  # an answer submitted to an activity
COMPLETED = "completed"  # a lesson's completion rules met, once
PROGRESSED = "progressed"  # active time spent in a lesson

# Object types, as stored in ``statement.object_type``.
LESSON = "lesson"
SECTION = "section"
ACTIVITY = "activity"

VERBS = {
    EXPERIENCED: "http://adlnet.gov/expapi/verbs/experienced",
    ANSWERED: "http://adlnet.gov/expapi/verbs/answered",
    COMPLETED: "http://adlnet.gov/expapi/verbs/completed",
    PROGRESSED: "http://adlnet.gov/expapi/verbs/progressed",
}
ACTIVITY_TYPES = {
    LESSON: "http://adlnet.gov/expapi/activities/lesson",
    SECTION: "http://adlnet.gov/expapi/activities/module",
    ACTIVITY: "http://adlnet.gov/expapi/activities/interaction",
}


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def statement(
    *,
    statement_id: str,
    actor_name: str,
    home_page: str,
    verb: str,
    object_type: str,
    object_iri: str,
    result: dict[str, Any] | None,
    timestamp: datetime,
    stored: datetime,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": statement_id,
        "actor": {"objectType": "Agent", "account": {"homePage": home_page, "name": actor_name}},
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": object_iri,
            "definition": {"type": ACTIVITY_TYPES[object_type]},
        },
        "timestamp": _iso(timestamp),
        "stored": _iso(stored),
    }
    if result:
        data["result"] = _result(result)
    return data


def _result(result: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {}
    if "score" in result:
        raw, maximum = result["score"], result.get("max") or 0
        shaped["score"] = {"raw": raw, "min": 0, "max": maximum}
        if maximum:
            shaped["score"]["scaled"] = round(raw / maximum, 4)
    for key in ("success", "completion", "response"):
        if key in result:
            shaped[key] = result[key]
    if "seconds" in result:
        shaped["duration"] = f"PT{int(result['seconds'])}S"
    return shaped
