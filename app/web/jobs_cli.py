"""``flask jobs work``: run queued background jobs from Redis (when ``REDIS_URL`` is set)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.web.jobs import RedisQueue

jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def work(burst: bool) -> None:
    """Run jobs from the Redis queue, each inside this app's context, until stopped; jobs queued
    for later (retries of the LRS forwarding) are moved onto the queue when due."""
    from rq import Worker

    queue = current_app.extensions["jobs"]
    if not isinstance(queue, RedisQueue):
        raise click.ClickException("Set REDIS_URL: without it jobs run inside each app process.")
    Worker([queue.queue], connection=queue.connection).work(burst=burst, with_scheduler=True)
