"""``flask users create --role instructor EMAIL``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.learning.db import db
from app.learning.models.accounts import ROLES, User
from app.web.auth.passwords import problem

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.password_option(help="Asked for when not given.")
def create(email: str, role: str, password: str) -> None:
    """Create an account (or change the role of an existing one, with the given password)."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise click.BadParameter(f"'{email}' is not an email address", param_hint="EMAIL")
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
