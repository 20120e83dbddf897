"""What a use case refuses, by kind; the web layer turns each into its HTTP status and page."""

from __future__ import annotations


class LearningError(Exception):
    """A use case could not do what was asked; ``str(error)`` is a sentence for the person."""

    status = 400


class Forbidden(LearningError):
    """Not for this person: not on the course's staff, or an activity kept for signed-in
    learners."""

    status = 403


class NotFound(LearningError):
    status = 404


class Conflict(LearningError):
    """Asked of something that changed or ran out (a newer revision, no attempts left)."""

    status = 409


class Unavailable(LearningError):
    """Exists, but can't be served now (a published lesson that no longer parses)."""

    status = 503
