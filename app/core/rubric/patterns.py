"""Kinds of value a criterion can ask for (a date, an amount…), found as spans of a sentence.

``date`` understands calendar dates ("June 14", "14/06", "the 14th"), days ("next Tuesday",
"tomorrow"), and windows ("within 3–5 business days", "early next week", "by the weekend"); a
vague "soon" or "in a few days" is no date.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"
_COUNT = (
    r"(?:\d{1,3}(?:\s?(?:-|–|—|to|or)\s?\d{1,3})?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|fourteen|twenty|thirty|a couple of|an?|one or two|two or three)"
)
_UNIT = r"(?:(?:business|working|calendar|shipping)\s+)?(?:days?|weeks?|hours?|months?)"
# A span of time that says how late something was is no date: "a week late", "two days ago".
_NOT_PAST = r"(?!\s+(?:late|later than|ago|behind|overdue|of delay|delay))"
_DATE = "|".join(
    (
        rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b",  # June 14, Jun. 14th
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?!\w)",  # 14 June, 14th of June
        rf"\bthe\s+{_ORDINAL}\b",  # the 14th
        rf"\b(?:next|this|coming|on|by|until|before)\s+{_DAY}\b",
        rf"\b{_DAY}\b",
        r"\b(?:tomorrow|tonight|today|day after tomorrow)\b",
        r"\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b",  # 14/06, 2025-06-14
        rf"\b(?:within|in|inside|takes?|another|next|in the next|over the next)\s+{_COUNT}"
        rf"\s+(?:more\s+)?{_UNIT}\b(?!\s+a\s+(?:week|day)){_NOT_PAST}",
        rf"\b{_COUNT}\s+{_UNIT}\b(?!\s+a\s+(?:week|day)){_NOT_PAST}",  # 3–5 business days
        r"\b(?:early|late|middle of|end of|start of|beginning of)?\s*(?:next|this|the)\s+"
        r"(?:week|weekend|month)\b",
        r"\b(?:end|start|beginning|middle) of (?:the )?(?:week|weekend|month)\b",
        r"\bby (?:the )?weekend\b",
    )
)
PATTERNS = {
    "date": re.compile(_DATE, re.IGNORECASE),
    "number": re.compile(r"\b\d+(?:[.,]\d+)?\b"),
    "money": re.compile(
        r"[$€£]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:dollars|usd|eur|euros?|gbp|pounds)\b", re.IGNORECASE
    ),
    "percent": re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b)", re.IGNORECASE),
}
_VAGUE = re.compile(r"\b(?:couple|few)\b", re.IGNORECASE)


def spans(pattern: str, text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` where ``pattern`` finds a value (vague windows left out)."""
    found = []
    for match in PATTERNS[pattern].finditer(text):
        value = match.group().strip()
        if pattern == "date" and _VAGUE.search(value):
            continue
        found.append(match.span())
    return found
