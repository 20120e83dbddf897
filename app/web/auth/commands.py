"""``flask users create --role instructor EMAIL`` (``--password-stdin`` for scripts)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.learning.db import db
from app.learning.models.accounts import ROLES, User
from app.web.auth.passwords import problem

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.option("--password", help="Asked for (twice, hidden) when not given.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts: a password "
    "on the command line shows in the process list and the shell history).",
)
def create(email: str, role: str, password: str | None, password_stdin: bool) -> None:
    """Create an account (or change the role of an existing one, with the given password)."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise click.BadParameter(f"'{email}' is not an email address", param_hint="EMAIL")
    if password_stdin:
        if password is not None:
            raise click.UsageError("Give --password or --password-stdin, not both.")
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.BadParameter(
                "standard input held no password (an empty first line)",
                param_hint="--password-stdin",
            )
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if message := problem(password):
        raise click.BadParameter(message, param_hint="password")
    user = db.session.scalar(db.select(User).filter_by(email=email))
    created = user is None
    if created:
        user = User(email=email)
        db.session.add(user)
    user.role = role
    user.set_password(password)
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {role} {email}.")
