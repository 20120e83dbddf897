"""Instructor forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from app.core.content import fields
from app.learning.models.staff import EDITOR, OWNER

# The lessons' own slug rule, anchored with \Z: Regexp matches from the start, and a pattern
# ending in "$" let "my-course\n" through (its exports then failed).
SLUG = Regexp(fields.SLUG, message="Use lowercase letters, digits and hyphens.")
MAX_SOURCE = 500_000
MAX_QUESTION_FILE = 1024 * 1024


class LessonSourceForm(FlaskForm):
    source = TextAreaField(
        "Lesson Markdown",
        validators=[DataRequired(), Length(max=MAX_SOURCE, message="The lesson is too long.")],
    )
    save = SubmitField("Save draft")
    publish = SubmitField("Save and publish")


class QuestionFileForm(FlaskForm):
    """Quiz questions from Moodle: a GIFT or Aiken file, for a new quiz or an existing one."""

    questions = FileField(
        "GIFT or Aiken file", validators=[FileRequired(message="Choose a .gift or .txt file.")]
    )
    activity = StringField(
        "Quiz id",
        validators=[Optional(), Length(max=100), SLUG],
        description="An existing quiz to add the questions to, or the new quiz's id. "
        "Empty: a new quiz named after the file.",
    )
    submit = SubmitField("Add the questions to the draft")


class CourseForm(FlaskForm):
    slug = StringField("Id (in addresses)", validators=[DataRequired(), Length(max=100), SLUG])
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField("Summary", validators=[Length(max=1000)])
    submit = SubmitField("Create course")


class LessonForm(FlaskForm):
    slug = StringField("Id (in addresses)", validators=[DataRequired(), Length(max=100), SLUG])
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Create lesson")


class ConfirmForm(FlaskForm):
    """A one-button action (publish, restore, unpublish, reorder, remove from staff): CSRF only."""


class StaffForm(FlaskForm):
    """Add an instructor to a course's staff by their account's e-mail address, or change the
    role of someone already on it."""

    email = EmailField("Instructor's email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        "Role",
        choices=[
            SelectChoice(EDITOR, "Editor: writes, publishes and reviews"),
            SelectChoice(OWNER, "Owner: also chooses the staff"),
        ],
        default=EDITOR,
    )
    submit = SubmitField("Add to the staff")


class ImageForm(FlaskForm):
    image = FileField("Image", validators=[FileRequired(message="Choose an image file.")])
    alt = StringField(
        "Image description (alt text)",
        validators=[Optional(), Length(max=300, message="Keep the description to 300 characters.")],
    )
    submit = SubmitField("Upload")


class InvitationForm(FlaskForm):
    """One button: make a new invitation link (a form so CSRF covers it)."""

    submit = SubmitField("Create an invitation link")
