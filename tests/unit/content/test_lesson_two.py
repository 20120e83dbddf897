"""Lesson 2, Shipping Strategies and Costs, is complete and faithful to its source text: its
objectives are tied to sections, it has the deep dive and the bonus work, and its activities fit
it, with keys whose arithmetic holds."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from app.core.content import load_catalog
from tests.conftest import SEED_CONTENT

LESSON = "shipping-strategies-and-costs"
DIVISOR = 139


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SEED_CONTENT)


@pytest.fixture(scope="module")
def lesson(catalog):
    return catalog.lessons[LESSON]


def billable(length: int, width: int, height: int, actual: float) -> int:
    """The greater of the actual weight and the DIM weight, rounded up to the next pound."""
    return max(math.ceil(actual), math.ceil(length * width * height / DIVISOR))


def test_it_is_the_second_lesson_of_the_course_and_follows_the_first(catalog, lesson):
    assert catalog.errors == []
    assert (lesson.course, lesson.position) == ("ecommerce-manager-cx", 2)
    assert catalog.lessons["order-management-fulfillment-basics"].next_lesson == LESSON
    assert LESSON not in {p.id for p in catalog.courses[lesson.course].planned}


def test_four_objectives_each_tied_to_sections_that_exist(lesson):
    assert [o.id for o in lesson.objectives] == [
        "service-levels",
        "billable-weight",
        "strategies",
        "policy",
    ]
    ids = {s.id for s in lesson.sections}
    for objective in lesson.objectives:
        assert objective.sections and set(objective.sections) <= ids, objective.id


def test_sections_in_reading_order_with_the_deep_dive_after_the_required_path(lesson):
    assert [(s.title, s.optional) for s in lesson.sections] == [
        ("Shipping Carriers and Service Levels", False),
        ("How Shipping Costs Are Calculated", False),
        ("Shipping Strategies for Your Store", False),
        ("Interactive Exercises", False),
        ("Knowledge Check", False),
        ("Key Takeaways", False),
        ("Deep Dive: Hidden Costs and Customer Expectations", True),
        ("Bonus Exercises", True),
        ("Next Steps", False),
    ]


def test_it_keeps_the_source_speaking_of_the_previous_lesson(lesson):
    source = Path(lesson.path).read_text(encoding="utf-8")
    assert "In the previous lesson you followed an order" in source


def test_the_dim_weight_formula_is_a_math_block(lesson):
    source = Path(lesson.path).read_text(encoding="utf-8")
    assert "```math\n\\text{DIM weight} = \\frac{" in source


def test_the_activities_the_lesson_needs(lesson):
    kinds = {a.id: (a.type, a.bonus) for a in lesson.activities.values()}
    assert kinds == {
        "dim-weight-boxes": ("comparison-table", True),
        "threshold-choice": ("quiz", True),
        "threshold-reasoning": ("reflection", True),
        "carrier-comparison": ("comparison-table", False),
        "policy-steps": ("process-map", False),
        "billable-weight-practice": ("quiz", False),
        "threshold-message": ("free-text", False),
        "shipping-knowledge-check": ("quiz", False),
    }


def test_the_policy_steps_follow_the_source_and_the_prompt_names_both_ends(lesson):
    spec = lesson.activities["policy-steps"].spec
    assert [step for stage in spec.order for step in stage] == [
        "research-carriers",
        "calculate-costs",
        "choose-strategy",
        "set-thresholds",
        "publish-policy",
        "monitor-adjust",
    ]
    prompt = " ".join(lesson.activities["policy-steps"].prompt_html.split()).casefold()
    assert "drag" in prompt and "without javascript" in prompt
    assert "researching carriers" in prompt and "monitoring and adjusting" in prompt


def test_the_carrier_table_covers_the_five_carriers_of_the_source(lesson):
    spec = lesson.activities["carrier-comparison"].spec
    assert [c.label for c in spec.columns] == [
        "USPS",
        "UPS",
        "FedEx",
        "DHL Express",
        "Regional carrier",
    ]
    placed = {column for card in spec.cards.values() for _, column in card.cells}
    assert placed == {c.id for c in spec.columns}


@pytest.mark.parametrize(
    ("question", "sides", "actual"),
    [
        ("tall-box", (14, 10, 9), 4),
        ("heavy-box", (12, 12, 8), 12),
    ],
)
def test_billable_weight_keys_hold_and_give_credit_for_the_method(lesson, question, sides, actual):
    quiz = lesson.activities["billable-weight-practice"].spec
    (q,) = [q for q in quiz.questions if q.id == question]
    assert q.number.key.value == billable(*sides, actual)
    steps = {s.id: s.key.value for s in q.number.steps}
    assert steps["volume"] == math.prod(sides)
    assert float(steps["dim-weight"]) == pytest.approx(math.prod(sides) / DIVISOR, abs=0.01)
    assert 0 < q.number.partial < 100


def test_the_bonus_boxes_table_matches_the_source(lesson):
    spec = lesson.activities["dim-weight-boxes"].spec
    boxes = {"box-a": ((10, 8, 6), 5), "box-b": ((16, 12, 12), 6), "box-c": ((20, 14, 4), 4)}
    for box, (sides, actual) in boxes.items():
        dim = math.ceil(math.prod(sides) / DIVISOR)
        assert spec.cells[("volume", box)].number.value == math.prod(sides)
        assert spec.cells[("dim-weight", box)].number.value == dim
        billed = "DIM weight" if dim > actual else "actual weight"
        assert spec.cells[("billed", box)].accept == (billed,)


def test_the_customer_message_is_gated_and_goes_to_review_when_borderline(lesson):
    spec = lesson.activities["threshold-message"].spec
    assert (spec.min_words, spec.max_words) == (50, 250)
    assert spec.review_band == 5
    assert {c.id for c in spec.criteria} >= {"change", "when", "reason", "options", "thanks"}


def test_the_knowledge_check_covers_every_objective(lesson):
    quiz = lesson.activities["shipping-knowledge-check"].spec
    covered = {o for q in quiz.questions for o in q.objectives}
    assert covered == {o.id for o in lesson.objectives}
    assert "numeric" in {q.type for q in quiz.questions}


def test_every_wrong_answer_has_feedback(lesson):
    for activity in lesson.activities.values():
        spec = activity.spec
        if activity.type == "quiz":
            for q in spec.questions:
                assert all(o.correct or o.feedback_html for o in q.options), q.id
        elif activity.type == "free-text":
            assert all(c.missed_html for c in spec.criteria), activity.id
        elif activity.type == "process-map":
            assert all(s.feedback_html for s in spec.steps.values()), activity.id
        elif activity.type == "comparison-table":
            assert all(c.explanation_html for c in spec.cells.values()), activity.id
