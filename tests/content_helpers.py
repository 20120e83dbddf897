"""Small lesson texts and content folders for tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

FRONT_MATTER = """\
---
id: {id}
title: {title}
course: {course}
position: {position}
duration: 20
objectives:
  - id: first
    text: Do the first thing.
    sections: [one]
  - id: second
    text: Do the second thing.
{extra}---
"""

# Nine levels of nine aliases each ("billion laughs"): 340 bytes of YAML that stand for 9**9
# (387 million) strings. Lesson YAML refuses anchors and aliases with ANCHORS_REFUSED.
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [" + ",".join([f"*{before}"] * 9) + "]\n"
    for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)
ANCHORS_REFUSED = "anchors and aliases (& and *) are not allowed"

BODY = """\
An introduction.

## Section one {#one}

Some text.

## Section two {#two .deep-dive}

More text.
"""


def lesson_text(
    body: str = BODY,
    *,
    id: str = "a-lesson",
    title: str = "A lesson",
    course: str = "a-course",
    position: int = 1,
    extra: str = "",
) -> str:
    """A valid lesson file; ``body`` replaces the Markdown after the front matter."""
    front = FRONT_MATTER.format(id=id, title=title, course=course, position=position, extra=extra)
    return front + "\n" + textwrap.dedent(body)


def body_line(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def make_content(
    root: Path,
    lessons: dict[str, str],
    course: str = "id: a-course\ntitle: A course\nplanned:\n  - id: later\n    title: Later\n"
    "    position: 9\n",
    folder: str = "a-course",
) -> Path:
    """Write a content folder with one course and the given ``{file name: text}`` lessons."""
    course_dir = root / folder
    course_dir.mkdir(parents=True, exist_ok=True)
    (course_dir / "course.yaml").write_text(course, encoding="utf-8")
    for name, text in lessons.items():
        (course_dir / name).write_text(text, encoding="utf-8")
    return root
