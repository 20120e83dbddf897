"""``flask content import-questions`` and ``flask content export-gift``: quiz questions from
Moodle's GIFT and Aiken files into a lesson's source file, and a lesson's quizzes out as GIFT."""

from __future__ import annotations

import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.content.catalog import display_path
from app.core.content.errors import ContentErrors
from app.core.interchange.blocks import quiz_blocks
from app.core.interchange.importing import import_questions
from app.core.interchange.to_gift import quiz_to_gift

MAX_FILE = 1024 * 1024


def _lesson_file(slug: str) -> Path:
    """The Markdown file under CONTENT_DIR whose front matter says ``id: <slug>``."""
    root = Path(current_app.config["CONTENT_DIR"])
    wanted = re.compile(rf"\A---\s*\n(?:.*\n)*?id:\s*['\"]?{re.escape(slug)}['\"]?\s*\n")
    for path in sorted(root.rglob("*.md")):
        if wanted.match(path.read_text(encoding="utf-8", errors="replace")):
            return path
    raise click.ClickException(f"no lesson with id '{slug}' under {display_path(root)}")


@click.command("import-questions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lesson", "slug", required=True, help="The id of the lesson to add them to.")
@click.option("--activity", help="A quiz of the lesson to add them to, or the new quiz's id.")
@click.option("--dry-run", is_flag=True, help="Print what would be added; change nothing.")
@with_appcontext
def import_questions_command(file: Path, slug: str, activity: str | None, dry_run: bool) -> None:
    """Add the questions of a GIFT or Aiken FILE to a lesson's source file: as a new quiz block,
    or to the quiz --activity names. Nothing is written if any question can't be imported."""
    lesson_path = _lesson_file(slug)
    if file.stat().st_size > MAX_FILE:
        raise click.ClickException(f"{file}: larger than {MAX_FILE // 1024} KB")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file}:1: not UTF-8 text ({exc.reason})") from None
    try:
        imported = import_questions(
            text,
            display_path(file),
            lesson_path.read_text(encoding="utf-8"),
            display_path(lesson_path),
            activity,
        )
    except ContentErrors as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        click.echo(f"{len(exc.errors)} problem(s) found; nothing was imported.", err=True)
        raise SystemExit(1) from None
    for warning in imported.warnings:
        click.echo(str(warning), err=True)
    where = "a new quiz" if imported.created else "quiz"
    if dry_run:
        click.echo(imported.added, nl=False)
        click.echo(f"Would add {imported.count} question(s) to {where} '{imported.activity_id}'.")
        return
    lesson_path.write_text(imported.source, encoding="utf-8")
    click.echo(
        f"Added {imported.count} question(s) to {where} '{imported.activity_id}' in "
        f"{display_path(lesson_path)}."
    )


@click.command("export-gift")
@click.argument("slug")
@click.option("--activity", help="One quiz of the lesson (default: all of them).")
@with_appcontext
def export_gift_command(slug: str, activity: str | None) -> None:
    """Print a lesson's quizzes as GIFT, answer keys included (keep the output to staff)."""
    lesson_path = _lesson_file(slug)
    blocks = quiz_blocks(lesson_path.read_text(encoding="utf-8"))
    chosen = [b for b in blocks if activity in (None, b.id)]
    if not chosen:
        raise click.ClickException(
            f"lesson '{slug}' has no quiz '{activity}'" if activity else f"'{slug}' has no quiz"
        )
    for block in chosen:
        text, warnings = quiz_to_gift(block.data, f"{slug}/{block.id}")
        for warning in warnings:
            click.echo(
                f"{display_path(lesson_path)}:{block.start + 1}: warning: {warning}", err=True
            )
        click.echo(text)
