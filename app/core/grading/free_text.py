"""Rubric feedback on written answers: keyword groups, patterns and word limits per criterion."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.content.specs.free_text import Criterion, FreeTextSpec
from app.core.grading.result import Feedback, Fields, Grade, Message, one
from app.core.grading.text_match import contains_any, word_count

_MONTHS = (
    "jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    "oct(ober)?|nov(ember)?|dec(ember)?"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow"
PATTERNS = {
    "date": re.compile(
        rf"\b({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?\b|\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?({_MONTHS})\b"
        rf"|\b({_DAYS})\b|\b\d{{1,4}}[/.-]\d{{1,2}}([/.-]\d{{2,4}})?\b"
        r"|\bwithin\s+(\d+|one|two|three|four|five|six|seven|ten)\s+(business\s+|working\s+)?(days?|weeks?)\b",
        re.IGNORECASE,
    ),
    "number": re.compile(r"\b\d+([.,]\d+)?\b"),
    "money": re.compile(
        r"[$€£]\s?\d|\b\d+([.,]\d+)?\s?(dollars|usd|eur|euros?|gbp|pounds)\b", re.I
    ),
    "percent": re.compile(r"\b\d+([.,]\d+)?\s?(%|percent\b|per cent\b)", re.IGNORECASE),
}
MAX_ANSWER = 10_000


@dataclass(frozen=True)
class FreeTextResponse:
    text: str


def parse(spec: FreeTextSpec, fields: Fields) -> FreeTextResponse:
    return FreeTextResponse(one(fields, "answer", required=True, limit=MAX_ANSWER).strip())


def _met(criterion: Criterion, text: str, words: int) -> bool:
    if any(contains_any(text, group) is None for group in criterion.keywords):
        return False
    if criterion.pattern and not PATTERNS[criterion.pattern].search(text):
        return False
    if criterion.min_words and words < criterion.min_words:
        return False
    return not (criterion.max_words and words > criterion.max_words)


def _criterion(criterion: Criterion, met: bool) -> Feedback:
    """Met or missed, in the author's words for that case (nothing to say when they gave none)."""
    author_html = criterion.met_html if met else criterion.missed_html
    kind = "criterion-met" if met else "criterion-missed"
    messages = (Message(kind, {"criterion": criterion.label}, author_html),) if author_html else ()
    return Feedback(
        f"criterion:{criterion.id}",
        "correct" if met else "wrong",
        messages,
        None if met else criterion.review,
        criterion.weight if met else 0.0,
        criterion.weight,
    )


def _length_notes(spec: FreeTextSpec, words: int) -> list[Feedback]:
    notes = []
    if spec.min_words and words < spec.min_words:
        items = {"words": str(words), "min": str(spec.min_words)}
        notes.append(Feedback("length", "info", (Message("length-short", items),)))
    if spec.max_words and words > spec.max_words:
        items = {"words": str(words), "max": str(spec.max_words)}
        notes.append(Feedback("length", "info", (Message("length-long", items),)))
    return notes


def grade(spec: FreeTextSpec, response: FreeTextResponse) -> Grade:
    words = word_count(response.text)
    feedback = [_criterion(c, _met(c, response.text, words)) for c in spec.criteria]
    score = sum(item.points for item in feedback)
    feedback += _length_notes(spec, words)
    return Grade(score, spec.total_weight, tuple(feedback), {"words": words})
