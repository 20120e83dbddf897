"""xAPI statements as cmi5 wants them from an AU (cmi5 section 9): the verbs, the context built on
the LMS's ``contextTemplate`` (registration, the cmi5 category, the moveOn category for
completed/passed/failed, the session id), and results (score, success, completion, duration).

Pure, so other senders of statements (an outbox to an external LRS) can build theirs here too.
"""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime
from typing import Any

VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
}
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVE_ON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
MOVE_ON_VERBS = {"completed", "passed", "failed"}


def duration(seconds: float) -> str:
    """An ISO 8601 duration, as xAPI's ``result.duration`` takes it."""
    return f"PT{max(seconds, 0):.2f}S"


def _category(context: dict[str, Any], activity_id: str) -> None:
    categories = context.setdefault("contextActivities", {}).setdefault("category", [])
    if not any(c.get("id") == activity_id for c in categories):
        categories.append({"id": activity_id, "objectType": "Activity"})


def cmi5_statement(
    verb: str,
    *,
    actor: dict[str, Any],
    activity_id: str,
    registration: str,
    context_template: dict[str, Any],
    session_id: str,
    result: dict[str, Any] | None = None,
    mastery_score: float | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One cmi5-defined statement (``verb`` a key of :data:`VERBS`)."""
    context = copy.deepcopy(context_template)
    context["registration"] = registration
    _category(context, CMI5_CATEGORY)
    if verb in MOVE_ON_VERBS:
        _category(context, MOVE_ON_CATEGORY)
    extensions = context.setdefault("extensions", {})
    extensions.setdefault(SESSION_ID, session_id)
    if verb in ("passed", "failed") and mastery_score is not None:
        extensions[MASTERY_SCORE] = mastery_score
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {"id": activity_id, "objectType": "Activity"},
        "context": context,
        "timestamp": (now or datetime.now(UTC)).isoformat(),
    }
    if result:
        statement["result"] = result
    return statement


def allowed_statement(
    statement: dict[str, Any],
    *,
    actor: dict[str, Any],
    registration: str,
    context_template: dict[str, Any],
    session_id: str,
) -> dict[str, Any]:
    """One of the site's own statements as a cmi5 "allowed" statement (cmi5 9.6.6): the launch's
    actor, registration and session id, the LMS's context template under the statement's own
    context activities, and never the cmi5 category (that is for cmi5-defined statements)."""
    allowed = {k: v for k, v in statement.items() if k not in ("stored", "authority", "actor")}
    allowed["actor"] = actor
    context = copy.deepcopy(context_template)
    own = statement.get("context") or {}
    for key, value in own.items():
        if key == "contextActivities":
            merged = context.setdefault("contextActivities", {})
            for kind, activities in value.items():
                listed = merged.setdefault(kind, [])
                listed.extend(a for a in activities if a not in listed)
        elif key != "extensions":
            context.setdefault(key, value)
    context["registration"] = registration
    categories = context.get("contextActivities", {}).get("category", [])
    kept = [c for c in categories if c.get("id") not in (CMI5_CATEGORY, MOVE_ON_CATEGORY)]
    if categories:
        context["contextActivities"]["category"] = kept
    extensions = context.setdefault("extensions", {})
    extensions.update(own.get("extensions") or {})
    extensions.setdefault(SESSION_ID, session_id)
    allowed["context"] = context
    return allowed
