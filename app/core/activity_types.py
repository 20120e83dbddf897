"""The registry of activity types: everything the platform knows about one type, in one record.

The lesson reader, grading, the views, the templates, analytics and the test helpers all look a
type up here instead of naming types themselves, so a new type is one module that calls
:func:`register` (plus its widget template and, if it needs one, its script).

This module imports nothing from the application: the built-in types
(:mod:`app.core.activities`) import the content and grading code they use, and are loaded by
name on the first lookup, the way plugins are, so the lesson reader can look types up without
depending on them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

BUILTIN_TYPES = "app.core.activities"

Fields = dict[str, list[str]]


@dataclass(frozen=True)
class ActivityType:
    """One kind of activity.

    ``read_spec(data, reader, review)`` reads the type's own fields of an activity block (a
    ``LinedDict``, reporting problems through the ``SpecReader``) into its spec, or None.
    ``parse(spec, fields)`` turns submitted form fields into a response, raising
    ``ResponseError`` for malformed input; ``grade(spec, response)`` returns a ``Grade``, or is
    None for a type that is saved and never graded.
    """

    name: str  # as written in a lesson: ``type: process-map``, or the block's own name
    label: str  # shown above the activity
    read_spec: Callable[[Any, Any, str | None], Any]
    parse: Callable[[Any, Fields], Any]
    grade: Callable[[Any, Any], Any] | None
    answer_fields: tuple[str, ...]  # form fields that carry the answer; "x:" names a prefix
    block: str = "exercise"  # the fenced block it is written in ("exercise" needs ``type:``)
    widget: str = ""  # template of its form fields (default: activities/widgets/<name>.html)
    answer_key: str = ""  # template of its key in previews (default: activities/keys/<name>.html)
    presenters: Mapping[str, Callable[..., Any]] = field(default_factory=dict)  # template helpers
    script: str | None = None  # ES module in static/js/ that enhances its widget
    template_folder: str | None = None  # where its templates are, when not in templates/
    reviewable: bool = False  # instructors review its answers (the written-answer queue)
    self_assessed: bool = False  # learners rate their own answer
    questions: bool = False  # its feedback items are questions with their own objectives
    # What its feedback items judge, one and several ("Fix the 2 marked steps and check again").
    parts: tuple[str, str] = ("answer", "answers")
    # Its widget marks each part where it is answered; otherwise the result lists the marks.
    marks_in_place: bool = False

    def __post_init__(self) -> None:
        if self.block != "exercise" and self.block != self.name:
            raise ValueError(f"a type with a block of its own is named after it: {self.block}")
        if not self.widget:
            object.__setattr__(self, "widget", f"activities/widgets/{self.name}.html")
        if not self.answer_key:
            object.__setattr__(self, "answer_key", f"activities/keys/{self.name}.html")

    @property
    def graded(self) -> bool:
        return self.grade is not None

    def evaluate(self, spec: Any, fields: Fields) -> tuple[Any, Any]:
        """Parse and grade a submission: (response, grade or None)."""
        response = self.parse(spec, fields)
        return response, self.grade(spec, response) if self.grade else None

    def carries_answer(self, name: str) -> bool:
        return any(name.startswith(f) if f.endswith(":") else name == f for f in self.answer_fields)

    def answers(self, form: Fields) -> Fields:
        """Only the submitted fields that carry this type's answer (not the CSRF token, the
        revision, or fields of other types)."""
        return {name: values for name, values in form.items() if self.carries_answer(name)}


class UnknownActivityType(KeyError):
    pass


_types: dict[str, ActivityType] = {}
_loading = threading.RLock()
_builtin_loaded = False


def register(activity_type: ActivityType) -> ActivityType:
    """Add a type (a type of the same name is replaced: re-registering on reload is harmless)."""
    _types[activity_type.name] = activity_type
    return activity_type


def unregister(name: str) -> None:
    _types.pop(name, None)


def _ensure_builtin() -> None:
    global _builtin_loaded
    if not _builtin_loaded:
        with _loading:
            if not _builtin_loaded:
                import_module(BUILTIN_TYPES)
                _builtin_loaded = True


def get(name: str) -> ActivityType:
    _ensure_builtin()
    try:
        return _types[name]
    except KeyError:
        raise UnknownActivityType(name) from None


def find(name: str) -> ActivityType | None:
    """The type, or None for a name no longer registered (e.g. in old records)."""
    _ensure_builtin()
    return _types.get(name)


def all_types() -> list[ActivityType]:
    _ensure_builtin()
    return list(_types.values())


def exercise_types() -> tuple[str, ...]:
    """The names allowed after ``type:`` in an exercise block."""
    return tuple(t.name for t in all_types() if t.block == "exercise")


def blocks() -> dict[str, tuple[str, ...]]:
    """Each fenced block name and the types written in it."""
    result: dict[str, tuple[str, ...]] = {}
    for t in all_types():
        result[t.block] = (*result.get(t.block, ()), t.name)
    return result
