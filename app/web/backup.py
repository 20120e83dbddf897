"""``flask backup FILE`` and ``flask restore FILE`` for the SQLite database.

Both use SQLite's online backup API, which copies a consistent snapshot page by page while the
site keeps serving and writing: no need to stop the server, and never a half-copied file (the copy
is written beside the target and renamed once it has passed an integrity check). PostgreSQL has
its own tools (``pg_dump``/``pg_restore``).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from app.learning.database import private_database_file
from app.learning.db import db

PAGES_PER_STEP = 256  # copy in steps so writers get the database between them


def sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.ClickException(
            "flask backup and restore copy a SQLite database file; for PostgreSQL use "
            "pg_dump and pg_restore."
        )
    return Path(url.database)


def check(path: Path) -> dict[str, int]:
    """Row counts per table, after SQLite's integrity and foreign key checks pass."""
    connection = sqlite3.connect(path)
    try:
        try:
            problems = connection.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"{path} is not a SQLite database ({exc}).") from None
        if problems != [("ok",)]:
            raise click.ClickException(f"{path} is damaged: {problems[:3]}")
        if connection.execute("PRAGMA foreign_key_check").fetchall():
            raise click.ClickException(f"{path} has rows that point at missing rows.")
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        if "alembic_version" not in tables and "learner" not in tables:
            raise click.ClickException(f"{path} is not a Learnwell database.")
        return {name: _count(connection, name) for name in tables}
    finally:
        connection.close()


def _count(connection: sqlite3.Connection, name: str) -> int:
    query = sa.select(sa.func.count()).select_from(sa.table(name))  # quotes the name for us
    compiled = query.compile(dialect=sqlite_dialect())
    return connection.execute(str(compiled)).fetchone()[0]


def copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with the online backup API (both may be in use). A new
    ``target`` is created readable by its owner only: it holds every password hash."""
    private_database_file(target)
    with sqlite3.connect(source) as reader, sqlite3.connect(target) as writer:
        reader.backup(writer, pages=PAGES_PER_STEP)
    reader.close()
    writer.close()


def summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(target: Path) -> None:
    """Copy the live SQLite database to TARGET while the site keeps running."""
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    copy(sqlite_path(), partial)
    counts = check(partial)
    os.replace(partial, target)
    click.echo(f"Backed up to {target}: {summary(counts)}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(source: Path, yes: bool) -> None:
    """Replace the live SQLite database's contents with the backup SOURCE."""
    counts = check(source)
    live = sqlite_path()
    if not yes:
        click.confirm(f"Replace everything in {live} with {source}?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection keeps reading the old pages
    copy(source, live)
    click.echo(f"Restored {source}: {summary(counts)}.")


def init_app(app) -> None:
    app.cli.add_command(backup)
    app.cli.add_command(restore)
