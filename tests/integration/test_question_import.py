"""Quiz questions from Moodle's GIFT and Aiken files through the app: the command-line import
into a lesson file, the editor's upload into a draft, the GIFT download, and the imported quiz
answered right, partly and wrong through the form endpoint."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.core.interchange.blocks import quiz_blocks
from tests.integration.test_activities import submit
from tests.lessons import COURSE, SLUG, body_with, build_lesson
from tests.users import signed_in_client, signed_in_staff

DATA = Path(__file__).parents[1] / "data" / "gift"
QUIZ = "shipping-quiz"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def plain_lesson(app, tmp_path):
    """A lesson with no quiz, its folder the app's CONTENT_DIR."""
    built = build_lesson(app, tmp_path, body_with())
    app.config["CONTENT_DIR"] = str(built.root)
    return built


def lesson_file(built) -> Path:
    return next(built.root.rglob(f"*{SLUG}.md"))


def run_import(runner, name: str, *extra: str):
    return runner.invoke(
        args=["content", "import-questions", str(DATA / name), "--lesson", SLUG, *extra]
    )


def test_import_adds_a_quiz_block_the_checker_accepts(plain_lesson, runner):
    result = run_import(runner, "importable.gift", "--activity", QUIZ)
    assert result.exit_code == 0, result.output
    assert "Added 8 question(s) to a new quiz 'shipping-quiz'" in result.output
    source = lesson_file(plain_lesson).read_text()
    [block] = quiz_blocks(source)
    assert [q["type"] for q in block.data["questions"]] == [
        "single", "multiple", "true-false", "short", "matching", "numeric", "numeric", "single",
    ]  # fmt: skip
    check = runner.invoke(args=["content", "check", str(lesson_file(plain_lesson))])
    assert check.exit_code == 0, check.output


def test_import_adds_questions_to_an_existing_quiz(plain_lesson, runner):
    assert run_import(runner, "importable.gift", "--activity", QUIZ).exit_code == 0
    result = run_import(runner, "capitals.aiken", "--activity", QUIZ)
    assert result.exit_code == 0, result.output
    assert "to quiz 'shipping-quiz'" in result.output
    [block] = quiz_blocks(lesson_file(plain_lesson).read_text())
    assert len(block.data["questions"]) == 10
    assert "question-1" in [q["id"] for q in block.data["questions"]]


def test_import_refuses_a_broken_file_listing_every_problem(plain_lesson, runner):
    before = lesson_file(plain_lesson).read_text()
    result = run_import(runner, "broken.gift")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "broken.gift:" in line]
    assert [int(line.split(":")[1]) for line in lines] == [3, 5, 7, 9, 11, 13, 15, 17, 19]
    assert "nothing was imported" in result.output
    assert lesson_file(plain_lesson).read_text() == before


