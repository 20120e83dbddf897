"""Reading the Aiken format: single-answer questions in plain text.

    What is the capital of France?
    A) Paris
    B. Lyon
    ANSWER: A

The question is the lines before its first option; options are lettered in order, with ``)`` or
``.``; ``ANSWER:`` names the right one and ends the question. Aiken has no feedback.
"""

from __future__ import annotations

import re
import string
from decimal import Decimal

from app.core.content.errors import Problems
from app.core.interchange.model import Choice, FileQuestion

_OPTION = re.compile(r"([A-Z])[.)]\s+(.*\S)\s*\Z")
_ANSWER = re.compile(r"ANSWER\s*:\s*(\S*)\s*\Z", re.IGNORECASE)


def parse_aiken(text: str, path: str = "<aiken>") -> tuple[list[FileQuestion], Problems]:
    problems = Problems(path)
    questions: list[FileQuestion] = []
    prompt: list[str] = []
    start = 0
    options: list[tuple[str, str, int]] = []

    def unfinished() -> None:
        problems.add(
            start, "this question has no 'ANSWER: <letter>' line: add one after its options"
        )

    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        option = _OPTION.match(line)
        answer = _ANSWER.match(line)
        if answer and prompt:
            questions += _finish(prompt, options, answer.group(1), start, number, problems)
            prompt, options = [], []
        elif answer:
            problems.add(number, "'ANSWER:' with no question before it: remove it")
        elif option and prompt:
            expected = string.ascii_uppercase[len(options)]
            if option.group(1) != expected:
                problems.add(
                    number,
                    f"option '{option.group(1)}' is out of order: options are lettered A, B, "
                    f"C… (expected '{expected}')",
                )
            options.append((option.group(1), option.group(2), number))
        elif options:
            unfinished()
            prompt, options, start = [line], [], number
        else:
            if not prompt:
                start = number
            prompt.append(line)
    if prompt:
        unfinished()
    return questions, problems


def _finish(
    prompt: list[str],
    options: list[tuple[str, str, int]],
    letter: str,
    line: int,
    answer_line: int,
    problems: Problems,
) -> list[FileQuestion]:
    letters = [o[0] for o in options]
    if len(options) < 2:
        problems.add(line, "a question needs at least two options, lettered 'A)' or 'A.'")
        return []
    if letter.upper() not in letters:
        problems.add(
            answer_line,
            f"'ANSWER: {letter}' names no option: write one of {', '.join(letters)}",
        )
        return []
    choices = tuple(
        Choice(text, at, Decimal(100 if key == letter.upper() else 0)) for key, text, at in options
    )
    return [FileQuestion("single", "", " ".join(prompt), line, choices)]
