"""The LRS backlog page: how forwarding statements to the external LRS goes (admins only: it
lists learners' ids and what the LRS said about their statements, across every course)."""

from __future__ import annotations

from flask import abort, current_app, render_template
from flask_login import current_user

from app.learning.lrs_backlog import backlog
from app.web.instructor import bp


@bp.get("/lrs")
def lrs_backlog():
    if current_user.role != "admin":
        abort(403, description="This page is for admins.")
    return render_template(
        "instructor/lrs.html",
        backlog=backlog(),
        lrs_url=current_app.config["LRS_URL"],
    )
