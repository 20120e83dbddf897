"""The Learnwell application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from app.config import PROJECT_ROOT, load_config
from app.learning import database  # SQLite connection settings and private files
from app.learning.db import db
from app.web.application import Application
from app.web.extensions import csrf, login_manager, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    # Read from the environment, not app.config: the instance folder holds config.py, so it
    # has to be known before any configuration is loaded.
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "LEARNWELL_INSTANCE_PATH", str(PROJECT_ROOT / "instance")
    )
    app = Application(
        __name__,
        instance_path=str(instance_path),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=None,  # served under fingerprinted URLs by app.web.static_files
    )
    load_config(app, test_config)
    private_instance_folder(app.instance_path)
    register_extensions(app)
    register_static(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_errorhandlers(app)
    register_commands(app)
    register_proxy(app)
    return app


def private_instance_folder(path: str) -> None:
    """The instance folder holds config.py (the secret key) and the SQLite database (password
    hashes): it is created 0700, and an existing one is made private to its owner."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    database.make_private(path)


def register_extensions(app: Flask) -> None:
    from app.core.content.cache import LessonCache
    from app.core.speech.marking import mark_lesson
    from app.web import audio, jobs, lrs, security
    from app.web.signed_cookies import CookieSessionInterface

    app.session_interface = CookieSessionInterface()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    security.init_app(app)
    login_manager.init_app(app)
    audio.init_app(app)
    jobs.init_app(app)
    lrs.init_app(app)
    app.extensions["lesson_cache"] = LessonCache(
        app.config["CONTENT_CACHE_SIZE"],
        prepare=mark_lesson,
        max_plans=app.config["CONTENT_PLAN_CACHE_SIZE"],
    )


def register_static(app: Flask) -> None:
    from app.web import compression, not_found, static_files

    not_found.init_app(app)  # behind the static files' middleware: they never reach it
    static_files.init_app(app, PROJECT_ROOT / "static")
    compression.init_app(app)


def register_blueprints(app: Flask) -> None:
    from app.learning import models  # noqa: F401  (every table, for migrations)
    from app.web import (
        activities,
        audio,
        auth,
        cmi5,
        converters,
        identity,
        instructor,
        lessons,
        lti,
        media,
        progress,
        scorm,
    )
    from app.web.auth import session  # noqa: F401  (the user loader)

    converters.init_app(app)
    app.register_blueprint(lessons.bp)
    app.register_blueprint(activities.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(progress.bp)
    app.register_blueprint(instructor.bp)
    app.register_blueprint(media.bp)
    app.register_blueprint(audio.bp)
    app.register_blueprint(lti.bp)
    app.register_blueprint(scorm.bp)
    app.register_blueprint(cmi5.bp)
    identity.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from app.core.content.description import meta_description
    from app.web.activities import templates
    from app.web.lessons.shell import ShellCache

    app.jinja_env.filters["description"] = meta_description
    app.extensions["lesson_shells"] = ShellCache()
    templates.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from app.web.errors import register

    register(app)


def register_proxy(app: Flask) -> None:
    """Last, so it wraps every other middleware (the static files'): all of them see the client's
    address and scheme."""
    from app.web.security import proxy

    proxy.init_app(app)


def register_commands(app: Flask) -> None:
    from app.web import backup
    from app.web.audio.commands import audio_cli
    from app.web.auth.commands import users_cli
    from app.web.cmi5.commands import export_cmi5_command
    from app.web.instructor.analytics_jobs import analytics_cli
    from app.web.instructor.commands import courses_cli
    from app.web.jobs_cli import jobs_cli
    from app.web.lessons.commands import content_cli
    from app.web.lrs.commands import xapi_cli
    from app.web.lti.commands import lti_cli
    from app.web.scorm.commands import export_scorm_command

    content_cli.add_command(export_scorm_command)
    content_cli.add_command(export_cmi5_command)
    app.cli.add_command(content_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(audio_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(lti_cli)
    app.cli.add_command(xapi_cli)
    app.cli.add_command(analytics_cli)
    backup.init_app(app)
