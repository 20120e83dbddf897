"""What the templates know of activity types: each type's record, its templates wherever the type
keeps them, and the scripts a lesson page needs for the types on it."""

from __future__ import annotations

from flask import Flask
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound

from app.core import activity_types
from app.core.content.model import Lesson


class ActivityTypeTemplates(BaseLoader):
    """Templates of types that keep them in a folder of their own (``template_folder``), looked
    up when asked, so a type registered after the app was built is found too."""

    def get_source(self, environment: Environment, template: str):
        for activity_type in activity_types.all_types():
            if activity_type.template_folder:
                try:
                    loader = FileSystemLoader(activity_type.template_folder)
                    return loader.get_source(environment, template)
                except TemplateNotFound:
                    continue
        raise TemplateNotFound(template)


def activity_scripts(lesson: Lesson) -> list[str]:
    """The scripts (under static/js/) that enhance the activities of this lesson, once each."""
    scripts = {activity_types.get(a.type).script for a in lesson.activities.values()}
    return sorted(s for s in scripts if s)


def init_app(app: Flask) -> None:
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, ActivityTypeTemplates()])
    app.jinja_env.globals.update(
        activity_type=activity_types.get, activity_scripts=activity_scripts
    )
