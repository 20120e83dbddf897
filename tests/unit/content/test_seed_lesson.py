"""The shipped lesson is complete and faithful to its source text."""

from __future__ import annotations

import pytest

from app.content import load_catalog
from tests.conftest import SEED_CONTENT, SEED_LESSON


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SEED_CONTENT)


@pytest.fixture(scope="module")
def lesson(catalog):
    return catalog.lessons[SEED_LESSON]


def test_shipped_content_has_no_problems(catalog):
    assert catalog.errors == []


def test_lesson_belongs_to_its_course_and_announces_the_next(catalog, lesson):
    course = catalog.courses[lesson.course]
    assert course.title == "E-commerce Manager — Customer Experience & Service"
    assert lesson.title == "Order Management & Fulfillment Basics"
    assert lesson.next_lesson == "shipping-strategies-and-costs"
    assert [p.title for p in course.planned] == ["Shipping Strategies and Costs"]


def test_four_learning_objectives(lesson):
    assert [o.text for o in lesson.objectives] == [
        "Define the core stages of the order fulfillment process.",
        "Identify different order fulfillment methods (e.g., dropshipping, in-house, 3PL).",
        "Explain the importance of order accuracy and timeliness.",
        "Recognize how fulfillment impacts customer satisfaction.",
    ]


def test_sections_in_order_with_the_deep_dive_optional(lesson):
    assert [(s.title, s.optional) for s in lesson.sections] == [
        ("The Order Fulfillment Process: A Step-by-Step Guide", False),
        ("Order Fulfillment Methods: Choosing the Right Approach", False),
        ("Accuracy, Timeliness, and Customer Experience", False),
        ("Deep Dive: Beyond the Basics of Fulfillment", True),
        ("Bonus Exercises", True),
        ("Real-World Connections", True),
        ("Challenge Yourself", True),
        ("Further Learning", True),
        ("Interactive Exercises", False),
        ("Practical Application", False),
        ("Key Takeaways", False),
        ("Next Steps", False),
        ("Extended Resources", False),
    ]


def test_activities_of_the_lesson(lesson):
    kinds = {a.id: (a.type, a.bonus) for a in lesson.activities.values()}
    assert kinds == {
        "jewelry-comparison": ("comparison-table", True),
        "oms-checklist": ("checklist", True),
        "shopping-experiences": ("reflection", True),
        "furniture-strategy": ("free-text", True),
        "furniture-process-map": ("process-map", True),
        "process-mapping": ("process-map", False),
        "method-comparison": ("comparison-table", False),
        "delay-email": ("free-text", False),
        "practical-application-choice": ("free-text", False),
    }


def test_every_objective_is_taught_somewhere_and_practised(lesson):
    practised = {o for a in lesson.activities.values() for o in a.objectives}
    for objective in lesson.objectives:
        assert objective.sections, objective.id
        assert objective.id in practised
