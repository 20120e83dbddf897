"""JSON nested deeper than Python recurses, and lone surrogates, get a readable 400 everywhere.

Both used to answer 500 on ``POST /progress/events`` and on the editor's preview (the JSON
decoder ran out of recursion; a surrogate reached the database driver or LibYAML). The request
guard refuses them before any view; the same 400 on SQLite and PostgreSQL, nothing stored.
"""

from __future__ import annotations

import sys
import uuid

import pytest

from app.core.untrusted import MAX_DEPTH
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.courses import LessonRevision
from app.learning.models.learners import Learner, Statement
from tests.conftest import SEED_LESSON

DEEP = sys.getrecursionlimit() * 5  # 5,000: deeper than any Python parser can recurse
PREVIEW = f"/instructor/lessons/{SEED_LESSON}/preview"
TOO_DEEP = f"The request nests data more than {MAX_DEPTH} levels deep."
SURROGATE = (
    "The request contains a lone surrogate (half of a UTF-16 pair, such as \\ud800), "
    "which is not text."
)


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def post_json(client, url: str, text: str):
    return client.post(
        url, data=text.encode("utf-8", "surrogatepass"), content_type="application/json"
    )


def event_text(lesson: str = f'"{SEED_LESSON}"') -> str:
    """A valid time event with ``lesson`` written as raw JSON text."""
    return (
        f'{{"events": [{{"id": "{uuid.uuid4()}", "type": "time", "lesson": {lesson}, '
        '"seconds": 5}]}'
    )


DEEP_BODIES = {
    "arrays": "[" * DEEP + "]" * DEEP,
    "objects": '{"a":' * DEEP + "1" + "}" * DEEP,
    "inside-an-event": event_text("[" * DEEP + "]" * DEEP),
    "unclosed": "[" * DEEP,
}


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
def test_progress_events_nested_deeper_than_python_get_a_json_400(seeded, client, body):
    response = post_json(client, "/progress/events", body)
    assert response.status_code == 400
    assert response.json == {"error": "Bad Request", "message": TOO_DEEP, "status": 400}
    assert count(seeded, Statement) == 0 and count(seeded, Learner) == 0


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
def test_the_preview_refuses_json_nested_deeper_than_python(teacher, body):
    response = post_json(teacher, PREVIEW, '{"source": ' + body + "}")
    assert response.status_code == 400 and response.json["message"] == TOO_DEEP


def test_json_nested_to_the_limit_is_read_as_usual(seeded, client):
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)  # plus the object around it
    response = post_json(client, "/progress/events", event_text()[:-1] + f', "note": {nested}}}')
    assert response.status_code == 200 and response.json == {"saved": 1, "received": 1}


@pytest.mark.parametrize(
    "lesson",
    ['"\\ud800"', f'"{SEED_LESSON}\\udfff"', '"\\ud83d"', f'"{SEED_LESSON}\udc80"'],
    ids=["escape", "appended", "half-a-pair", "raw-bytes"],
)
def test_an_event_naming_a_lesson_with_a_lone_surrogate_gets_a_json_400(seeded, client, lesson):
    response = post_json(client, "/progress/events", event_text(lesson))
    assert response.status_code == 400 and response.json["message"] == SURROGATE
    assert count(seeded, Statement) == 0 and count(seeded, Learner) == 0


def test_a_lone_surrogate_in_a_key_is_refused_too(client):
    response = post_json(client, "/progress/events", event_text()[:-1] + ', "\\udc00": 1}')
    assert response.status_code == 400 and response.json["message"] == SURROGATE


@pytest.mark.parametrize(
    "source",
    [
        "---\\nid: \\ud800\\n---\\n",  # in the front matter's YAML
        "---\\nid: a\\n---\\n\\n## Section \\ud800\\n",  # in the Markdown
        "```quiz\\nid: q\\nprompt: \\udbff\\n```\\n",  # in an activity block
    ],
    ids=["yaml", "markdown", "activity"],
)
def test_the_preview_refuses_a_lone_surrogate_in_the_lesson(seeded, teacher, source):
    before = count(seeded, LessonRevision)  # one per shipped lesson
    response = post_json(teacher, PREVIEW, '{"source": "' + source + '"}')
    assert response.status_code == 400 and response.json["message"] == SURROGATE
    assert count(seeded, LessonRevision) == before


def test_a_whole_surrogate_pair_is_an_ordinary_character(teacher):
    response = post_json(
        teacher, PREVIEW, '{"source": "---\\nid: x\\n---\\nParcel \\ud83d\\udce6\\n"}'
    )
    assert response.status_code == 200 and response.json["errors"]


def test_a_surrogate_encoded_in_a_form_field_never_arrives_as_one(seeded, client):
    """Werkzeug decodes form fields as UTF-8, which has no surrogates: the bytes of one stay
    percent-encoded, as text."""
    body = "revision=1&answer=" + "Dear Sam, %ED%A0%80 sorry."
    response = client.post(
        f"/lessons/{SEED_LESSON}/activities/delay-email",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 400
    with seeded.app_context():
        (attempt,) = db.session.scalars(db.select(Attempt))
        assert attempt.response["answer"] == ["Dear Sam, %ED%A0%80 sorry."]


def test_a_query_string_with_an_encoded_surrogate_is_not_a_500(client):
    response = client.get("/?next=%ED%A0%80", headers={"Accept": "application/json"})
    assert response.status_code < 500
