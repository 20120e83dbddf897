"""What grading returns: a score out of a maximum and feedback items keyed by what they judge."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

Fields = dict[
    str, list[str]
]  # submitted form fields: name → values (as MultiDict.to_dict(flat=False))

MAX_TEXT = 5000  # characters in one answer field
_DIGITS = re.compile(r"[0-9]{1,9}")


class ResponseError(ValueError):
    """A submission that can't be graded: malformed, oversized, or naming ids the activity lacks."""


Items = dict[str, str | tuple[str, ...]]

# Kinds for feedback without words of its own (an activity type's note, feedback stored before
# messages were data): plain text in items["text"], or markup in author_html shown as it is.
TEXT = "text"
HTML = "html"


@dataclass(frozen=True)
class Message:
    """One thing feedback says, as data; templates/activities/_feedback.html puts it into words.

    Graders build no markup: ``kind`` names what happened ("step-out-of-place", "cell-wrong"…),
    ``items`` holds the plain text involved (labels, the learner's words, the expected answers),
    escaped wherever it is shown, and ``author_html`` the lesson author's own explanation,
    sanitised when the lesson was read, shown as it is after the sentence.
    """

    kind: str
    items: Items = field(default_factory=dict)
    author_html: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        # JSON turns tuples into lists; lists of labels come back as the tuples they were.
        items = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.get("items", {}).items()
        }
        return cls(data["kind"], items, data.get("author_html", ""))


def _stored_as_html(item: dict[str, Any]) -> tuple[Message, ...]:
    """The messages of feedback stored as one string (before messages were data), shown as then:
    notes as text, everything else as the markup it was (escaped or sanitised when stored)."""
    stored = item.get("message_html", "")
    if not stored:
        return ()
    if item.get("status") == "info":
        return (Message(TEXT, {"text": stored}),)
    return (Message(HTML, author_html=stored),)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one part of an answer; ``messages`` is empty when there is nothing to say."""

    key: str  # what is judged: "step:picking", "cell:cost:in-house", "criterion:date", "q:q1"…
    status: str  # "correct" | "partial" | "wrong" | "missing" | "info"
    messages: tuple[Message, ...] = ()
    review: str | None = None  # section id to read again
    points: float = 0.0
    max_points: float = 0.0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Feedback:
        """A stored item, whether it holds messages or (stored earlier) one ``message_html``."""
        if "messages" in data:
            messages = tuple(Message.from_dict(m) for m in data["messages"])
        else:
            messages = _stored_as_html(data)
        rest = {k: v for k, v in data.items() if k not in ("messages", "message_html")}
        return cls(messages=messages, **rest)


@dataclass(frozen=True)
class Grade:
    score: float
    max_score: float
    feedback: tuple[Feedback, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", round(min(max(self.score, 0.0), self.max_score), 4))

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0

    def passed(self, pass_mark: int) -> bool:
        return self.percent >= pass_mark

    def by_key(self) -> dict[str, Feedback]:
        return {item.key: item for item in self.feedback}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grade:
        items = tuple(Feedback.from_dict(item) for item in data.get("feedback", ()))
        return cls(data["score"], data["max_score"], items, data.get("details", {}))


def one(fields: Fields, name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """The single value of field ``name`` ('' when absent), checked for size and NUL bytes."""
    values = fields.get(name, [])
    if len(values) > 1:
        raise ResponseError(f"'{name}' was sent more than once")
    value = values[0] if values else ""
    if not isinstance(value, str):
        raise ResponseError(f"'{name}' must be text")
    if len(value) > limit:
        raise ResponseError(f"'{name}' is too long (at most {limit} characters)")
    if "\x00" in value:
        raise ResponseError(f"'{name}' contains a NUL character")
    if required and not value.strip():
        raise ResponseError(f"'{name}' is empty")
    return value


def whole_number(value: str) -> int | None:
    """``value`` as a whole number when it is written in the digits 0-9 alone, else None.

    ``str.isdigit`` accepts more: superscripts such as "²" are digits to it, and ``int`` refuses
    them (a position field holding one answered 500).
    """
    return int(value) if _DIGITS.fullmatch(value) else None


def known_fields(fields: Fields, allowed: set[str], prefixes: tuple[str, ...]) -> None:
    """Refuse fields that look like answers (by prefix) but name nothing in this activity."""
    for name in fields:
        if name.startswith(prefixes) and name not in allowed:
            raise ResponseError(f"'{name}' is not part of this activity")
