"""The review form: a score that replaces the automatic one, and a comment for the learner."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

MAX_COMMENT = 2000


def no_nul(form, field) -> None:
    if field.data and "\x00" in field.data:
        raise ValidationError("The comment contains a NUL character.")


class ReviewForm(FlaskForm):
    percent = IntegerField(
        "Score (%)",
        validators=[
            InputRequired(message="Give a score from 0 to 100."),
            NumberRange(min=0, max=100, message="The score must be from 0 to 100."),
        ],
    )
    comment = TextAreaField(
        "Comment for the learner",
        validators=[
            Length(max=MAX_COMMENT, message=f"Keep the comment under {MAX_COMMENT} characters."),
            no_nul,
        ],
    )


class RefreshForm(FlaskForm):
    """Count a lesson's analytics figures again now: no fields, only the CSRF token."""
