"""Forms of the LMS page: registering a platform (admins) and retrying a grade post."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class PlatformForm(FlaskForm):
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    issuer = StringField("Issuer (iss)", validators=[DataRequired(), Length(max=500)])
    client_id = StringField("Client id", validators=[DataRequired(), Length(max=200)])
    auth_login_url = StringField(
        "OIDC authentication URL", validators=[DataRequired(), Length(max=1000)]
    )
    auth_token_url = StringField("Access-token URL", validators=[DataRequired(), Length(max=1000)])
    jwks_url = StringField("Public keys (JWKS) URL", validators=[DataRequired(), Length(max=1000)])
    deployment_ids = TextAreaField(
        "Deployment ids (one per line)", validators=[DataRequired(), Length(max=4000)]
    )
    submit = SubmitField("Register the LMS")


class RetryForm(FlaskForm):
    submit = SubmitField("Send waiting grades again")