def test_dry_run_prints_the_block_and_writes_nothing(plain_lesson, runner):
    before = lesson_file(plain_lesson).read_text()
    result = run_import(runner, "capitals.aiken", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "```quiz\nid: capitals\n" in result.output
    assert "warning: no feedback says why “Lyon” and “Marseille” are wrong" in result.output
    assert lesson_file(plain_lesson).read_text() == before


def test_export_gift_prints_the_quiz_with_its_keys(plain_lesson, runner):
    run_import(runner, "importable.gift", "--activity", QUIZ)
    result = runner.invoke(args=["content", "export-gift", SLUG, "--activity", QUIZ])
    assert result.exit_code == 0, result.output
    assert "$CATEGORY: a-lesson/shipping-quiz" in result.output
    assert "=Order placement#Everything follows from the order." in result.output
    assert "=24:0.5#Multiply the three sides." in result.output


def test_export_gift_of_an_unknown_quiz_says_so(plain_lesson, runner):
    result = runner.invoke(args=["content", "export-gift", SLUG, "--activity", "nope"])
    assert result.exit_code == 1
    assert "has no quiz 'nope'" in result.output


@pytest.fixture
def imported(plain_lesson, runner):
    """The lesson with the importable questions, imported into the database (revision 2)."""
    assert run_import(runner, "importable.gift", "--activity", QUIZ).exit_code == 0
    assert runner.invoke(args=["content", "import"]).exit_code == 0
    return plain_lesson


RIGHT = {
    "q:fulfillment-start": "a",
    "q:carriers": ["a", "b"],
    "q:late-orders": "true",
    "q:third-party": "Third party logistics",
    "q:methods:a": "a",
    "q:methods:b": "b",
    "q:methods:c": "c",
    "q:box-volume": "24.4",
    "q:weight-range": "4.5",
    "q:missing-word": "a",
}


def test_imported_quiz_renders_without_its_answers(app, imported):
    page = app.test_client().get(f"/lessons/{SLUG}").text
    assert "Which two are parcel carriers?" in page
    assert "Orders are _____ before they are packed." in page
    assert "Everything follows from the order." not in page


def test_imported_quiz_grades_right_answers_full_marks(app, imported):
    response = submit(app.test_client(), QUIZ, RIGHT, revision=2)
    assert response.status_code == 200, response.json
    assert response.json["percent"] == 100


def test_imported_quiz_grades_partly_right_answers_part_marks(app, imported):
    partly = RIGHT | {"q:carriers": ["a", "c"], "q:methods:a": "b", "q:methods:b": "a"}
    response = submit(app.test_client(), QUIZ, partly, revision=2)
    assert response.status_code == 200, response.json
    assert 0 < response.json["percent"] < 100


def test_imported_quiz_grades_wrong_answers_with_the_files_feedback(app, imported):
    wrong = {
        "q:fulfillment-start": "b",
        "q:late-orders": "false",
        "q:box-volume": "25",
        "q:weight-range": "5.5",
    }
    client = app.test_client()
    response = submit(client, QUIZ, wrong, revision=2, headers={})
    assert response.status_code == 302  # without JavaScript: back to the lesson, marked there
    response = client.get(response.headers["Location"])
    assert "Shipping comes after picking and packing." in response.text
    assert "Customers review late orders badly." in response.text
    assert "Multiply 2 × 3 × 4 = 24." in response.text


def upload(client, name: str, content: bytes, activity: str = ""):
    data = {"questions": (io.BytesIO(content), name), "activity": activity}
    return client.post(
        f"/instructor/lessons/{SLUG}/questions", data=data, content_type="multipart/form-data"
    )


def test_upload_adds_the_questions_to_a_new_draft(app, plain_lesson):
    client = signed_in_staff(app, course=COURSE)
    response = upload(client, "importable.gift", (DATA / "importable.gift").read_bytes(), QUIZ)
    assert response.status_code == 302, response.text
    page = client.get(response.headers["Location"]).text
    assert (
        "Added 8 question(s) from importable.gift to a new quiz “shipping-quiz” in draft "
        "revision 2." in page
    )
    assert "Download quiz “shipping-quiz” as GIFT" in page
    gift = client.get(f"/instructor/lessons/{SLUG}/quizzes/{QUIZ}.gift")
    assert gift.status_code == 200
    assert gift.headers["Content-Disposition"] == f'attachment; filename="{SLUG}-{QUIZ}.gift"'
    assert gift.headers["Cache-Control"] == "no-store"
    assert "::carriers::[markdown]Which two are parcel carriers?" in gift.text


def test_upload_with_warnings_lists_them(app, plain_lesson):
    client = signed_in_staff(app, course=COURSE)
    response = upload(client, "capitals.aiken", (DATA / "capitals.aiken").read_bytes())
    assert response.status_code == 200
    assert "capitals.aiken, line 7: no feedback says why “Stripe” is wrong" in response.text


def test_upload_of_a_broken_file_changes_nothing_and_lists_lines(app, plain_lesson):
    client = signed_in_staff(app, course=COURSE)
    response = upload(client, "broken.aiken", (DATA / "broken.aiken").read_bytes())
    assert response.status_code == 400
    assert "broken.aiken, line 3: option &#39;C&#39; is out of order" in response.text
    assert "broken.aiken, line 9:" in response.text
    assert "Download quiz" not in client.get(f"/instructor/lessons/{SLUG}/edit").text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "is not UTF-8 text"),
        (b"x" * (1024 * 1024 + 1), "is larger than 1024 KB"),
    ],
)
def test_upload_refuses_what_is_not_a_question_file(app, plain_lesson, content, message):
    response = upload(signed_in_staff(app, course=COURSE), "q.gift", content)
    assert response.status_code == 400
    assert message in response.text


def test_the_gift_download_is_for_the_courses_staff_only(app, plain_lesson):
    upload(
        signed_in_staff(app, course=COURSE),
        "importable.gift",
        (DATA / "importable.gift").read_bytes(),
    )
    stranger = signed_in_client(app, "stranger@example.org", "instructor")
    assert stranger.get(f"/instructor/lessons/{SLUG}/quizzes/{QUIZ}.gift").status_code == 403
    anonymous = app.test_client().get(f"/instructor/lessons/{SLUG}/quizzes/{QUIZ}.gift")
    assert anonymous.status_code == 302
