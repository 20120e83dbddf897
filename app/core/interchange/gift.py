"""Reading Moodle's GIFT format into :class:`FileQuestion` records.

A GIFT file is questions separated by blank lines. ``//`` starts a comment line, ``$CATEGORY:``
names the category of the questions after it, ``::title::`` names a question, ``[markdown]``,
``[html]``, ``[plain]`` or ``[moodle]`` gives its text's format, and ``{…}`` holds the answers:

    {=right ~wrong#why}            one right option       {~%50%a ~%50%b ~%-100%c}  several
    {T} {FALSE#wrong#right}        true or false          {=two =2}                 short answer
    {=cat -> cat food =dog -> …}   matching               {#3.14:0.01} {#1..5}      numeric
    {}                             essay                  no braces                 description

Text around the braces makes a missing-word question (the braces become a blank). ``####``
starts the general feedback; ``\\~ \\= \\# \\{ \\} \\: \\\\`` are the characters themselves and
``\\n`` a line break. Problems are collected with the line they are on, never raised one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.core.content.errors import Problems
from app.core.interchange.model import Choice, FileQuestion

_ESCAPABLE = "~=#{}:\\"
_HIDE = {c: chr(0xE000 + i) for i, c in enumerate(_ESCAPABLE)}
_SHOW = {v: k for k, v in _HIDE.items()}
_NEWLINE = chr(0xE010)  # \n in the text: a line break that is not a line of the file
_FORMAT = re.compile(r"\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_TRUTH = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_LINE_BREAK = re.compile(r"\s*\n\s*")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass
class _Block:
    """One question's text with escapes hidden, and the file line of each of its lines."""

    text: str
    lines: list[int]

    def line_at(self, offset: int) -> int:
        return self.lines[min(self.text.count("\n", 0, offset), len(self.lines) - 1)]


