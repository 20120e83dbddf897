"""``flask content check`` and ``flask content import``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.content import ContentErrors, load_catalog
from app.core.content.catalog import lesson_image_files, load_lesson
from app.core.content.errors import ContentError
from app.learning.db import db
from app.learning.exporter import export_content
from app.learning.folder_import import import_folder
from app.web.lessons.question_commands import export_gift_command, import_questions_command

content_cli = AppGroup("content", help="Check and import lesson content.")
content_cli.add_command(import_questions_command)
content_cli.add_command(export_gift_command)


def _report(errors: list[ContentError]) -> None:
    for error in errors:
        click.echo(str(error), err=True)
    click.echo(f"{len(errors)} problem(s) found.", err=True)


@content_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
def check(paths: tuple[Path, ...], strict: bool) -> None:
    """Validate lessons: a content folder (default: the configured one) or single lesson files.

    Exits 0 when there are no errors (warnings are listed but pass, unless --strict), else 1.
    """
    targets = paths or (Path(current_app.config["CONTENT_DIR"]),)
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    lessons = 0
    for target in targets:
        if target.is_file():
            lesson, _, problems = load_lesson(target)
            errors += problems
            if lesson is not None:  # a lesson file's images are beside it, in images/
                lessons += 1
                warnings += lesson.warnings
                errors += lesson_image_files(lesson, target.parent)[1]
        else:
            catalog = load_catalog(target)
            errors += catalog.errors
            warnings += catalog.warnings
            lessons += len(catalog.lessons)
    for problem in sorted(errors + warnings, key=lambda e: (e.path, e.line, e.message)):
        click.echo(str(problem), err=True)
    if errors:
        click.echo(f"{len(errors)} problem(s) found.", err=True)
    if warnings:
        strictly = " (--strict: they count as problems)" if strict else ""
        click.echo(f"{len(warnings)} warning(s){strictly}.", err=True)
    if errors or (strict and warnings):
        raise SystemExit(1)
    click.echo(f"Content OK: {lessons} lesson(s) checked.")


@content_cli.command("import")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def import_(path: Path | None) -> None:
    """Load a content folder into the database (nothing is imported if any lesson is invalid)."""
    folder = path or Path(current_app.config["CONTENT_DIR"])
    click.echo(f"Importing the lessons in {folder} into the database…")
    try:
        report = import_folder(folder)
    except ContentErrors as exc:
        _report(exc.errors)
        click.echo("Nothing was imported.", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"Imported {report}.")


@content_cli.command("export")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def export(path: Path | None) -> None:
    """Write every published lesson (and its course) to a content folder, as Markdown files."""
    root = path or Path(current_app.config["CONTENT_DIR"])
    report = export_content(root)
    click.echo(f"Exported {report} to {root}.")
