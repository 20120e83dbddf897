"""Statements in the shape of the Experience API (xAPI 1.0.3), ready for a Learning Record Store.

Every statement names its learner by an *account* on this site (``homePage`` the site's address,
``name`` the learner's public id), never by an e-mail address: what an LRS receives identifies a
learner only to someone who can look the id up here. Activity ids are IRIs under the site's
address, one shape per kind of object::

    {base}/courses/{course}                          a course (context grouping)
    {base}/lessons/{lesson}                          a lesson (the object, or context parent)
    {base}/lessons/{lesson}/sections/{section}       a section read
    {base}/lessons/{lesson}/activities/{activity}    an activity answered

The verbs are ADL's (the ones cmi5 uses too). The cmi5 profile's own rules (a registration, the
cmi5 category, launched/initialized/terminated) apply to assignable units launched by a cmi5 LMS;
statements recorded here are not such a launch, so they carry none of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

VERSION = "1.0.3"

# Verbs, as stored in ``statement.verb``: the only place they are spelt.
EXPERIENCED = "experienced"  # a section read to its end
ANSWERED = "answered"  # an answer submitted to an activity
COMPLETED = "completed"  # a lesson's completion rules met, once
PROGRESSED = "progressed"  # active time spent in a lesson

# Object types, as stored in ``statement.object_type``.
LESSON = "lesson"
SECTION = "section"
ACTIVITY = "activity"
COURSE = "course"  # only ever in a statement's context

VERBS = {
    EXPERIENCED: "http://adlnet.gov/expapi/verbs/experienced",
    ANSWERED: "http://adlnet.gov/expapi/verbs/answered",
    COMPLETED: "http://adlnet.gov/expapi/verbs/completed",
    PROGRESSED: "http://adlnet.gov/expapi/verbs/progressed",
}
ACTIVITY_TYPES = {
    COURSE: "http://adlnet.gov/expapi/activities/course",
    LESSON: "http://adlnet.gov/expapi/activities/lesson",
    SECTION: "http://adlnet.gov/expapi/activities/module",
    ACTIVITY: "http://adlnet.gov/expapi/activities/interaction",
}
_PATHS = {SECTION: "sections", ACTIVITY: "activities"}


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def _segment(value: str) -> str:
    return quote(value, safe="")


def course_iri(base: str, course: str) -> str:
    return f"{base.rstrip('/')}/courses/{_segment(course)}"


def lesson_iri(base: str, lesson: str) -> str:
    return f"{base.rstrip('/')}/lessons/{_segment(lesson)}"


def object_iri(base: str, lesson: str, object_type: str, object_id: str) -> str:
    """The IRI of a stored statement's object (a lesson's own id is its slug)."""
    if object_type == LESSON:
        return lesson_iri(base, lesson or object_id)
    return f"{lesson_iri(base, lesson)}/{_PATHS[object_type]}/{_segment(object_id)}"


def _activity(iri: str, kind: str) -> dict[str, Any]:
    return {"objectType": "Activity", "id": iri, "definition": {"type": ACTIVITY_TYPES[kind]}}


def statement(
    *,
    statement_id: str,
    actor_name: str,
    home_page: str,
    verb: str,
    object_type: str,
    object_id: str,
    lesson: str,
    course: str | None,
    result: dict[str, Any] | None,
    timestamp: datetime,
    stored: datetime | None = None,
    platform: str | None = None,
) -> dict[str, Any]:
    """One stored row as a complete xAPI 1.0.3 statement.

    ``home_page`` is the site's address (activity ids are under it); ``stored`` is left out for
    an LRS, which sets it itself, and given for the learner's own download.
    """
    base = home_page.rstrip("/")
    context: dict[str, Any] = {}
    parents = []
    if object_type != LESSON:
        parents.append(_activity(lesson_iri(base, lesson), LESSON))
    elif course:
        parents.append(_activity(course_iri(base, course), COURSE))
    activities: dict[str, Any] = {"parent": parents} if parents else {}
    if course and object_type != LESSON:
        activities["grouping"] = [_activity(course_iri(base, course), COURSE)]
    if activities:
        context["contextActivities"] = activities
    if platform:
        context["platform"] = platform
    data: dict[str, Any] = {
        "id": statement_id,
        "actor": {"objectType": "Agent", "account": {"homePage": base + "/", "name": actor_name}},
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": _activity(object_iri(base, lesson, object_type, object_id), object_type),
        "timestamp": _iso(timestamp),
        "version": VERSION,
    }
    if result and (shaped := _result(result)):
        data["result"] = shaped
    if context:
        data["context"] = context
    if stored is not None:
        data["stored"] = _iso(stored)
    return data


def _result(result: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {}
    if result.get("score") is not None:
        shaped["score"] = _score(result["score"], result.get("max") or 0)
    for key in ("success", "completion"):
        if isinstance(result.get(key), bool):
            shaped[key] = result[key]
    if "response" in result:
        # An ungraded answer is stored as {"response": "saved"}: submitted, so complete. The
        # answer itself stays here (it may be personal writing), so no ``response`` is sent.
        shaped.setdefault("completion", True)
    if result.get("seconds") is not None:
        shaped["duration"] = f"PT{max(0, int(result['seconds']))}S"
    return shaped


def _score(raw: float, maximum: float) -> dict[str, Any]:
    """xAPI's rules: ``min < max``, ``min <= raw <= max`` and ``scaled`` in [-1, 1]; a score
    outside its range (or without one) is sent with ``raw`` alone rather than broken."""
    score: dict[str, Any] = {"raw": raw}
    if maximum > 0:
        score["scaled"] = round(min(1.0, max(-1.0, raw / maximum)), 4)
        if 0 <= raw <= maximum:
            score |= {"min": 0, "max": maximum}
    return score
