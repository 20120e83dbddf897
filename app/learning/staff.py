"""Who may author which course: its staff and the admins. Callers commit, or roll back when a
change is refused (a refusal may come after the change was flushed).

The rules, in one place so that pages and commands ask the same questions:

- an admin may author every course and choose the staff of every course;
- an instructor may author a course only while on its staff (as owner or editor), and may
  choose its staff only as an owner;
- nobody else may, including staff whose account is no longer an instructor's;
- a course that has an owner keeps one: the last owner can't be removed, made an editor, or
  delete their account until someone else is an owner.

A course with no staff (one imported from files) is authored by admins alone until an admin
adds staff (on the course's staff page or with ``flask courses staff add``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from app.learning.db import db
from app.learning.errors import Conflict, Forbidden, LearningError, NotFound
from app.learning.models.accounts import User
from app.learning.models.courses import Course
from app.learning.models.staff import OWNER, STAFF_ROLES, CourseStaff

TEACHING_ROLES = ("instructor", "admin")


def _is_admin(user: User) -> bool:
    return user.role == "admin"


def staff_role(user: User, course: Course) -> str | None:
    """``owner`` or ``editor`` when the user is on the course's staff, else None (whatever the
    user's account role: see :func:`can_edit` for what the role allows)."""
    return db.session.scalar(
        db.select(CourseStaff.role).filter_by(course_id=course.id, user_id=user.id)
    )


def can_edit(user: User, course: Course) -> bool:
    """May author the course: its lessons, their revisions, order and publishing, analytics and
    reviews of its learners' answers."""
    if _is_admin(user):
        return True
    return user.role == "instructor" and staff_role(user, course) is not None


def can_manage_staff(user: User, course: Course) -> bool:
    """May choose who is on the course's staff."""
    if _is_admin(user):
        return True
    return user.role == "instructor" and staff_role(user, course) == OWNER


def require_can_edit(user: User, course: Course) -> None:
    if not can_edit(user, course):
        raise Forbidden(
            f"Only the staff of “{course.title}” can work on it. Ask one of its owners or an "
            "admin to add you."
        )


def require_can_manage_staff(user: User, course: Course) -> None:
    if not can_manage_staff(user, course):
        raise Forbidden(f"Only the owners of “{course.title}” and admins can choose its staff.")


@dataclass(frozen=True)
class CourseAccess:
    """A course on someone's instructor home, and what they are to it."""

    course: Course
    role: str  # owner | editor | admin (an admin who is not on the course's staff)
    can_manage_staff: bool


def courses_for(user: User) -> list[CourseAccess]:
    """The courses the user may author, in catalogue order: every course for an admin, the
    courses they are on the staff of for an instructor, none for anyone else."""
    if user.role not in TEACHING_ROLES:
        return []
    roles = dict(
        db.session.execute(
            db.select(CourseStaff.course_id, CourseStaff.role).filter_by(user_id=user.id)
        ).all()
    )
    query = db.select(Course).options(selectinload(Course.lessons)).order_by(Course.position)
    if not _is_admin(user):
        query = query.filter(Course.id.in_(roles))
    return [
        CourseAccess(
            course=course,
            role=roles.get(course.id, "admin"),
            can_manage_staff=_is_admin(user) or roles.get(course.id) == OWNER,
        )
        for course in db.session.scalars(query)
    ]


def staff_of(course: Course) -> list[CourseStaff]:
    """The course's staff, owners first, each by e-mail address."""
    query = (
        db.select(CourseStaff)
        .join(User, User.id == CourseStaff.user_id)
        .options(selectinload(CourseStaff.user))
        .filter(CourseStaff.course_id == course.id)
        .order_by(CourseStaff.role.desc(), User.email)
    )
    return list(db.session.scalars(query))


def account_by_email(email: str) -> User:
    """The account with this address (compared as accounts store it: trimmed, lowercase)."""
    email = email.strip().lower()
    user = db.session.scalar(db.select(User).filter_by(email=email))
    if user is None:
        raise NotFound(
            f"There is no account for {email}. They sign up first; then an admin makes them an "
            "instructor."
        )
    return user


def teacher_by_email(email: str) -> User:
    """The account with this address, which must be an instructor's or an admin's: only they
    can be on a course's staff."""
    user = account_by_email(email)
    if user.role not in TEACHING_ROLES:
        raise LearningError(
            f"{user.email} is not an instructor. An admin makes them one first (flask users "
            "create --role instructor)."
        )
    return user


def add_staff(course: Course, user: User, role: str) -> CourseStaff:
    """Put the user on the course's staff with this role, or give them this role if they are on
    it already (making the last owner an editor is refused)."""
    if role not in STAFF_ROLES:
        raise LearningError(f"A course's staff are {' or '.join(STAFF_ROLES)}s, not “{role}”.")
    if user.role not in TEACHING_ROLES:
        raise LearningError(f"{user.email} is not an instructor, so can't be on a course's staff.")
    _lock_staff(course)
    member = db.session.get(CourseStaff, (course.id, user.id))
    if member is None:
        member = CourseStaff(course_id=course.id, user_id=user.id, role=role)
        db.session.add(member)
        db.session.flush()
        return member
    was = member.role
    member.role = role
    db.session.flush()
    if was == OWNER and role != OWNER:
        _keep_an_owner(course, user)
    return member


def remove_staff(course: Course, user: User) -> None:
    """Take the user off the course's staff (the last owner can't be taken off)."""
    _lock_staff(course)
    member = db.session.get(CourseStaff, (course.id, user.id))
    if member is None:
        raise NotFound(f"{user.email} is not on the staff of “{course.title}”.")
    was = member.role
    db.session.delete(member)
    db.session.flush()
    if was == OWNER:
        _keep_an_owner(course, user)


def sole_owned_courses(user: User) -> list[Course]:
    """The courses that would be left without an owner if this user's account went."""
    owned = db.select(CourseStaff.course_id).filter_by(user_id=user.id, role=OWNER)
    courses = db.session.scalars(
        db.select(Course).filter(Course.id.in_(owned)).order_by(Course.position)
    )
    return [course for course in courses if _owners(course, besides=user) == 0]


def _owners(course: Course, besides: User) -> int:
    """How many owners, other than ``besides``, can still act as owners (are instructors or
    admins)."""
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(CourseStaff)
        .join(User, User.id == CourseStaff.user_id)
        .filter(
            CourseStaff.course_id == course.id,
            CourseStaff.role == OWNER,
            CourseStaff.user_id != besides.id,
            User.role.in_(TEACHING_ROLES),
        )
    )


def _lock_staff(course: Course) -> None:
    """Changes to one course's staff happen one at a time (PostgreSQL locks the course row;
    SQLite has a single writer anyway), so two owners can't each remove the other."""
    db.session.execute(db.select(Course.id).filter_by(id=course.id).with_for_update())


def _keep_an_owner(course: Course, leaving: User) -> None:
    """Checked after the change is flushed, so a change made at the same moment is counted."""
    if _owners(course, besides=leaving) == 0:
        raise Conflict(
            f"{leaving.email} is the only owner of “{course.title}”: make someone else an owner "
            "first, so the course always has one."
        )
