"""Activity blocks: fenced YAML blocks named ``exercise`` (with a ``type``), or after a type that
has a block of its own (``quiz``, ``reflection``).

This module reads the part every activity shares (id, type, title, prompt, objectives, mode,
review, the figure its feedback points to, pass mark, attempts, who may answer and when the
answers are shown); each type's reader
(:mod:`app.core.activity_types`) reads its own fields into ``Activity.spec``, which the grading
code of that type uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core import activity_types
from app.core.content import fields as f
from app.core.content.errors import Problems
from app.core.content.formula_syntax import formula_problems
from app.core.content.markdown import MARKDOWN
from app.core.content.model import Activity
from app.core.content.sanitize import sanitize_html
from app.core.content.specs.common import SpecReader, percent
from app.core.content.yaml_source import LinedDict, YamlProblem, load_yaml, shift_lines

MODES = ("practice", "assessment")
# When an assessment shows its answers (and the feedback that gives them away), once the learner
# has passed or used their last attempt: to everyone, only to learners signed in to an account
# (an anonymous browser can start afresh by dropping its cookie, so it could collect the answers
# and use them in the account that counts), or never.
REVEAL_ANSWERS = ("after-last-attempt", "to-signed-in", "never")
DEFAULT_REVEAL_ANSWERS = "to-signed-in"

COMMON_OPTIONAL = {
    "title": f.text,
    "objectives": f.list_of(f.slug),
    "bonus": f.boolean,
    "mode": f.one_of(*MODES),
    "review": f.slug,
    "figure": f.slug,
    "pass_mark": percent,
    "max_attempts": f.positive_int,
    "requires_account": f.boolean,
    "reveal_answers": f.one_of(*REVEAL_ANSWERS),
}
DEFAULT_PASS_MARK = 70
DEFAULT_ASSESSMENT_ATTEMPTS = 2


@dataclass(frozen=True)
class ActivityContext:
    """Where in the lesson an activity block stands."""

    section_id: str
    heading_level: int
    in_deep_dive: bool
    first_line: int  # file line of the block's first YAML line
    objective_sections: dict[str, tuple[str, ...]]  # where each objective is taught


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
        required["type"] = f.one_of(*activity_types.exercise_types())
    optional = {k: v for k, v in COMMON_OPTIONAL.items() if k not in required}
    values = f.check_fields(data, required, optional, problems, where, extra_allowed=True)
    if kind != "exercise" and "type" in data:
        problems.add(data.line_of("type"), f"{where}: 'type' is only for exercise blocks")
    if not {"id", "prompt"} <= values.keys() or (kind == "exercise" and "type" not in values):
        return None

    shared = set(required) | set(COMMON_OPTIONAL) | {"type"}
    rest = LinedDict({key: value for key, value in data.items() if key not in shared})
    rest.line, rest.key_lines = data.line, dict(data.key_lines)
    reader = SpecReader(problems, f"{values['id']}", render_markdown)
    review = values.get("review")
    if review:
        reader.section_refs.append((review, data.line_of("review")))
    else:  # send learners where the activity's first objective is taught, else to its section
        taught = [
            s for o in values.get("objectives", ()) for s in context.objective_sections.get(o, ())
        ]
        review = taught[0] if taught else context.section_id
    for token in MARKDOWN.parse(values["prompt"]):
        for _, message in formula_problems(token):
            problems.add(data.line_of("prompt"), f"{where}: prompt: {message}")
    activity_type = activity_types.get(values.get("type", kind))
    spec = activity_type.read_spec(rest, reader, review)
    mode = values.get("mode", "practice")
    for name in ("max_attempts", "reveal_answers"):
        if name in values and mode != "assessment":
            problems.add(data.line_of(name), f"{where}: '{name}' needs mode: assessment")
    attempts = values.get(
        "max_attempts", DEFAULT_ASSESSMENT_ATTEMPTS if mode == "assessment" else None
    )
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
        mode=mode,
        spec=spec,
        review=review,
        figure=values.get("figure"),
        pass_mark=values.get("pass_mark", DEFAULT_PASS_MARK),
        max_attempts=attempts,
        requires_account=values.get("requires_account", mode == "assessment"),
        reveal_answers=values.get("reveal_answers", DEFAULT_REVEAL_ANSWERS),
        section_refs=tuple(reader.section_refs),
        objective_refs=tuple(reader.objective_refs),
        field_lines=dict(data.key_lines),
    )
