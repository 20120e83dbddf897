"""Questions as GIFT and Aiken files write them, before they become quiz questions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Kinds a file can hold; the last two can't become quiz questions (app.core.interchange.to_quiz).
KINDS = ("single", "multiple", "true-false", "short", "matching", "numeric", "essay", "description")


@dataclass(frozen=True)
class Choice:
    """One answer of a question: an option, an accepted text, a pair or a number."""

    text: str
    line: int
    weight: Decimal  # percent of the question's credit: 100 right, 0 wrong, between partly
    feedback: str = ""
    match: str = ""  # matching: the right-hand side
    value: Decimal | None = None  # numeric: the number
    tolerance: Decimal = Decimal(0)  # numeric: how far off still counts

    @property
    def right(self) -> bool:
        return self.weight > 0


@dataclass(frozen=True)
class FileQuestion:
    kind: str
    title: str
    text: str  # Markdown; a missing-word question's blank is "_____"
    line: int
    choices: tuple[Choice, ...] = ()
    truth: bool | None = None  # true-false
    wrong_feedback: str = ""  # true-false: shown for a wrong answer
    right_feedback: str = ""  # true-false: shown for a right answer
    general_feedback: str = ""  # shown to everyone after answering
    category: str = ""
