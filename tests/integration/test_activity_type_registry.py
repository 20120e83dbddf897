"""A new activity type is one module: a toy type registered by a test-only module is read,
checked, shown, graded and counted without any other module knowing it."""

from __future__ import annotations

import csv
import io
import re

import pytest

from app.core import activity_types
from app.core.content import ContentErrors, parse_lesson
from app.learning.db import db
from app.learning.models.attempts import Attempt
from tests import activity_answers, toy_activity
from tests.content_helpers import body_line, lesson_text
from tests.lessons import body_with, build_lesson
from tests.users import signed_in_staff


@pytest.fixture
def toy():
    toy_activity.register()
    yield toy_activity
    toy_activity.unregister()


def token(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def test_every_registered_type_has_answers_for_the_tests():
    assert {t.name for t in activity_types.all_types()} <= set(activity_answers.BUILDERS)


def test_every_registered_type_has_its_templates(app):
    for activity_type in activity_types.all_types():
        for name in (activity_type.widget, activity_type.answer_key):
            assert app.jinja_env.get_template(name) is not None


def test_a_registered_type_reads_and_checks_its_own_fields(toy):
    lesson = parse_lesson(lesson_text(body_with(toy.block(words="4"))), "toy.md")
    assert lesson.activities["count-me"].spec == toy.WordCountSpec(4)
    text = lesson_text(body_with(toy.block(words="many")))
    with pytest.raises(ContentErrors) as error:
        parse_lesson(text, "toy.md")
    assert f"toy.md:{body_line(text, 'words: many')}:" in str(error.value)


def test_an_unregistered_type_is_refused_by_the_checker():
    text = lesson_text(body_with(toy_activity.block()))
    with pytest.raises(ContentErrors) as error:
        parse_lesson(text, "toy.md")
    line = body_line(text, "type: word-count")
    assert f"toy.md:{line}: exercise block: 'type' must be one of" in str(error.value)


def test_a_registered_type_is_shown_with_its_own_widget(toy, app, tmp_path):
    lesson = build_lesson(app, tmp_path, body_with(toy.block()))
    page = app.test_client().get(lesson.url).text
    assert 'name="words-text"' in page
    assert '<span class="tag">Word count</span>' in page


def test_a_registered_type_is_graded_through_the_form(toy, app, tmp_path):
    lesson = build_lesson(app, tmp_path, body_with(toy.block(words="5")))
    client = app.test_client()
    data = {"csrf_token": token(client, lesson.url), "revision": "1"}
    data |= {"words-text": "one two three", "ignored": "not an answer"}
    response = client.post(f"{lesson.url}/activities/count-me", data=data)
    assert response.status_code == 302
    with app.app_context():
        attempt = db.session.scalars(db.select(Attempt)).one()
        assert (attempt.percent, attempt.response) == (60, {"words-text": ["one two three"]})
    assert "You wrote 3 of 5 words." in client.get(lesson.url).text


def test_a_registered_type_appears_in_analytics(toy, app, tmp_path):
    lesson = build_lesson(app, tmp_path, body_with(toy.block(words="2")))
    client = app.test_client()
    data = {"csrf_token": token(client, lesson.url), "revision": "1", "words-text": "two words"}
    client.post(f"{lesson.url}/activities/count-me", data=data)
    teacher = signed_in_staff(app, course="a-course")
    table = teacher.get(f"/instructor/lessons/{lesson.slug}/analytics/activities.csv").text
    rows = list(csv.DictReader(io.StringIO(table)))
    row = next(r for r in rows if r["activity"] == "count-me")
    assert (row["type"], row["learners"], row["attempts"], row["learners passed"]) == (
        "word-count",
        "1",
        "1",
        "1",
    )


def test_the_preview_shows_a_registered_types_answer_key(toy, app, tmp_path):
    text = lesson_text(body_with(toy.block(words="7")))
    lesson = build_lesson(app, tmp_path, body_with(toy.block(words="7")))
    teacher = signed_in_staff(app, course="a-course")
    app.config["WTF_CSRF_ENABLED"] = False
    response = teacher.post(f"/instructor/lessons/{lesson.slug}/preview", json={"source": text})
    assert response.status_code == 200, response.text
    assert "<p data-toy-key>At least 7 words.</p>" in response.json["html"]
