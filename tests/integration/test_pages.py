"""Home → course → lesson, and everything the seed lesson must show."""

from __future__ import annotations

import re

import pytest

from app.learning.db import db
from tests.conftest import SEED_LESSON

LESSON_URL = f"/lessons/{SEED_LESSON}"


@pytest.fixture
def lesson_html(client):
    response = client.get(LESSON_URL)
    assert response.status_code == 200
    return response.text


def test_home_lists_the_course(client):
    html = client.get("/").text
    assert 'href="/courses/ecommerce-manager-cx"' in html
    assert "E-commerce Manager — Customer Experience &amp; Service" in html
    assert "1 lesson available · 45 min · 1 coming soon" in html


def test_home_without_courses_says_so(app):
    assert "No courses have been published yet." in app.test_client().get("/").text


def test_course_page_lists_lessons_in_order_with_duration_and_status(client):
    html = client.get("/courses/ecommerce-manager-cx").text
    first = html.index("Order Management &amp; Fulfillment Basics")
    second = html.index("Shipping Strategies and Costs")
    assert first < second
    assert f'href="{LESSON_URL}"' in html
    assert '45 min · <span class="status status--available">Available</span>' in html
    assert '<span class="status status--planned">Coming soon</span>' in html
    assert 'href="/lessons/shipping-strategies-and-costs"' not in html


def test_lesson_page_has_titles_duration_and_landmarks(lesson_html):
    assert '<h1 id="page-title">Order Management &amp; Fulfillment Basics</h1>' in lesson_html
    assert "E-commerce Manager — Customer Experience &amp; Service" in lesson_html
    assert "Estimated time: 45 min" in lesson_html
    for landmark in (
        '<header class="site-header">',
        '<main id="page-main"',
        "<footer",
        'aria-label="Lesson sections"',
        'aria-label="Breadcrumb"',
    ):
        assert landmark in lesson_html
    assert len(re.findall(r"<h1\b", lesson_html)) == 1


def test_lesson_page_shows_the_learning_objectives(lesson_html):
    assert '<h2 id="page-objectives">Learning objectives</h2>' in lesson_html
    for text in (
        "Define the core stages of the order fulfillment process.",
        "Recognize how fulfillment impacts customer satisfaction.",
    ):
        assert text in lesson_html


def test_lesson_page_has_the_listen_control(lesson_html):
    panel = lesson_html[lesson_html.index('<section class="listen-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert '<h2 id="page-listen">Listen to this lesson</h2>' in panel
    assert 'data-manifest="/audio/lessons/order-management-fulfillment-basics.json"' in panel
    assert 'href="/audio/lessons/order-management-fulfillment-basics.m3u"' in panel  # without JS
    assert "Keyboard shortcuts" in panel


@pytest.mark.parametrize(
    "text",
    [
        # the seven stages and the example
        "Order Placement:",
        "Order Processing:",
        "Inventory Management:",
        "Picking and Packing:",
        "Shipping:",
        "Delivery:",
        "Customer Service (Post-Delivery):",
        "A customer buys a t-shirt from your website.",
        # methods
        "In-House Fulfillment:",
        "Dropshipping:",
        "Third-Party Logistics (3PL):",
        "Hybrid Approach:",
        # accuracy, timeliness, experience
        "Order Accuracy:",
        "Timeliness:",
        "Impact on Customer Experience:",
        # deep dive and what follows it
        "Deep Dive: Beyond the Basics of Fulfillment",
        "Order management systems (OMS) are the backbone",
        "Exercise 1: Fulfillment Method Comparison",
        "Exercise 2: Order Management System (OMS) Checklist",
        "Real-World Connections",
        "Think about your own online shopping experiences.",
        "Challenge Yourself",
        "custom-made furniture",
        "Create a flow diagram for the order and fulfillment process.",
        # further learning, as titled items
        "<strong>How to Choose the BEST Ecommerce Fulfillment Method? | In-House, Dropshipping, "
        "or 3PL</strong>",
        "<strong>Fulfillment for E-Commerce: Start To Finish (2024 Guide)</strong>",
        "<strong>Order Management and Fulfillment: E-Commerce</strong>",
        # interactive exercises and practical application
        "Process Mapping",
        "Fulfillment Method Comparison",
        "Customer Communication Scenario",
        "Write a draft email to the customer explaining the",
        "Practical Application",
        "which fulfillment method\nwould you choose initially?",
        # wrap-up
        "Key Takeaways",
        "Order fulfillment encompasses all processes from order placement to delivery.",
        "Next Steps",
        "Prepare for the next lesson on <strong>Shipping Strategies and Costs</strong>.",
        "Your Progress is Being Saved!",
        "Sign up for free to keep your learning paths forever",
        "Extended Resources",
        "Additional learning materials and resources will be available here in future updates.",
    ],
)
def test_lesson_page_contains_every_part_of_the_lesson(lesson_html, text):
    assert text in lesson_html


def test_deep_dive_is_visibly_optional(lesson_html):
    dive = lesson_html[lesson_html.index('<div class="deep-dive">') :]
    dive = dive[: dive.index('aria-labelledby="interactive-exercises"')]
    assert "Optional</span> Deep Dive" in dive
    assert (
        "Explore advanced insights, examples, and bonus exercises to deepen understanding." in dive
    )
    for section in (
        "deep-dive",
        "bonus-exercises",
        "real-world-connections",
        "challenge-yourself",
        "further-learning",
    ):
        assert f'data-section-id="{section}"' in dive
    assert "Deep dive · optional" in lesson_html  # in the table of contents


def test_table_of_contents_links_every_section(client, lesson_html):
    from app.learning.lesson_queries import require_published_lesson

    with client.application.test_request_context():
        content = require_published_lesson(SEED_LESSON).content
    for section in content.sections:
        assert f'<a href="#{section.id}" data-toc-link>' in lesson_html
        assert f'<h2 id="{section.id}">' in lesson_html


def test_every_activity_is_on_the_page_without_its_answer_keys(lesson_html):
    activity_ids = re.findall(r'data-activity="([^"]+)"', lesson_html)
    assert len(activity_ids) == 11


def test_next_lesson_is_shown_as_coming_next_not_available(lesson_html):
    outline = lesson_html[lesson_html.index('id="page-course-outline"') :]
    assert "Shipping Strategies and Costs" in outline
    assert "Coming next · not yet available" in outline
    assert 'href="/lessons/shipping-strategies-and-costs"' not in lesson_html


def test_ids_on_the_lesson_page_are_unique(lesson_html):
    ids = re.findall(r'\sid="([^"]+)"', lesson_html)
    assert len(ids) == len(set(ids))


def test_page_requests_nothing_from_other_origins(lesson_html):
    assert not re.search(r'(src|href)="(https?:)?//', lesson_html)


def test_lesson_page_does_not_parse_markdown_again(client, monkeypatch):
    import app.core.content.cache as cache_module

    client.application.extensions["lesson_cache"].clear()
    calls = []
    real_parse = cache_module.parse_lesson
    monkeypatch.setattr(cache_module, "parse_lesson", lambda *a: calls.append(1) or real_parse(*a))
    for _ in range(3):
        assert client.get(LESSON_URL).status_code == 200
    assert len(calls) == 1


def test_planned_lessons_have_no_page(client):
    response = client.get("/lessons/shipping-strategies-and-costs")
    assert response.status_code == 404


def test_lesson_page_serves_the_published_revision(client, seeded):
    from app.learning.models.courses import Lesson

    with seeded.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=SEED_LESSON))
        lesson.published_revision_id = None
        db.session.commit()
    assert client.get(LESSON_URL).status_code == 404
