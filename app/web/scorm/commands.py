"""``flask content export-scorm COURSE_OR_LESSON --version 1.2|2004 [-o FILE] --site URL``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.scorm.manifest import VERSIONS
from app.learning.db import db
from app.learning.errors import LearningError
from app.learning.models.courses import Course, Lesson
from app.web.scorm.packages import scorm_package


def _kind(slug: str) -> str:
    if db.session.scalar(db.select(Course.id).filter_by(slug=slug)) is not None:
        return "course"
    if db.session.scalar(db.select(Lesson.id).filter_by(slug=slug)) is not None:
        return "lesson"
    raise click.ClickException(f"There is no course or lesson called {slug!r}.")


@click.command("export-scorm")
@click.argument("slug")
@click.option(
    "--version", "version", type=click.Choice(VERSIONS), default="2004", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--site",
    help="This site's address as learners reach it, e.g. https://learn.example.org"
    " (default: the PUBLIC_URL setting).",
)
@with_appcontext
def export_scorm_command(slug: str, version: str, output: Path | None, site: str | None) -> None:
    """Write a SCORM package of a course or a lesson, which opens it on this site."""
    parts = urlsplit(site or current_app.config["PUBLIC_URL"] or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.ClickException(
            "Give the site's address with --site https://… (or set PUBLIC_URL): the package opens"
            " the lessons there."
        )
    kind = _kind(slug)
    with current_app.test_request_context("/", base_url=f"{parts.scheme}://{parts.netloc}"):
        try:
            name, data = scorm_package(kind, slug, version)
        except LearningError as exc:
            raise click.ClickException(str(exc)) from exc
    path = output or Path(name)
    path.write_bytes(data)
    click.echo(f"Wrote {path} (SCORM {version}, {len(data):,} bytes).")
