"""The xAPI 1.0.3 rules a statement must keep (Data section 2.4), checked independently of the
code that builds statements: tests call :func:`problems` on what the app sends."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
# ISO 8601 durations as xAPI uses them (P…T…, seconds with at most two decimals matter).
DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)
LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def _timestamp(value: Any) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return moment.tzinfo is not None


def _activity(activity: Any, where: str) -> list[str]:
    found = []
    if not isinstance(activity, dict) or not IRI.match(str(activity.get("id", ""))):
        return [f"{where}: an Activity needs an IRI id"]
    if activity.get("objectType", "Activity") != "Activity":
        found.append(f"{where}: objectType must be Activity")
    kind = activity.get("definition", {}).get("type")
    if kind is not None and not IRI.match(kind):
        found.append(f"{where}: definition.type must be an IRI")
    return found


def problems(statement: dict[str, Any]) -> list[str]:
    """Every rule the statement breaks (empty: it conforms)."""
    found = []
    try:
        if str(uuid.UUID(statement["id"])) != statement["id"].lower():
            found.append("id must be a UUID in its canonical form")
    except (KeyError, ValueError, AttributeError):
        found.append("id must be a UUID")
    actor = statement.get("actor", {})
    ifis = [name for name in IFIS if name in actor]
    if len(ifis) != 1:
        found.append(f"the actor needs exactly one identifier, has {ifis}")
    elif ifis == ["account"]:
        account = actor["account"]
        if not IRI.match(str(account.get("homePage", ""))) or not account.get("name"):
            found.append("an account needs a homePage IRL and a name")
    if actor.get("objectType", "Agent") != "Agent":
        found.append("the actor must be an Agent")
    verb = statement.get("verb", {})
    if not IRI.match(str(verb.get("id", ""))):
        found.append("the verb needs an IRI id")
    if not verb.get("display") or not all(LANGUAGE.match(k) for k in verb["display"]):
        found.append("the verb's display must be a language map")
    found += _activity(statement.get("object"), "object")
    if "timestamp" in statement and not _timestamp(statement["timestamp"]):
        found.append("timestamp must be ISO 8601 with a time zone")
    if not str(statement.get("version", "1.0.0")).startswith("1.0."):
        found.append("version must be 1.0.x")
    result = statement.get("result", {})
    score = result.get("score", {})
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        found.append("score.scaled must be in [-1, 1]")
    if "min" in score and "max" in score and not score["min"] < score["max"]:
        found.append("score.max must be greater than score.min")
    if "raw" in score and not score.get("min", score["raw"]) <= score["raw"] <= score.get(
        "max", score["raw"]
    ):
        found.append("score.raw must be between min and max")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            found.append(f"result.{key} must be a boolean")
    if "duration" in result and not DURATION.match(result["duration"]):
        found.append("result.duration must be an ISO 8601 duration")
    for kind, activities in statement.get("context", {}).get("contextActivities", {}).items():
        if kind not in ("parent", "grouping", "category", "other"):
            found.append(f"contextActivities has no {kind}")
        for activity in activities if isinstance(activities, list) else [activities]:
            found += _activity(activity, f"context {kind}")
    return found
