"""GIFT and Aiken questions as quiz questions, the quiz back as GIFT, and the round trip:
GIFT → quiz → GIFT → quiz gives the same quiz."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.content.errors import ContentErrors, Problems
from app.core.content.parser import parse_lesson
from app.core.interchange.blocks import quiz_block
from app.core.interchange.gift import parse_gift
from app.core.interchange.importing import import_questions
from app.core.interchange.to_gift import quiz_to_gift
from app.core.interchange.to_quiz import to_questions
from tests.content_helpers import lesson_text
from tests.lessons import body_with

DATA = Path(__file__).parents[2] / "data" / "gift"


def quiz_of(text: str, path: str = "f.gift") -> tuple[list[dict], Problems]:
    questions, problems = parse_gift(text, path)
    return to_questions(questions, problems), problems


@pytest.mark.parametrize("name", ["importable.gift", "moodle-examples.gift"])
def test_gift_to_quiz_to_gift_to_quiz_gives_the_same_quiz(name):
    first, problems = quiz_of((DATA / name).read_text())
    gift, warnings = quiz_to_gift({"questions": first}, "a/b")
    second, again = quiz_of(gift)
    assert second == first
    assert warnings == []
    assert again.errors == again.warnings == []  # nothing left to warn about the second time
    assert len(first) == (40 if name == "moodle-examples.gift" else 8)


def test_the_imported_quiz_is_a_valid_lesson_quiz():
    questions, problems = quiz_of((DATA / "importable.gift").read_text())
    assert problems.warnings == []
    lesson = parse_lesson(lesson_text(body_with(quiz_block("imported", questions))))
    quiz = lesson.activities["imported"].spec
    assert [q.type for q in quiz.questions] == [
        "single", "multiple", "true-false", "short", "matching", "numeric", "numeric", "single",
    ]  # fmt: skip


def test_every_documented_example_imports_or_is_refused_at_its_line():
    questions, problems = quiz_of((DATA / "moodle-examples.gift").read_text(), "ex.gift")
    assert [(e.line, e.message.split(":")[0]) for e in problems.errors] == [
        (32, "an essay question can't be imported into a quiz (a quiz marks its answers itself)"),
        (152, "this text has no {…} of answers, so it is a description, not a question"),
        (154, "this text has no {…} of answers, so it is a description, not a question"),
    ]
    lesson = parse_lesson(lesson_text(body_with(quiz_block("examples", questions))))
    assert len(lesson.activities["examples"].spec.questions) == 40


def by_id(questions: list[dict]) -> dict[str, dict]:
    return {q["id"]: q for q in questions}


def test_ids_come_from_titles_or_positions_and_never_repeat():
    questions, _ = quiz_of("::Q1::A {T}\n\n::Q1::B {F}\n\nC {T}\n\n::1st::D {T}")
    assert [q["id"] for q in questions] == ["q1", "q1-2", "question-3", "q-1st"]


def test_feedback_of_true_false_and_general_feedback():
    [tf, short] = quiz_of(
        "::tf::Sun? {TRUE#It rises in the east.#Right.}\n\n::s::2+2? {=four#Yes.####Count.}"
    )[0]
    assert (tf["feedback"], tf["explanation"]) == ("It rises in the east.", "Right.")
    assert (short["feedback"], short["explanation"]) == ("Count.", "Yes.")


def test_numeric_ranges_become_an_answer_with_a_tolerance():
    [q], _ = quiz_of("::n::A number from 1 to 5? {#1..5####Any of them.}")
    assert (q["answer"], q["tolerance"]) == (3, 2)
    [q], _ = quiz_of("::n::Pi? {#3.141..3.142####Pi.}")
    assert (q["answer"], q["tolerance"]) == (3.1415, 0.0005)


@pytest.mark.parametrize(
    ("line", "warning"),
    [
        (105, "'Grant' earns 50% in the file: a short-answer question gives no partial credit"),
        (28, "'1822:2' earns 50% in the file: a numeric question gives no partial credit"),
        (34, "no feedback says why “Grant” and “Jefferson” are wrong"),
        (7, "no feedback says why a wrong answer is wrong"),
    ],
)
def test_what_the_quiz_cant_hold_is_a_warning_at_its_line(line, warning):
    _, problems = quiz_of((DATA / "moodle-examples.gift").read_text())
    assert any(w.line == line and w.message.startswith(warning) for w in problems.warnings)


def test_answer_weights_become_option_weights():
    questions, _ = quiz_of((DATA / "moodle-examples.gift").read_text())
    hometown = next(q for q in questions if q["id"] == "jesus-hometown")
    assert [o.get("weight") for o in hometown["options"]] == [None, 25, 50, None]
    tomb = next(q for q in questions if q["prompt"].startswith("What two people"))
    assert [(o.get("correct", False), o["weight"]) for o in tomb["options"]] == [
        (False, -100), (True, 50), (True, 50), (False, -100),
    ]  # fmt: skip


def test_right_weights_that_dont_add_up_to_100_are_an_error():
    _, problems = quiz_of("::m::Which? {~%50%a ~%40%b ~%-50%c#no}")
    assert [(e.line, e.message) for e in problems.errors] == [
        (1, "the weights of the right answers add up to 90%, not 100%: make them add up to "
            "100% (like ~%50%a ~%50%b)"),
    ]  # fmt: skip


def test_a_penalty_on_a_one_answer_question_is_a_warning():
    [q], problems = quiz_of("Q? {=a ~%-50%b#no}")
    assert "weight" not in q["options"][1]
    assert problems.warnings[0].message.startswith("'b' has weight -50%: a one-answer question")


def test_wrong_options_without_feedback_name_the_right_answer():
    [q], _ = quiz_of("Q? {=right ~wrong}")
    assert q["options"][1]["feedback"] == "The right answer is “right”."


def test_a_question_with_no_full_credit_answer_is_an_error():
    _, problems = quiz_of("::n::Q? {#=%50%3:1}")
    assert [e.message for e in problems.errors] == [
        "no answer earns full credit: mark the right answer with '='"
    ]


def test_quiz_to_gift_escapes_and_leaves_out_what_gift_cant_hold():
    quiz = {
        "questions": [
            {"id": "s", "type": "short", "prompt": "a{b}: c~d=e#f", "accept": ["x"],
             "feedback": "Two\nlines", "hint": "Think."},
            {"id": "o", "type": "ordering", "prompt": "Order", "items": []},
            {"id": "n", "type": "numeric", "prompt": "W?", "answer": "13 lb", "feedback": "W."},
            {"id": "d", "type": "numeric", "prompt": "D?", "answer": 8.63, "feedback": "D."},
            {"id": "p", "type": "numeric", "prompt": "P?", "answer": 200, "tolerance": "2%",
             "feedback": "P."},
        ]
    }  # fmt: skip
    gift, warnings = quiz_to_gift(quiz)
    assert "::s::[markdown]a\\{b\\}\\: c\\~d\\=e\\#f {" in gift
    assert "####Two\\nlines" in gift
    assert "// question 'o' (ordering) can't be written in GIFT" in gift
    assert "=13:0.5" in gift  # no tolerance: right when it rounds to 13
    assert "=8.63:0.005" in gift
    assert "=200:4" in gift
    assert warnings == [
        "question 's': GIFT has no hints; its hint is left out",
        "question 'o': GIFT has no ordering questions; it is left out",
        "question 'n': GIFT numbers have no unit; learners write the number only",
    ]


def test_multiple_answers_export_as_equal_weights_and_matching_penalties():
    quiz = {
        "questions": [
            {"id": "m", "type": "multiple", "prompt": "Which?", "options": [
                {"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B", "correct": True},
                {"id": "c", "text": "C", "correct": True}, {"id": "d", "text": "D", "feedback": "No."},
            ]}
        ]
    }  # fmt: skip
    gift, _ = quiz_to_gift(quiz)
    assert "~%33.33333%A\n" in gift
    assert "~%-33.33333%D#No.\n" in gift
    quiz["questions"][0]["options"][0]["weight"] = 50
    quiz["questions"][0]["options"][1]["weight"] = 25
    quiz["questions"][0]["options"][2]["weight"] = 25
    gift, _ = quiz_to_gift(quiz)
    assert "~%50%A\n    ~%25%B\n    ~%25%C\n    ~D#No.\n" in gift


LESSON = lesson_text(body_with())


def test_import_into_a_lesson_adds_a_quiz_named_after_the_file():
    imported = import_questions("Q? {=a ~b#no}", "my questions.gift", LESSON, "l.md")
    assert imported.created and imported.activity_id == "my-questions"
    assert "my-questions" in parse_lesson(imported.source).activities


def test_import_puts_the_quiz_before_the_deep_dive():
    imported = import_questions("Q? {=a ~b#no}", "q.gift", LESSON, "l.md")
    assert imported.source.index("```quiz") < imported.source.index("## Section two")


def test_import_adds_to_a_quiz_with_fresh_ids():
    first = import_questions("::q::A? {=a ~b#no}", "q.gift", LESSON, "l.md", "quiz")
    second = import_questions("::q::B? {=a ~b#no}", "q.gift", first.source, "l.md", "quiz")
    assert not second.created
    questions = parse_lesson(second.source).activities["quiz"].spec.questions
    assert [q.id for q in questions] == ["q", "q-2"]


def test_import_refuses_a_lesson_without_a_section():
    with pytest.raises(ContentErrors) as caught:
        import_questions("Q? {=a ~b#no}", "q.gift", lesson_text("Just an intro."), "l.md")
    assert [str(e) for e in caught.value.errors] == [
        "l.md:1: the lesson has no section for the quiz to stand in: add a '## ' heading first"
    ]


def test_import_refuses_an_id_the_lesson_uses_for_something_else():
    with pytest.raises(ContentErrors) as caught:
        import_questions("Q? {=a ~b#no}", "q.gift", LESSON, "l.md", "one")
    assert "duplicate id 'one'" in caught.value.errors[0].message


def test_an_empty_file_is_an_error():
    with pytest.raises(ContentErrors) as caught:
        import_questions("// only a comment\n", "q.gift", LESSON, "l.md")
    assert [str(e) for e in caught.value.errors] == ["q.gift:1: the file holds no questions"]
