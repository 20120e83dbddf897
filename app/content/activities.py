"""Activity blocks: fenced YAML blocks named ``exercise``, ``quiz`` or ``reflection``.

This module reads the part every activity shares (id, type, title, prompt, objectives, mode);
type-specific fields stay in ``Activity.spec`` for the grading code of each type.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.content import fields as f
from app.content.errors import Problems
from app.content.model import Activity
from app.content.sanitize import sanitize_html
from app.content.yaml_source import LinedDict, YamlProblem, load_yaml, shift_lines

EXERCISE_TYPES = ("process-map", "comparison-table", "free-text", "checklist")
ACTIVITY_KINDS = {"exercise": EXERCISE_TYPES, "quiz": ("quiz",), "reflection": ("reflection",)}
MODES = ("practice", "assessment")

COMMON_OPTIONAL = {
    "title": f.text,
    "objectives": f.list_of(f.slug),
    "bonus": f.boolean,
    "mode": f.one_of(*MODES),
}


@dataclass(frozen=True)
class ActivityContext:
    """Where in the lesson an activity block stands."""

    section_id: str
    heading_level: int
    in_deep_dive: bool
    first_line: int  # file line of the block's first YAML line


def parse_activity(
    kind: str, source: str, context: ActivityContext, problems: Problems, render_markdown
) -> Activity | None:
    """Read one activity block; report problems and return None when it can't be used."""
    where = f"{kind} block"
    try:
        data = load_yaml(source)
    except YamlProblem as exc:
        problems.add(context.first_line + exc.line - 1, f"{where}: {exc.message}")
        return None
    if not isinstance(data, LinedDict):
        problems.add(context.first_line, f"{where}: must be a YAML mapping of 'field: value' lines")
        return None
    shift_lines(data, context.first_line - 1)

    required = {"id": f.slug, "prompt": f.text}
    if kind == "exercise":
        required["type"] = f.one_of(*EXERCISE_TYPES)
    optional = {k: v for k, v in COMMON_OPTIONAL.items() if k not in required}
    values = f.check_fields(data, required, optional, problems, where, extra_allowed=True)
    if kind != "exercise" and "type" in data:
        problems.add(data.line_of("type"), f"{where}: 'type' is only for exercise blocks")
    if not {"id", "prompt"} <= values.keys() or (kind == "exercise" and "type" not in values):
        return None

    shared = set(required) | set(COMMON_OPTIONAL) | {"type"}
    spec = {key: value for key, value in data.items() if key not in shared}
    return Activity(
        id=values["id"],
        kind=kind,
        type=values.get("type", kind),
        title=values.get("title", ""),
        prompt_html=sanitize_html(render_markdown(values["prompt"])),
        objectives=tuple(values.get("objectives", ())),
        section_id=context.section_id,
        heading_level=context.heading_level,
        line=data.line_of("id"),
        bonus=values.get("bonus", context.in_deep_dive),
        mode=values.get("mode", "practice"),
        spec=spec,
        field_lines=dict(data.key_lines),
    )
