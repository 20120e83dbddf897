"""The summary `flask content import` prints (and `make run` shows): every number explained."""

from __future__ import annotations

from app.learning.importer import ImportReport


def test_planned_lessons_are_explained_when_there_are_some():
    text = str(ImportReport(courses=1, lessons=1, new_revisions=1, planned=1))
    assert "1 new revision(s) published, 0 unchanged, 1 planned (planned: lessons a course" in text
    assert "Coming soon" in text


def test_no_explanation_without_planned_lessons():
    text = str(ImportReport(courses=1, lessons=2, unchanged=2))
    assert text == "1 course(s), 2 lesson(s): 0 new revision(s) published, 2 unchanged, 0 planned"
