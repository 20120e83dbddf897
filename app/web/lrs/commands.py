"""``flask xapi forward`` and ``flask xapi backlog``: the LRS outbox from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.learning import lrs_backlog, lrs_outbox
from app.learning.db import db
from app.web.lrs.forwarding import send_backlog

xapi_cli = AppGroup("xapi", help="Statements forwarded to an external LRS (xAPI).")


def _require_lrs() -> None:
    if not current_app.config["LRS_URL"]:
        raise click.ClickException(
            "LRS_URL is not set: statements are not forwarded to an LRS (see docs/integrations.md)."
        )


@xapi_cli.command("forward")
@click.option("--retry-rejected", is_flag=True, help="Send the rejected statements again too.")
def forward(retry_rejected: bool) -> None:
    """Send every waiting statement now, without waiting for the next retry time."""
    _require_lrs()
    if retry_rejected:
        again = lrs_outbox.retry_rejected()
        db.session.commit()
        click.echo(f"{again} rejected statement(s) queued again.")
    done = send_backlog(ignore_waits=True)
    click.echo(f"Sent {done.sent}, rejected {done.rejected}.")
    if done.stopped:
        left = lrs_backlog.backlog(limit=0).pending
        raise click.ClickException(f"Stopped with {left} statement(s) waiting: {done.stopped}")


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "-"


@xapi_cli.command("backlog")
@click.option("--limit", default=20, show_default=True, help="Rejected statements listed.")
def backlog(limit: int) -> None:
    """Statements by state, the oldest waiting, and the rejected ones with the LRS's reasons."""
    found = lrs_backlog.backlog(limit=limit)
    if not current_app.config["LRS_URL"]:
        click.echo("LRS_URL is not set: new statements are not queued for an LRS.")
    counts = found.counts
    click.echo(f"pending {counts['pending']}, sent {counts['sent']}, rejected {counts['rejected']}")
    click.echo(f"oldest pending: {_when(found.oldest_pending)}")
    click.echo(f"next attempt: {_when(found.next_attempt)}")
    for problem in found.failing[:1]:
        click.echo(f"last failure ({problem.tries} tries): {problem.reason}")
    for problem in found.rejected:
        click.echo(
            f"rejected {problem.statement_id} ({problem.verb} {problem.object_id}, "
            f"learner {problem.learner}, {_when(problem.recorded)}): {problem.reason}"
        )
