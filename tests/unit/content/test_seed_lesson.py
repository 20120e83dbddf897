"""The shipped lesson is complete and faithful to its source text."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.content import load_catalog
from app.core.grading import quiz as quiz_grading
from tests.conftest import SEED_CONTENT, SEED_LESSON


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SEED_CONTENT)


@pytest.fixture(scope="module")
def shipped_lesson(catalog):
    return catalog.lessons[SEED_LESSON]


def test_shipped_content_has_no_problems(catalog):
    assert catalog.errors == []


def test_lesson_belongs_to_its_course_and_announces_the_next(catalog, shipped_lesson):
    course = catalog.courses[shipped_lesson.course]
    assert course.title == "E-commerce Manager — Customer Experience & Service"
    assert shipped_lesson.title == "Order Management & Fulfillment Basics"
    assert shipped_lesson.next_lesson == "shipping-strategies-and-costs"
    assert catalog.lessons["shipping-strategies-and-costs"].position == 2
    assert course.planned == ()


def test_four_learning_objectives(shipped_lesson):
    assert [o.text for o in shipped_lesson.objectives] == [
        "Define the core stages of the order fulfillment process.",
        "Identify different order fulfillment methods (e.g., dropshipping, in-house, 3PL).",
        "Explain the importance of order accuracy and timeliness.",
        "Recognize how fulfillment impacts customer satisfaction.",
    ]


def test_it_speaks_of_itself_as_the_first_lesson(shipped_lesson):
    assert "previous lesson" not in Path(shipped_lesson.path).read_text(encoding="utf-8")


@pytest.mark.parametrize("activity_id", ["jewelry-comparison", "method-comparison"])
def test_a_table_prompt_says_what_the_learner_does_in_the_table(shipped_lesson, activity_id):
    prompt = " ".join(shipped_lesson.activities[activity_id].prompt_html.split()).casefold()
    assert "create a table" not in prompt
    assert "choose low, medium, or high" in prompt


def test_sections_in_reading_order_with_the_deep_dive_after_the_required_path(shipped_lesson):
    assert [(s.title, s.optional) for s in shipped_lesson.sections] == [
        ("The Order Fulfillment Process: A Step-by-Step Guide", False),
        ("Order Fulfillment Methods: Choosing the Right Approach", False),
        ("Accuracy, Timeliness, and Customer Experience", False),
        ("Interactive Exercises", False),
        ("Practical Application", False),
        ("Knowledge Check", False),
        ("Key Takeaways", False),
        ("Deep Dive: Beyond the Basics of Fulfillment", True),
        ("Bonus Exercises", True),
        ("Real-World Connections", True),
        ("Challenge Yourself", True),
        ("Further Learning", True),
        ("Next Steps", False),
        ("Extended Resources", False),
    ]


def test_activities_of_the_lesson(shipped_lesson):
    kinds = {a.id: (a.type, a.bonus) for a in shipped_lesson.activities.values()}
    assert kinds == {
        "jewelry-comparison": ("comparison-table", True),
        "jewelry-choice": ("free-text", True),
        "oms-checklist": ("checklist", True),
        "shopping-experiences": ("reflection", True),
        "furniture-strategy": ("free-text", True),
        "furniture-process-map": ("process-map", True),
        "process-mapping": ("process-map", False),
        "method-comparison": ("comparison-table", False),
        "delay-email": ("free-text", False),
        "practical-application-choice": ("free-text", False),
        "knowledge-check-quiz": ("quiz", False),
    }


def test_every_objective_is_taught_somewhere_and_practised(shipped_lesson):
    practised = {o for a in shipped_lesson.activities.values() for o in a.objectives}
    for objective in shipped_lesson.objectives:
        assert objective.sections, objective.id
        assert objective.id in practised


def test_every_objective_is_assessed_by_two_kinds_of_core_activity(shipped_lesson):
    kinds: dict[str, set[str]] = {o.id: set() for o in shipped_lesson.objectives}
    for activity in shipped_lesson.activities.values():
        if activity.bonus or not activity.graded:
            continue
        for objective in activity.objectives:
            kinds[objective].add(activity.type)
        if activity.type == "quiz":
            for question in activity.spec.questions:
                for objective in question.objectives:
                    kinds[objective].add("quiz")
    assert all(len(types) >= 2 for types in kinds.values()), kinds


def test_the_quiz_covers_every_objective_with_every_question_type(shipped_lesson):
    quiz = shipped_lesson.activities["knowledge-check-quiz"].spec
    covered = {o for q in quiz.questions for o in q.objectives}
    assert covered == {o.id for o in shipped_lesson.objectives}
    assert {q.type for q in quiz.questions} == {
        "single",
        "multiple",
        "true-false",
        "short",
        "matching",
        "ordering",
    }


def test_every_wrong_answer_has_feedback_and_a_section_to_review(shipped_lesson):
    for activity in shipped_lesson.activities.values():
        spec = activity.spec
        if activity.type == "quiz":
            for q in spec.questions:
                assert q.review, q.id
                assert all(o.correct or o.feedback_html for o in q.options), q.id
        elif activity.type == "free-text":
            assert all(c.missed_html for c in spec.criteria), activity.id
            assert spec.model_answer_html, activity.id
        elif activity.type == "checklist":
            assert all(r.why_html for r in spec.reference), activity.id
        elif activity.type == "process-map":
            assert all(s.feedback_html for s in spec.steps.values()), activity.id
        elif activity.type == "comparison-table":
            assert all(c.explanation_html for c in spec.cells.values()), activity.id


@pytest.mark.parametrize("activity_id", ["process-mapping", "furniture-process-map"])
def test_a_process_map_prompt_asks_for_dragging_and_ends_where_its_key_ends(
    shipped_lesson, activity_id
):
    activity = shipped_lesson.activities[activity_id]
    last = activity.spec.steps[activity.spec.order[-1][-1]].label
    prompt = " ".join(activity.prompt_html.split())
    assert len(activity.spec.order[-1]) == 1
    assert last.casefold() in prompt.casefold()
    assert "drag" in prompt.casefold()
    assert "draw" not in prompt.casefold() and "diagram" not in prompt.casefold()


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("third-party logistics provider (3PL)", "correct"),
        ("Thrid-party logistics", "correct"),
        ("fourth-party logistics", "wrong"),
    ],
)
def test_the_shipped_3pl_question_forgives_typos_and_extra_words_but_not_another_term(
    shipped_lesson, answer, status
):
    quiz = shipped_lesson.activities["knowledge-check-quiz"]
    form = {"q:3pl-meaning": [answer]}
    result = quiz_grading.grade(quiz.spec, quiz_grading.parse(quiz.spec, form))
    assert result.by_key()["q:3pl-meaning"].status == status
