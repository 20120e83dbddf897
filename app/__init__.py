"""The Learnwell application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from app import database  # noqa: F401  (SQLite connection settings)
from app.config import PROJECT_ROOT, load_config
from app.extensions import csrf, db, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "LEARNWELL_INSTANCE_PATH", str(PROJECT_ROOT / "instance")
    )
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import audio
    from app.lessons.lesson_cache import LessonCache
    from app.speech.marking import mark_lesson

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    audio.init_app(app)
    app.extensions["lesson_cache"] = LessonCache(
        app.config["CONTENT_CACHE_SIZE"], prepare=mark_lesson
    )


def register_blueprints(app: Flask) -> None:
    from app import audio, lessons
    from app.lessons import models  # noqa: F401  (tables known to migrations)

    app.register_blueprint(lessons.bp)
    app.register_blueprint(audio.bp)


def register_errorhandlers(app: Flask) -> None:
    from app.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from app.audio.commands import audio_cli
    from app.lessons.commands import content_cli

    app.cli.add_command(content_cli)
    app.cli.add_command(audio_cli)
