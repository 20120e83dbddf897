"""Grading: one pure module per activity type — response + answer key → score + feedback.

Nothing here imports Flask or the database. Each module offers ``parse(spec, fields)``, which
turns submitted form fields into a typed response (raising :class:`ResponseError` for malformed
input), and ``grade(spec, response)``, which returns a :class:`Grade`.
"""

from app.core.grading.result import Feedback, Grade, ResponseError

__all__ = ["Feedback", "Grade", "ResponseError"]
