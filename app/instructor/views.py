"""The instructor's home: every course and lesson, with their state."""

from __future__ import annotations

from flask import render_template

from app.instructor import bp
from app.lessons.queries import all_courses


@bp.get("/")
def home():
    return render_template("instructor/home.html", courses=all_courses())
