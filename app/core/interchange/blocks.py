"""Quiz blocks in a lesson's Markdown: found, written, added, and questions added to them.

Edits are textual so the rest of the lesson (and the author's comments and layout in an
existing quiz) stays exactly as written; callers check the edited lesson before saving it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from app.core.content.yaml_source import YamlProblem, load_yaml

_FENCE = re.compile(r"^(`{3,})\s*quiz\s*\Z")
_SECTION = re.compile(r"^##\s+\S")
_DEEP_DIVE = re.compile(r"\{[^}]*\.deep-dive[^}]*\}\s*\Z")
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


class BlockProblem(ValueError):
    """The lesson can't take the questions where they were meant to go; says why and what to do."""


@dataclass(frozen=True)
class QuizBlock:
    id: str
    start: int  # index of the opening fence line
    end: int  # index of the closing fence line
    data: Any  # the block's YAML


def quiz_blocks(source: str) -> list[QuizBlock]:
    """The lesson's quiz blocks whose YAML reads (a broken one is the checker's to report)."""
    lines = source.split("\n")
    found = []
    n = 0
    while n < len(lines):
        opening = _FENCE.match(lines[n])
        if not opening:
            n += 1
            continue
        fence = opening.group(1)
        end = next((k for k in range(n + 1, len(lines)) if lines[k].strip() == fence), len(lines))
        try:
            data = load_yaml("\n".join(lines[n + 1 : end]))
        except YamlProblem:
            data = None
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.append(QuizBlock(data["id"], n, end, data))
        n = end + 1
    return found


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def quiz_block(activity_id: str, questions: list[dict], title: str = "") -> str:
    data: dict[str, Any] = {"id": activity_id}
    if title:
        data["title"] = title
    data |= {"prompt": "Answer each question.", "questions": questions}
    return f"```quiz\n{dump(data)}```\n"


def add_quiz(source: str, block: str) -> str:
    """The lesson with ``block`` at the end of its last core section (before any deep dive)."""
    lines = source.rstrip("\n").split("\n")
    sections = [n for n, line in enumerate(lines) if _SECTION.match(line)]
    if not sections:
        raise BlockProblem(
            "the lesson has no section for the quiz to stand in: add a '## ' heading first"
        )
    deep = [n for n in sections if _DEEP_DIVE.search(lines[n])]
    before = next((n for n in deep if all(m in deep for m in sections if m > n)), None)
    if before is not None and before == sections[0]:
        raise BlockProblem("the lesson has only deep-dive sections: add a core section first")
    at = before if before is not None else len(lines)
    while at > 0 and not lines[at - 1].strip():
        at -= 1
    new = [*lines[:at], "", *block.rstrip("\n").split("\n"), "", *lines[at:]]
    return "\n".join(new).rstrip("\n") + "\n"


def add_questions(source: str, quiz: QuizBlock, questions: list[dict]) -> str:
    """The lesson with ``questions`` after the last question of ``quiz``."""
    lines = source.split("\n")
    key_line = next(
        (
            n
            for n in range(quiz.start + 1, quiz.end)
            if _KEY.match(lines[n]) and _KEY.match(lines[n]).group(1) == "questions"
        ),
        None,
    )
    if key_line is None or lines[key_line].split(":", 1)[1].strip():
        raise BlockProblem(
            f"quiz '{quiz.id}' must list its questions one per line under 'questions:' (as "
            "'- id: …' items) to take more"
        )
    end = key_line + 1
    indent = None
    while end < quiz.end:
        text = lines[end]
        if text.strip() and not text.startswith(" ") and not text.startswith("-"):
            break
        if indent is None and text.lstrip().startswith("-"):
            indent = len(text) - len(text.lstrip())
        end += 1
    while end > key_line + 1 and not lines[end - 1].strip():
        end -= 1
    pad = " " * (indent or 0)
    added = [pad + line if line else line for line in dump(questions).rstrip("\n").split("\n")]
    return "\n".join([*lines[:end], *added, *lines[end:]])
