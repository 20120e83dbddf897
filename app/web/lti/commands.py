"""``flask lti …``: register LMS platforms, list them, rotate the tool's key, retry grades."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from app.learning.db import db
from app.learning.lti import grades, keys
from app.learning.lti.platforms import RegistrationError, all_platforms, register_platform
from app.web.jobs import jobs

lti_cli = AppGroup("lti", help="LTI 1.3: the LMS platforms this site works with.")


@lti_cli.command("register")
@click.option("--name", default="", help="What to call the LMS in these pages.")
@click.option("--issuer", required=True, help="The platform's issuer (iss), e.g. its URL.")
@click.option("--client-id", required=True, help="The client id the LMS gave this tool.")
@click.option("--auth-login-url", required=True, help="The LMS's OIDC authentication URL.")
@click.option("--auth-token-url", required=True, help="The LMS's OAuth2 access-token URL.")
@click.option("--jwks-url", required=True, help="Where the LMS publishes its public keys.")
@click.option(
    "--deployment-id", "deployment_ids", multiple=True, required=True,
    help="A deployment id of this tool in the LMS (repeat for several).",
)  # fmt: skip
def register(name, issuer, client_id, auth_login_url, auth_token_url, jwks_url, deployment_ids):
    """Trust an LMS (or add deployments to one already registered)."""
    try:
        platform = register_platform(
            name=name,
            issuer=issuer,
            client_id=client_id,
            auth_login_url=auth_login_url,
            auth_token_url=auth_token_url,
            jwks_url=jwks_url,
            deployment_ids=list(deployment_ids),
        )
    except RegistrationError as exc:
        raise click.UsageError(str(exc)) from exc
    keys.signing_key()
    db.session.commit()
    click.echo(
        f"Registered {platform.name} ({platform.issuer}, client {platform.client_id}); "
        f"deployments: {', '.join(platform.deployment_ids)}."
    )


@lti_cli.command("list")
def list_platforms() -> None:
    """The registered platforms, as JSON lines."""
    for p in all_platforms():
        click.echo(
            json.dumps(
                {
                    "name": p.name,
                    "issuer": p.issuer,
                    "client_id": p.client_id,
                    "deployment_ids": p.deployment_ids,
                    "auth_login_url": p.auth_login_url,
                    "auth_token_url": p.auth_token_url,
                    "jwks_url": p.jwks_url,
                }
            )
        )


@lti_cli.command("rotate-key")
def rotate_key() -> None:
    """Sign with a new key from now on (the old ones stay published)."""
    row = keys.rotate()
    db.session.commit()
    click.echo(f"New signing key {row.kid}.")


@lti_cli.command("retry")
def retry() -> None:
    """Queue every grade that has not reached its LMS yet (pending or failed)."""
    waiting = grades.waiting_links()
    for link in waiting:
        grades.retry(link)
    db.session.commit()
    for link in waiting:
        jobs().enqueue(grades.post_score, link.id)
    jobs().wait()
    click.echo(f"{len(waiting)} grade(s) queued.")
