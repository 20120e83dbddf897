"""What the journeys know about the seed lesson: its activities, right answers and sections."""

from __future__ import annotations

from app.core.content import load_catalog
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT, SEED_LESSON

CATALOG = load_catalog(SEED_CONTENT)
LESSON = CATALOG.lessons[SEED_LESSON]
COURSE_TITLE = CATALOG.courses[LESSON.course].title
MAP = LESSON.activities["process-mapping"].spec
TABLE = LESSON.activities["method-comparison"]
QUIZ = LESSON.activities["knowledge-check-quiz"]
ACTIVITIES = LESSON.required_activities  # the map, the table, the email and the quiz
NEXT = CATALOG.lessons[LESSON.next_lesson]  # the course's second lesson
NEXT_TITLE = NEXT.title
# The second lesson's customer message, as a learner would write it.
THRESHOLD_MESSAGE = (
    "Hi everyone, from June 1 free shipping will start at $50 instead of $35. Our carriers "
    "raised their rates twice this year, and we would rather move the threshold than raise our "
    "prices. Local pickup at our shop stays free, and orders under $50 ship for a flat $4. "
    "Thank you for supporting our small shop. Best wishes, Rosa"
)

# A first draft: the rubric finds every point in it but the compensation...
EMAIL_WITHOUT_COMPENSATION = (
    "Dear Sam, I am sorry that your order #10482 is late. It was delayed because one item sold "
    "out faster than we expected and the restock reached our warehouse two days late. Your "
    "order has now shipped and the new estimated delivery date is Friday, June 14. You can "
    "track it with the link in this email, or reply to this email if you have any questions. "
    "Best regards, Alex"
)
# ...which this sentence adds.
COMPENSATION = " To thank you for your patience, here is a 10% discount on your next order."

LISTENED_SECTION = "next-steps"  # its audio is built before the server starts


def quiz_fields() -> list[tuple[str, str]]:
    """The quiz's right answers as (field name, value) pairs, in the order of the form."""
    return [(name, value) for name, values in answers.right(QUIZ).items() for value in values]


def table_cells() -> dict[str, str]:
    """The right choice for every choice cell of the comparison table, by field name."""
    return {n: v for n, (v,) in answers.right(TABLE).items() if n.startswith("cell:")}


def table_cards() -> dict[str, str]:
    """For each statement card, a cell it belongs in (``row/column``)."""
    return {card_id: "/".join(card.cells[0]) for card_id, card in TABLE.spec.cards.items()}


def listened_section_title() -> str:
    return LESSON.section(LISTENED_SECTION).title
