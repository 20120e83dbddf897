"""The fixed part of every activity form (CSRF and the revision it was shown from).

The answer fields differ per activity and are read by the grading module of its type.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange


class ActivityForm(FlaskForm):
    revision = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


SELF_ASSESSMENT = [
    SelectChoice("1", "Not yet"),
    SelectChoice("2", "Partly"),
    SelectChoice("3", "Mostly"),
    SelectChoice("4", "Fully"),
]


class SelfAssessmentForm(FlaskForm):
    rating = RadioField(
        "How well does your answer meet the criteria?",
        choices=SELF_ASSESSMENT,
        validators=[InputRequired(message="Choose how well your answer meets the criteria.")],
    )
