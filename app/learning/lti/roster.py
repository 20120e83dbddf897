"""Names and Role Provisioning: an LMS course's roster, beside what each member did here.

A launch from an LMS course records the course (its context) and the lesson; when the LMS
offers the roster service, instructors read the roster (each member's name, roles and status)
with, for the lessons launched from that course, who has started and who has completed them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.lti.launch import Launch, is_staff
from app.core.rules import xapi
from app.learning.db import db
from app.learning.lti.remote import RemoteError, get_json
from app.learning.lti.tokens import access_token
from app.learning.models.courses import Lesson, utcnow
from app.learning.models.learners import Learner, Statement
from app.learning.models.lti import LtiAccount, LtiContext, LtiContextLesson, LtiPlatform

ROSTER_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ROSTER_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


def remember_context(platform: LtiPlatform, launch: Launch, lesson_id: int | None) -> None:
    """Keep the launch's LMS course (and where its roster is) and the lesson it launched."""
    if not launch.context_id:
        return
    context = db.session.scalar(
        db.select(LtiContext).filter_by(platform_id=platform.id, context_id=launch.context_id)
    )
    if context is None:
        context = LtiContext(platform_id=platform.id, context_id=launch.context_id)
        db.session.add(context)
    context.title = (launch.context_title or "")[:255] or None
    context.roster_url = launch.roster_url or context.roster_url
    context.updated_at = utcnow()
    db.session.flush()
    if lesson_id is not None:
        known = db.session.scalar(
            db.select(LtiContextLesson.id).filter_by(context_pk=context.id, lesson_id=lesson_id)
        )
        if known is None:
            db.session.add(LtiContextLesson(context_pk=context.id, lesson_id=lesson_id))
            db.session.flush()


def contexts_of_lesson(lesson_id: int) -> list[LtiContext]:
    """The LMS courses that launched this lesson, most recent first."""
    return list(
        db.session.scalars(
            db.select(LtiContext)
            .join(LtiContextLesson, LtiContextLesson.context_pk == LtiContext.id)
            .where(LtiContextLesson.lesson_id == lesson_id)
            .order_by(LtiContext.updated_at.desc())
        )
    )


def contexts() -> list[LtiContext]:
    return list(db.session.scalars(db.select(LtiContext).order_by(LtiContext.updated_at.desc())))


@dataclass(frozen=True)
class Member:
    subject: str
    name: str | None
    email: str | None
    roles: tuple[str, ...]
    status: str
    started: tuple[str, ...]  # slugs of this course's launched lessons the member started
    completed: tuple[str, ...]

    @property
    def is_staff(self) -> bool:
        return is_staff(self.roles)


def _members(context: LtiContext) -> list[dict[str, Any]]:
    bearer = access_token(context.platform, ROSTER_SCOPE)
    found = get_json(
        context.roster_url, {"Accept": ROSTER_TYPE, "Authorization": f"Bearer {bearer}"}
    )
    members = found.get("members") if isinstance(found, dict) else None
    if not isinstance(members, list):
        raise RemoteError(f"{context.roster_url} gave no members")
    return [m for m in members if isinstance(m, dict) and isinstance(m.get("user_id"), str)]


def lessons_of(context: LtiContext) -> list[Lesson]:
    return list(
        db.session.scalars(
            db.select(Lesson)
            .join(LtiContextLesson, LtiContextLesson.lesson_id == Lesson.id)
            .where(LtiContextLesson.context_pk == context.id)
            .order_by(Lesson.title)
        )
    )


def roster(context: LtiContext) -> list[Member]:
    """The LMS's roster with each member's progress here (RemoteError if the LMS fails)."""
    if not context.roster_url:
        raise RemoteError("This LMS course offers no roster (Names and Role Provisioning).")
    members = _members(context)
    lessons = {lesson.id: lesson.slug for lesson in lessons_of(context)}
    subjects = [m["user_id"] for m in members]
    rows = db.session.execute(
        db.select(LtiAccount.subject, Statement.lesson_id, Statement.verb)
        .join(Learner, Learner.user_id == LtiAccount.user_id)
        .join(Statement, Statement.learner_id == Learner.id)
        .where(
            LtiAccount.platform_id == context.platform_id,
            LtiAccount.subject.in_(subjects),
            Statement.lesson_id.in_(lessons),
        )
        .distinct()
    )
    started: dict[str, set[str]] = {}
    completed: dict[str, set[str]] = {}
    for subject, lesson_id, verb in rows:
        started.setdefault(subject, set()).add(lessons[lesson_id])
        if verb == xapi.COMPLETED:
            completed.setdefault(subject, set()).add(lessons[lesson_id])
    return [
        Member(
            subject=m["user_id"],
            name=m.get("name") if isinstance(m.get("name"), str) else None,
            email=m.get("email") if isinstance(m.get("email"), str) else None,
            roles=tuple(r for r in m.get("roles", []) if isinstance(r, str)),
            status=m.get("status") if isinstance(m.get("status"), str) else "Active",
            started=tuple(sorted(started.get(m["user_id"], ()))),
            completed=tuple(sorted(completed.get(m["user_id"], ()))),
        )
        for m in members
    ]
