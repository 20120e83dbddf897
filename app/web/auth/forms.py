"""Account forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.web.auth.passwords import MAX_LENGTH, MIN_LENGTH, TOO_SHORT, strong_password

PASSWORD_RULES = [
    DataRequired(message="Choose a password."),
    Length(min=MIN_LENGTH, max=MAX_LENGTH, message=TOO_SHORT),
    strong_password,
]


class SignUpForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "Repeat the password", validators=[EqualTo("password", message="The passwords differ.")]
    )
    next = HiddenField()
    submit = SubmitField("Create my account")


class SignInForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()
    submit = SubmitField("Sign in")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("New password", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "Repeat the new password", validators=[EqualTo("password", message="The passwords differ.")]
    )
    submit = SubmitField("Change password")


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Delete my account and all my data")


class SignOutForm(FlaskForm):
    submit = SubmitField("Sign out")


class SignOutEverywhereForm(FlaskForm):
    submit = SubmitField("Sign out everywhere")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Send me a link")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "Repeat the new password", validators=[EqualTo("password", message="The passwords differ.")]
    )
    submit = SubmitField("Set my new password")
