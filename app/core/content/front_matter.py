"""The YAML front matter that opens every lesson file, between two ``---`` lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.content import fields as f
from app.core.content.errors import Problems
from app.core.content.model import Objective
from app.core.content.yaml_source import LinedDict, YamlProblem, load_yaml, shift_lines

REQUIRED = {
    "id": f.slug,
    "title": f.text,
    "course": f.slug,
    "position": f.positive_int,
    "duration": f.positive_int,
    "objectives": lambda v: v,  # checked item by item below
}
OPTIONAL = {"next": f.slug, "summary": f.text, "completion": lambda v: v}  # completion: below
COMPLETION_OPTIONAL = {"sections": f.list_of(f.slug), "activities": f.list_of(f.slug)}
OBJECTIVE_REQUIRED = {"id": f.slug, "text": f.text}
OBJECTIVE_OPTIONAL = {"sections": f.list_of(f.slug)}


@dataclass
class FrontMatter:
    values: dict[str, Any]
    objectives: list[Objective]
    objective_lines: dict[str, int]
    key_lines: dict[str, int]
    body: str
    body_offset: int  # lines of the file before the body


def split_front_matter(text: str, problems: Problems) -> tuple[LinedDict | None, str, int]:
    """Return (front matter mapping, body, number of lines before the body)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.add(1, "the file must start with front matter: a line '---', YAML, then '---'")
        return None, text, 0
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            yaml_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            try:
                data = load_yaml(yaml_text)
            except YamlProblem as exc:
                problems.add(exc.line + 1, exc.message)
                return None, body, index + 1
            if not isinstance(data, LinedDict):
                problems.add(2, "front matter must be a YAML mapping of 'field: value' lines")
                return None, body, index + 1
            shift_lines(data, 1)
            return data, body, index + 1
    problems.add(1, "front matter is not closed: add a line '---' after it")
    return None, "", len(lines)


def read_front_matter(text: str, problems: Problems) -> FrontMatter | None:
    data, body, offset = split_front_matter(text, problems)
    if data is None:
        return None
    values = f.check_fields(data, REQUIRED, OPTIONAL, problems, "front matter")
    completion = data.get("completion")
    if completion is not None:
        if isinstance(completion, LinedDict):
            values["completion"] = f.check_fields(
                completion, {}, COMPLETION_OPTIONAL, problems, "completion"
            )
        else:
            problems.add(
                data.line_of("completion"), "'completion' takes 'sections' and 'activities'"
            )
            values.pop("completion", None)
    objectives, objective_lines = _read_objectives(data, problems)
    return FrontMatter(values, objectives, objective_lines, dict(data.key_lines), body, offset)


def _read_objectives(data: LinedDict, problems: Problems) -> tuple[list[Objective], dict[str, int]]:
    raw = data.get("objectives")
    if raw is None:
        return [], {}
    if not isinstance(raw, list) or not raw:
        problems.add(data.line_of("objectives"), "'objectives' must be a non-empty list")
        return [], {}
    objectives: list[Objective] = []
    lines: dict[str, int] = {}
    for item in raw:
        if not isinstance(item, LinedDict):
            problems.add(data.line_of("objectives"), "each objective needs 'id' and 'text' fields")
            continue
        values = f.check_fields(item, OBJECTIVE_REQUIRED, OBJECTIVE_OPTIONAL, problems, "objective")
        if "id" not in values or "text" not in values:
            continue
        if values["id"] in lines:
            problems.add(item.line_of("id"), f"duplicate objective id '{values['id']}'")
            continue
        lines[values["id"]] = item.line_of("id")
        objectives.append(
            Objective(values["id"], values["text"], tuple(values.get("sections", ())))
        )
    return objectives, lines
