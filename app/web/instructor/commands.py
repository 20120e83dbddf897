"""``flask courses staff list|add|remove``: a course's staff from the command line, for the
courses imported from files (which have none) and for when no owner can sign in."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.learning import staff
from app.learning.db import db
from app.learning.errors import LearningError
from app.learning.models.courses import Course
from app.learning.models.staff import EDITOR, STAFF_ROLES

courses_cli = AppGroup("courses", help="Manage courses.")
staff_cli = AppGroup("staff", help="Who owns and edits a course.")
courses_cli.add_command(staff_cli)


def _course(slug: str) -> Course:
    course = db.session.scalar(db.select(Course).filter_by(slug=slug))
    if course is None:
        raise click.BadParameter(f"there is no course '{slug}'", param_hint="COURSE")
    return course


def _refuse(error: LearningError) -> None:
    db.session.rollback()
    raise click.ClickException(str(error))


@staff_cli.command("list")
@click.argument("course")
def list_(course: str) -> None:
    """Show the course's owners and editors."""
    members = staff.staff_of(_course(course))
    for member in members:
        click.echo(f"{member.role}\t{member.user.email}")
    if not members:
        click.echo(f"'{course}' has no staff: only admins can work on it.")


@staff_cli.command("add")
@click.argument("course")
@click.argument("email")
@click.option("--role", type=click.Choice(STAFF_ROLES), default=EDITOR, show_default=True)
def add(course: str, email: str, role: str) -> None:
    """Add an instructor to the course's staff, or change their role on it."""
    course_row = _course(course)
    try:
        user = staff.teacher_by_email(email)
        staff.add_staff(course_row, user, role)
    except LearningError as error:
        _refuse(error)
    db.session.commit()
    click.echo(f"{user.email} is now {role} of '{course}'.")


@staff_cli.command("remove")
@click.argument("course")
@click.argument("email")
def remove(course: str, email: str) -> None:
    """Take someone off the course's staff (never its last owner)."""
    course_row = _course(course)
    try:
        user = staff.account_by_email(email)
        staff.remove_staff(course_row, user)
    except LearningError as error:
        _refuse(error)
    db.session.commit()
    click.echo(f"{user.email} is no longer on the staff of '{course}'.")
