"""``flask content export-cmi5 COURSE [-o FILE] [--site URL]``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext

from app.learning.errors import LearningError
from app.web.cmi5.packages import cmi5_package


@click.command("export-cmi5")
@click.argument("course")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--site",
    help="This site's address as learners reach it (default: the PUBLIC_URL setting).",
)
@with_appcontext
def export_cmi5_command(course: str, output: Path | None, site: str | None) -> None:
    """Write a course's cmi5 package (cmi5.xml: one AU per published lesson, hosted here)."""
    parts = urlsplit(site or current_app.config["PUBLIC_URL"] or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.ClickException(
            "Give the site's address with --site https://… (or set PUBLIC_URL): the AUs are"
            " launched there."
        )
    with current_app.test_request_context("/", base_url=f"{parts.scheme}://{parts.netloc}"):
        try:
            name, data = cmi5_package(course)
        except LearningError as exc:
            raise click.ClickException(str(exc)) from exc
    path = output or Path(name)
    path.write_bytes(data)
    click.echo(f"Wrote {path} (cmi5, {len(data):,} bytes).")
