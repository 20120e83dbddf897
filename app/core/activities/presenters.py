"""Orders and labels the activity templates need (no answers leak through here)."""

from __future__ import annotations

import random

from app.core.content.model import Activity
from app.core.content.specs.process_map import ProcessMapSpec
from app.core.content.specs.quiz import Question
from app.core.grading.result import whole_number


def shuffled(items: list, seed: str, avoid: list | None = None) -> list:
    """A stable shuffle (same for every page view); never the order in ``avoid``."""
    result = list(items)
    # Presentation order, not security: a seeded shuffle so every page view agrees.
    random.Random(seed).shuffle(result)  # nosec B311
    if avoid is not None and len(result) > 1 and result == list(avoid):
        result = result[1:] + result[:1]
    return result


def card_order(activity: Activity, placements: dict[str, str]) -> list[str]:
    """Process map cards in the order to show: as the learner placed them, else shuffled."""
    spec: ProcessMapSpec = activity.spec
    cards = shuffled(list(spec.cards), activity.id, avoid=list(spec.main_steps))
    if not placements:
        return cards

    def key(card: str) -> tuple[int, int, int]:
        place = placements.get(card, "out")
        if (number := whole_number(place)) is not None:
            return (0, number, 0)
        if place.startswith("branch:"):
            return (1, 0, cards.index(card))
        return (2, 0, cards.index(card))

    return sorted(cards, key=key)


def statement_order(activity: Activity) -> list:
    """A comparison table's statement cards, shuffled so they don't arrive grouped by cell."""
    cards = list(activity.spec.cards.values())
    return shuffled(cards, activity.id, avoid=cards)


def question_order(activity: Activity) -> list[Question]:
    questions = list(activity.spec.questions)
    return shuffled(questions, activity.id) if activity.spec.shuffle else questions


def option_order(activity: Activity, question: Question) -> list:
    if question.type in ("single", "multiple") and activity.spec.shuffle:
        return shuffled(list(question.options), f"{activity.id}:{question.id}")
    return list(question.options)


def match_choices(activity: Activity, question: Question) -> list:
    """The right-hand sides of a matching question, shuffled so the pairs don't line up."""
    return shuffled(
        list(question.pairs), f"{activity.id}:{question.id}", avoid=list(question.pairs)
    )


def ordering_items(activity: Activity, question: Question) -> list:
    return shuffled(
        list(question.items), f"{activity.id}:{question.id}", avoid=list(question.items)
    )
