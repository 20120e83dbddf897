"""The shipped lessons' pages show every part of their source texts: the course, the objectives,
every section and activity, the deep dive and the lesson that comes next.

These tests are about the shipped content. How any lesson page is built (landmarks, contents,
listening, caching, publishing) is tested on a lesson built for the test, in test_pages.py.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import SEED_LESSON

LESSON_URL = f"/lessons/{SEED_LESSON}"
NEXT_URL = "/lessons/shipping-strategies-and-costs"


@pytest.fixture
def shipped_lesson_html(client):
    response = client.get(LESSON_URL)
    assert response.status_code == 200
    return response.text


def test_home_lists_the_shipped_course_with_its_two_lessons(client):
    html = client.get("/").text
    assert 'href="/courses/ecommerce-manager-cx"' in html
    assert "E-commerce Manager — Customer Experience &amp; Service" in html
    assert "2 lessons available · 1 h 35 min</p>" in html
    assert "coming soon" not in html


def test_the_course_page_lists_both_lessons_in_order_both_available(client):
    html = client.get("/courses/ecommerce-manager-cx").text
    first = html.index("Order Management &amp; Fulfillment Basics")
    second = html.index("Shipping Strategies and Costs")
    assert first < second
    assert f'href="{LESSON_URL}"' in html
    assert f'href="{NEXT_URL}"' in html
    assert '45 min · <span class="status status--available">Available</span>' in html
    assert '50 min · <span class="status status--available">Available</span>' in html
    assert "status--planned" not in html


def test_the_lesson_page_has_its_title_course_and_duration(shipped_lesson_html):
    assert (
        '<h1 id="page-title">Order Management &amp; Fulfillment Basics</h1>' in shipped_lesson_html
    )
    assert "E-commerce Manager — Customer Experience &amp; Service" in shipped_lesson_html
    assert "Estimated time: 45 min" in shipped_lesson_html


def test_the_lesson_page_shows_the_learning_objectives(shipped_lesson_html):
    for text in (
        "Define the core stages of the order fulfillment process.",
        "Recognize how fulfillment impacts customer satisfaction.",
    ):
        assert text in shipped_lesson_html


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
        "Arrange the steps of the order and fulfillment process for a custom furniture piece",
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
        '<a href="https://www.usps.com/ship/" rel="noopener noreferrer">USPS shipping services</a>',
        f'<a href="{NEXT_URL}" rel="noopener noreferrer">Shipping Strategies and Costs</a>',
    ],
)
def test_lesson_page_contains_every_part_of_the_lesson(shipped_lesson_html, text):
    assert text in shipped_lesson_html


def test_the_deep_dive_holds_the_five_optional_sections(shipped_lesson_html):
    dive = shipped_lesson_html[shipped_lesson_html.index('<div class="deep-dive">') :]
    dive = dive[: dive.index('aria-labelledby="next-steps"')]
    assert "Optional</span> Deep Dive" in dive
    for section in (
        "deep-dive",
        "bonus-exercises",
        "real-world-connections",
        "challenge-yourself",
        "further-learning",
    ):
        assert f'data-section-id="{section}"' in dive


def test_every_activity_is_on_the_page(shipped_lesson_html):
    activity_ids = re.findall(r'data-activity="([^"]+)"', shipped_lesson_html)
    assert len(activity_ids) == 11


def test_the_next_lesson_is_linked_as_available(shipped_lesson_html):
    outline = shipped_lesson_html[shipped_lesson_html.index('id="page-course-outline"') :]
    assert "Shipping Strategies and Costs" in outline
    assert f'href="{NEXT_URL}"' in outline
    assert "not yet available" not in outline


def test_no_placeholder_text_is_left_on_the_page(shipped_lesson_html):
    assert "will be available here in future updates" not in shipped_lesson_html


def test_every_further_learning_item_has_a_description_and_a_link(shipped_lesson_html):
    box = shipped_lesson_html[shipped_lesson_html.index('<div class="further-learning">') :]
    box = box[: box.index("</div>")]
    items = re.findall(r"<li>(.*?)</li>", box, re.DOTALL)
    assert len(items) == 3
    for item in items:
        assert re.search(r"</strong> — \w", item), item
        assert '<a href="https://' in item, item


def test_ids_on_the_lesson_page_are_unique(shipped_lesson_html):
    ids = re.findall(r'\sid="([^"]+)"', shipped_lesson_html)
    assert len(ids) == len(set(ids))


def test_the_page_requests_nothing_from_other_origins(shipped_lesson_html):
    """Outbound links are plain anchors the learner may follow; nothing loads from elsewhere."""
    assert not re.search(r'src="(https?:)?//', shipped_lesson_html)
    for tag in re.findall(r"<(?!a\s)[a-z]+\s[^>]*href=\"(?:https?:)?//[^>]*>", shipped_lesson_html):
        raise AssertionError(tag)
