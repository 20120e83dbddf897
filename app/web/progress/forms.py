from __future__ import annotations

from flask_wtf import FlaskForm


class MarkReadForm(FlaskForm):
    """'Mark as read' carries only its CSRF token."""