def _hide_escapes(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair[:1] == "\\" and len(pair) == 2 and pair[1] in _HIDE:
            out.append(_HIDE[pair[1]])
            i += 2
        elif pair == "\\n":
            out.append(_NEWLINE)
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _shown(text: str) -> str:
    return "".join(_SHOW.get(c, c) for c in text).replace(_NEWLINE, "\n")


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            current = None
            continue
        if raw.lstrip().startswith("//"):
            continue
        if current is None:
            current = _Block("", [])
            blocks.append(current)
        current.text += ("\n" if current.lines else "") + _hide_escapes(raw)
        current.lines.append(number)
    return blocks


def parse_gift(text: str, path: str = "<gift>") -> tuple[list[FileQuestion], Problems]:
    """Every question of a GIFT file, and the problems found (``problems.errors`` empty when
    every question could be read)."""
    problems = Problems(path)
    questions: list[FileQuestion] = []
    category = ""
    for block in _blocks(text.lstrip("\ufeff")):
        head = block.text.lstrip()
        if head.startswith("$CATEGORY:"):
            category = _shown(head.splitlines()[0][len("$CATEGORY:") :]).strip()
            if "\n" in head:
                problems.add(
                    block.lines[1],
                    "put a blank line between the $CATEGORY line and the question after it",
                )
            continue
        question = _Reader(block, problems).question(category)
        if question is not None:
            questions.append(question)
    return questions, problems


class _Reader:
    def __init__(self, block: _Block, problems: Problems) -> None:
        self.block = block
        self.problems = problems
        self.ok = True

    def error(self, offset: int, message: str) -> None:
        self.problems.add(self.block.line_at(offset), message)
        self.ok = False

    def question(self, category: str) -> FileQuestion | None:
        text = self.block.text
        line = self.block.lines[0]
        start = len(text) - len(text.lstrip())
        title = ""
        if text.startswith("::", start):
            end = text.find("::", start + 2)
            if end < 0:
                self.error(start, "the title opened with '::' is never closed: end it with '::'")
                return None
            title = _shown(text[start + 2 : end]).strip()
            start = end + 2
        kind_format = _FORMAT.match(text, start)
        text_format = kind_format.group(1).lower() if kind_format else "moodle"
        if kind_format:
            start = kind_format.end()
        opening = text.find("{", start)
        if opening < 0:
            if text.find("}", start) >= 0:
                self.error(
                    text.find("}", start), "'}' with no '{' before it: write \\} for a brace"
                )
                return None
            body = _markdown(text[start:], text_format)
            return FileQuestion("description", title, body, line, category=category)
        closing = text.find("}", opening)
        if closing < 0:
            self.error(
                opening,
                "the answers opened with '{' are never closed: add '}' after the last answer "
                "(write \\{ for a brace in the text)",
            )
            return None
        after = text[closing + 1 :]
        if "{" in after or "}" in after:
            self.error(
                closing + 1,
                "a question has one {…} of answers: put a blank line before the next question, "
                "or write \\{ and \\} for braces in the text",
            )
            return None
        before = text[start:opening]
        body = before.strip()
        if after.strip():  # a missing-word question: the answers stand for a blank
            rest = after.lstrip()
            body = (
                before.rstrip() + " _____" + ("" if rest[0] in ".,;:!?)" else " ") + rest
            ).strip()
        prompt = _markdown(body, text_format)
        if not prompt:
            self.error(opening, "the question has no text before its answers: write the question")
        answers = text[opening + 1 : closing]
        general = ""
        split = answers.find("####")
        if split >= 0:
            general = _clean(answers[split + 4 :], text_format)
            answers = answers[:split]
        question = self.answers(answers, opening + 1, text_format)
        if question is None or not self.ok:
            return None
        kind, fields = question
        return FileQuestion(
            kind,
            title,
            prompt,
            line,
            general_feedback=general,
            category=category,
            **fields,
        )

    def answers(self, text: str, base: int, text_format: str) -> tuple[str, dict] | None:
        stripped = text.strip()
        if not stripped:
            return "essay", {}
        if stripped.startswith("#"):
            hash_at = base + text.index("#")
            return "numeric", {"choices": self.numbers(text[text.index("#") + 1 :], hash_at + 1)}
        word = stripped.split("#", 1)[0].strip().upper()
        if word in _TRUTH:
            return self.truth(stripped, base + text.index(stripped), text_format)
        if "~" in text:
            choices = self.choices(text, base, text_format)
            kind = "single" if any(c == "=" for c, _ in self.markers(text)) else "multiple"
            self.check_options(kind, choices, base)
            return kind, {"choices": tuple(choices)}
        if "->" in text:
            return "matching", {"choices": tuple(self.pairs(text, base, text_format))}
        return "short", {"choices": tuple(self.choices(text, base, text_format))}

    def markers(self, text: str) -> list[tuple[str, int]]:
        return [(c, i) for i, c in enumerate(text) if c in "=~"]

    def segments(self, text: str, base: int) -> list[tuple[str, str, int]]:
        """(marker, body, offset) of each answer; text before the first marker is an error."""
        marks = self.markers(text)
        lead = text[: marks[0][1]] if marks else text
        if lead.strip():
            self.error(
                base,
                f"'{_shown(lead.strip())}' is not an answer: start each answer with '=' (right) "
                "or '~' (wrong), and write \\= or \\~ for those characters in text",
            )
        found = []
        for n, (mark, at) in enumerate(marks):
            end = marks[n + 1][1] if n + 1 < len(marks) else len(text)
            found.append((mark, text[at + 1 : end], base + at))
        return found

    def weight(self, body: str, mark: str, at: int) -> tuple[Decimal, str]:
        match = _WEIGHT.match(body)
        if not match:
            return (Decimal(100) if mark == "=" else Decimal(0)), body
        weight = Decimal(match.group(1))
        if not -100 <= weight <= 100:
            self.error(at, f"weight {match.group(1)}% is outside -100% to 100%")
        return weight, body[match.end() :]

    def choices(self, text: str, base: int, text_format: str) -> list[Choice]:
        choices = []
        for mark, body, at in self.segments(text, base):
            weight, body = self.weight(body, mark, at)
            answer, _, feedback = body.partition("#")
            shown = _clean(answer, text_format)
            if not shown:
                self.error(at, f"an empty answer after '{mark}': write its text, or remove it")
            choice_line = self.block.line_at(at)
            choices.append(Choice(shown, choice_line, weight, _clean(feedback, text_format)))
        return choices

    def check_options(self, kind: str, choices: list[Choice], base: int) -> None:
        if kind == "single" and sum(c.weight == 100 for c in choices) > 1:
            self.error(
                base,
                "more than one answer is marked right with '=': a question with '~' options has "
                "one right answer; for several, mark each ~%50% (weights that add up to 100%)",
            )
        if kind == "multiple" and not any(c.right for c in choices):
            self.error(
                base,
                "no answer is right: mark the right answer with '=', or several with weights "
                "like ~%50%",
            )
        if len(choices) < 2:
            self.error(base, "a choice question needs at least two answers")

    def pairs(self, text: str, base: int, text_format: str) -> list[Choice]:
        pairs = []
        for mark, body, at in self.segments(text, base):
            left, arrow, right = body.partition("->")
            if mark != "=" or not arrow or not left.strip() or not right.strip():
                self.error(at, "write each matching pair as '=left -> right'")
                continue
            right, _, feedback = right.partition("#")
            pairs.append(
                Choice(
                    _clean(left, text_format),
                    self.block.line_at(at),
                    Decimal(100),
                    _clean(feedback, text_format),
                    match=_clean(right, text_format),
                )
            )
        if len(pairs) < 2 and self.ok:
            self.error(base, "a matching question needs at least two pairs")
        return pairs

    def numbers(self, text: str, base: int) -> tuple[Choice, ...]:
        if "~" in text:
            self.error(base + text.index("~"), "numeric answers start with '=', not '~'")
            return ()
        if "=" in text:
            segments = self.segments(text, base)
        else:
            segments = [("=", text, base)]
        choices = []
        for mark, body, at in segments:
            weight, body = self.weight(body, mark, at)
            spec, _, feedback = body.partition("#")
            read = self.number(_shown(spec).strip(), at)
            if read:
                value, tolerance = read
                choices.append(
                    Choice(
                        _shown(spec).strip(),
                        self.block.line_at(at),
                        weight,
                        _clean(feedback, "moodle"),
                        value=value,
                        tolerance=tolerance,
                    )
                )
        return tuple(choices)

    def number(self, spec: str, at: int) -> tuple[Decimal, Decimal] | None:
        try:
            if ".." in spec:
                low, high = (Decimal(p.strip()) for p in spec.split("..", 1))
                if low > high:
                    self.error(at, f"the range {spec} runs backwards: write the lower end first")
                    return None
                return (low + high) / 2, (high - low) / 2
            value, _, tolerance = spec.partition(":")
            amount = Decimal(tolerance.strip()) if tolerance.strip() else Decimal(0)
            if amount < 0:
                self.error(at, f"the tolerance in '{spec}' is negative: write how far off counts")
                return None
            return Decimal(value.strip()), amount
        except (InvalidOperation, ValueError):
            self.error(
                at,
                f"'{spec}' is not a number: write it like 3.14, 3.14:0.01 (with a tolerance) or "
                "1..5 (a range)",
            )
            return None

    def truth(self, text: str, at: int, text_format: str) -> tuple[str, dict] | None:
        parts = text.split("#")
        if len(parts) > 3:
            self.error(at, "true-false answers take at most two feedbacks: {T#if wrong#if right}")
            return None
        parts += ["", ""]
        return "true-false", {
            "truth": _TRUTH[parts[0].strip().upper()],
            "wrong_feedback": _clean(parts[1], text_format),
            "right_feedback": _clean(parts[2], text_format),
        }


def _clean(text: str, text_format: str) -> str:
    """An answer's or feedback's text: escapes shown, a format tag of its own honoured."""
    text = _LINE_BREAK.sub(" ", text.strip())  # one answer or feedback may span lines
    tag = _FORMAT.match(text)
    if tag:
        text_format, text = tag.group(1).lower(), text[tag.end() :]
    return _markdown(text, text_format)


def _markdown(text: str, text_format: str) -> str:
    """Text as the lesson writes it: Markdown (HTML passes through Markdown and is sanitised
    when shown); plain text gets Markdown's special characters escaped."""
    shown = _shown(text).strip()
    if text_format == "plain":
        return _MARKDOWN_SPECIAL.sub(r"\\\1", shown)
    return shown
