"""Turn the text of one lesson file into a :class:`~app.core.content.model.Lesson`.

Sections start at ``##`` headings. Everything between them is rendered to sanitised HTML,
except activity blocks, which become :class:`ActivityBlock` placeholders that the page fills.

Whatever the text, checking ends with a lesson or with :class:`ContentErrors`: lone surrogates,
HTML nested too deep and a spent :class:`~app.core.content.budget.Budget` are problems at a line
like any other.
"""

from __future__ import annotations

import difflib
import hashlib
from contextlib import nullcontext
from dataclasses import dataclass, field

from markdown_it.token import Token

from app.core import activity_types
from app.core.content.activities import ActivityContext, parse_activity
from app.core.content.anchors import Anchors, slugify
from app.core.content.budget import Budget, OverBudget, checkpoint
from app.core.content.coverage import coverage_warnings
from app.core.content.directives import DIRECTIVES, FIGURE, figure_params, split_params
from app.core.content.errors import ContentErrors, Problems
from app.core.content.fields import SLUG, suggestion
from app.core.content.formula_syntax import formula_problems
from app.core.content.front_matter import FrontMatter, read_front_matter
from app.core.content.images import ImageRef, alt_problem, source_problem
from app.core.content.markdown import LESSON_LINK_PREFIX, MARKDOWN, render_inline, render_tokens
from app.core.content.model import (
    Activity,
    ActivityBlock,
    Heading,
    HtmlBlock,
    InternalLink,
    Lesson,
    Section,
)
from app.core.content.reading_order import reading_order
from app.core.content.sanitize import MAX_HTML_DEPTH, MarkupTooDeep, nesting_after, sanitize_html
from app.core.content.unclosed import first_unclosed
from app.core.untrusted import SURROGATE_MESSAGE, line_of, lone_surrogate_at

SECTION_CLASSES = {"deep-dive": "deep-dive"}
DEEP_HTML = f"raw HTML here nests elements more than {MAX_HTML_DEPTH} deep"


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_lesson(text: str, path: str = "<lesson>", budget: Budget | None = None) -> Lesson:
    """Parse and validate a lesson; raise :class:`ContentErrors` listing every problem.

    With a ``budget``, checking that outlasts it stops with a problem at the line it reached.
    """
    problems = Problems(path)
    surrogate = lone_surrogate_at(text)
    if surrogate is not None:  # no parser can read past one: report it alone
        problems.add(line_of(text, surrogate), f"this line {SURROGATE_MESSAGE}")
        problems.raise_if_any()
    reached = _Reached()
    try:
        with budget.applied() if budget else nullcontext():
            lesson = _parse(text, path, problems, reached)
    except OverBudget as exc:
        problems.add(
            reached.line,
            f"checking stopped here: the lesson took more than {exc.seconds:g} s to check "
            "(split it into smaller lessons, or simplify its Markdown)",
        )
        raise ContentErrors(problems.errors) from None
    problems.raise_if_any()
    return lesson


@dataclass
class _Reached:
    """The line checking has reached, for a problem that stops it."""

    line: int = 1


def _parse(text: str, path: str, problems: Problems, reached: _Reached) -> Lesson:
    front = read_front_matter(text, problems)
    if front is None:
        problems.raise_if_any()
        raise AssertionError("unreachable: front matter problems were reported")
    reached.line = front.body_offset + 1
    builder = _LessonBuilder(front, problems, reached)
    tokens = MARKDOWN.parse(front.body)
    checkpoint()
    builder.walk(tokens)
    return builder.finish(text, path)


@dataclass
class _SectionDraft:
    id: str
    title: str
    title_html: str
    kind: str
    line: int
    headings: list[Heading] = field(default_factory=list)
    blocks: list[HtmlBlock | ActivityBlock] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            self.id,
            self.title,
            self.title_html,
            self.kind,
            self.line,
            tuple(self.headings),
            tuple(self.blocks),
        )


def _plain_text(inline: Token) -> str:
    parts = [
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in inline.children or ()
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    ]
    return "".join(parts).strip() or inline.content.strip()


class _LessonBuilder:
    def __init__(self, front: FrontMatter, problems: Problems, reached: _Reached) -> None:
        self.front = front
        self.problems = problems
        self.reached = reached
        self.anchors = Anchors()
        self.activities: dict[str, Activity] = {}
        self.sections: list[_SectionDraft] = []
        self.intro_html = ""
        self.first_paragraph = ""  # plain text: the summary, unless the front matter has one
        self.pending: list[Token] = []
        self.links: list[InternalLink] = []
        self.images: list[ImageRef] = []
        self.figures: dict[str, str] = {}
        self.heading_level = 2
        # A problem that breaks the lesson's structure (an unclosed ::: block, two sections with
        # one id): (line, message). Problems that follow from it are grouped under it.
        self.root_causes: list[tuple[int, str]] = []
        self.unclosed_line: int | None = None

    # -- helpers ---------------------------------------------------------------------------
    def line(self, token: Token) -> int:
        return self.front.body_offset + (token.map[0] if token.map else 0) + 1

    @property
    def current(self) -> _SectionDraft | None:
        return self.sections[-1] if self.sections else None

    def flush(self) -> None:
        if not self.pending:
            return
        try:
            html = sanitize_html(render_tokens(self.pending))
        except MarkupTooDeep:
            self.problems.add(self._deep_html_line(), DEEP_HTML)
            html = ""
        if self.current is None:
            self.intro_html += html
        else:
            self.current.blocks.append(HtmlBlock(html))
        self.pending = []

    def _deep_html_line(self) -> int:
        """The line of the pending token whose raw HTML nests too deep."""
        depth = 0
        for token in self.pending:
            if token.type == "html_block":
                pieces = [token.content]
            else:
                pieces = [c.content for c in token.children or () if c.type == "html_inline"]
            try:
                for piece in pieces:
                    depth = nesting_after(piece, depth)
            except MarkupTooDeep:
                return self.line(token)
        return self.line(self.pending[0])

    # -- the walk --------------------------------------------------------------------------
    def walk(self, tokens: list[Token]) -> None:
        unclosed = first_unclosed(self.front.body.splitlines())
        if unclosed is not None:
            self.unclosed_line = self.front.body_offset + unclosed.index + 1
            where = "where it ends"
            if unclosed.heading_index is not None:
                heading_line = self.front.body_offset + unclosed.heading_index + 1
                where += f" (before the section heading on line {heading_line})"
            self.root_causes.append(
                (
                    self.unclosed_line,
                    f"the '::: {unclosed.name}' block opened on line {self.unclosed_line} is "
                    f"never closed: add a line ':::' {where}",
                )
            )
        index = 0
        while index < len(tokens):
            token = tokens[index]
            checkpoint()
            if token.map:
                self.reached.line = self.line(token)
            for offset, message in formula_problems(token):
                self.problems.add(self.line(token) + offset, message)
            if token.type == "heading_open":
                if self.heading(token, tokens[index + 1]):
                    index += 3  # the page renders section headings itself
                    continue
            elif token.type == "container_directive_open":
                self.directive(token)
            elif token.type == "fence" and self.fence(token):
                index += 1
                continue
            elif token.type == "inline":
                self.collect_links(token)
                self.collect_images(token)
                if not self.first_paragraph and token.level == 1:
                    self.first_paragraph = _plain_text(token)
            self.pending.append(token)
            index += 1
        self.flush()

    def heading(self, token: Token, inline: Token) -> bool:
        """Give a heading its id; return True when it starts a new section."""
        level = int(token.tag[1])
        line = self.line(token)
        title = _plain_text(inline)
        for bad in token.meta.get("bad_attributes", []):
            self.problems.add(line, f"unknown heading attribute '{bad}': use {{#id}} or {{.class}}")
        explicit = token.meta.get("explicit_id")
        starts_section = level == 2 and token.level == 0
        if explicit is not None:
            self.check_id_spelling(explicit, line)
            message = self.anchors.claim(explicit, line)
            if message and starts_section and message.startswith("duplicate"):
                self.root_causes.append(
                    (
                        line,
                        message + ": two sections can't share an id; give this one its own",
                    )
                )
            elif message:
                self.problems.add(line, message)
            anchor = explicit
        else:
            anchor = self.anchors.derive(title, line)
        token.attrSet("id", anchor)
        classes = token.meta.get("classes", [])

        if level == 1:
            self.problems.add(
                line,
                "level-1 heading: the lesson title comes from the front matter; "
                "start sections with '## '",
            )
        if level != 2 or token.level != 0:
            if classes:
                self.problems.add(line, "heading classes are only for section headings ('## ')")
            if level == 2:
                self.problems.add(line, "a section heading ('## ') can't be inside a ::: block")
            if token.level == 0:
                self.heading_level = level
                if level == 3 and self.current is not None:
                    self.current.headings.append(Heading(anchor, title, level))
            return False

        kind = "core"
        for css_class in classes:
            if css_class in SECTION_CLASSES:
                kind = SECTION_CLASSES[css_class]
            else:
                known = ", ".join("." + c for c in SECTION_CLASSES)
                self.problems.add(line, f"unknown section class '.{css_class}' (known: {known})")
        self.flush()
        self.collect_links(inline)
        try:
            title_html = sanitize_html(render_inline(inline.content.strip()))
        except MarkupTooDeep:
            self.problems.add(line, DEEP_HTML)
            title_html = ""
        self.sections.append(_SectionDraft(anchor, title, title_html, kind, line))
        self.heading_level = 2
        return True

    def check_id_spelling(self, anchor: str, line: int) -> None:
        """Ids are lowercase: 'objectives', 'completion' and 'review' can only name such ids."""
        if SLUG.fullmatch(anchor) or anchor.startswith("page-"):
            return
        if anchor.lower() != anchor and SLUG.fullmatch(anchor.lower()):
            problem = f"id '{anchor}' has capital letters"
        else:
            problem = f"id '{anchor}' is not lowercase letters, digits and hyphens"
        self.problems.add(line, f"{problem}: write it as '{slugify(anchor)}'")

    def directive(self, token: Token) -> None:
        name, title = split_params(token.info)
        if name == FIGURE:
            self.figure(token, title)
            return
        if name in DIRECTIVES:
            return
        line = self.line(token)
        if name in activity_types.blocks():
            self.problems.add(line, f"'{name}' is written as a fenced block: ```{name}")
            return
        close = difflib.get_close_matches(name, list(DIRECTIVES), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        known = ", ".join(DIRECTIVES)
        self.problems.add(line, f"unknown block type '::: {name}'{hint}; known: {known}")

    def figure(self, token: Token, title: str) -> None:
        """Give a figure its id (``{#id}`` after the caption, else one from the caption)."""
        line = self.line(token)
        caption, explicit = figure_params(title)
        if not caption:
            self.problems.add(line, "a figure needs a caption: ::: figure What it shows {#id}")
            caption = "figure"
        if explicit is None:
            anchor = self.anchors.derive(caption, line)
        else:
            message = self.anchors.claim(explicit, line)
            if message:
                self.problems.add(line, message)
            anchor = explicit
        token.meta["figure_id"] = anchor
        self.figures[anchor] = caption

    def fence(self, token: Token) -> bool:
        """Handle an activity block; return True when the fence was one."""
        kind = token.info.strip().split(" ", 1)[0] if token.info.strip() else ""
        line = self.line(token)
        blocks = activity_types.blocks()
        if kind not in blocks:
            close = difflib.get_close_matches(kind, list(blocks), n=1, cutoff=0.75)
            if kind and close:
                self.problems.add(line, f"unknown block type '{kind}' (did you mean '{close[0]}'?)")
            return False
        if token.level != 0:
            self.problems.add(line, f"a {kind} block can't be inside a ::: block")
            return True
        if self.current is None:
            self.problems.add(
                line, f"a {kind} block must be inside a section (after a '## ' heading)"
            )
            return True
        self.flush()
        context = ActivityContext(
            section_id=self.current.id,
            heading_level=min(self.heading_level + 1, 6),
            in_deep_dive=self.current.kind == "deep-dive",
            first_line=line + 1,
            objective_sections={o.id: o.sections for o in self.front.objectives},
        )
        try:
            activity = parse_activity(kind, token.content, context, self.problems, MARKDOWN.render)
        except MarkupTooDeep:
            self.problems.add(line, f"{kind} block: {DEEP_HTML}")
            return True
        if activity is None:
            return True
        message = self.anchors.claim(activity.id, activity.line)
        if message:
            self.problems.add(activity.line, message)
            return True
        self.activities[activity.id] = activity
        self.current.blocks.append(ActivityBlock(activity.id))
        if activity.title and activity.heading_level == 3:
            self.current.headings.append(Heading(activity.id, activity.title, 3))
        return True

    def collect_links(self, inline: Token) -> None:
        for child in inline.children or ():
            if child.type != "link_open":
                continue
            href = str(child.attrGet("href") or "")
            if href.startswith("#") or href.startswith(LESSON_LINK_PREFIX):
                self.links.append(InternalLink(href, self.line(inline)))

    def collect_images(self, inline: Token) -> None:
        """Note each image and check its source and alternative text, at its own line."""
        searched = 0
        for child in inline.children or ():
            if child.type != "image":
                continue
            src = str(child.attrGet("src") or "")
            at = inline.content.find("![", searched)
            searched = at + 2 if at != -1 else searched
            line = self.line(inline) + inline.content.count("\n", 0, max(at, 0))
            self.images.append(ImageRef(src, child.content, line))
            for problem in (source_problem(src), alt_problem(child.content, src)):
                if problem:
                    self.problems.add(line, problem)

    # -- checks that need the whole lesson ---------------------------------------------------
    def completion_rules(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Required sections and activities: as declared, else every core one."""
        rules = self.front.values.get("completion", {})
        line = self.front.key_lines.get("completion", 1)
        sections = {s.id: s for s in self.sections}
        if "sections" in rules:
            for section_id in rules["sections"]:
                section = sections.get(section_id)
                if section is not None and section.kind == "deep-dive":
                    self.problems.add(
                        line, f"completion: '{section_id}' is a deep dive and can't be required"
                    )
            required_sections = tuple(rules["sections"])
        else:
            required_sections = tuple(s.id for s in self.sections if s.kind != "deep-dive")
        if "activities" in rules:
            for activity_id in rules["activities"]:
                activity = self.activities.get(activity_id)
                if activity is None:
                    self.problems.add(
                        line,
                        f"completion: no activity '{activity_id}'"
                        + suggestion(activity_id, self.activities),
                    )
                elif activity.bonus or not activity.graded:
                    self.problems.add(
                        line,
                        f"completion: '{activity_id}' is a bonus or ungraded activity "
                        "and can't be required",
                    )
            required_activities = tuple(rules["activities"])
        else:
            required_activities = tuple(
                a.id for a in self.activities.values() if a.graded and not a.bonus
            )
        return required_sections, required_activities

    def completion_sections_missing(self, section_ids: set[str]) -> list[str]:
        rules = self.front.values.get("completion", {})
        return [s for s in rules.get("sections", ()) if s not in section_ids]

    def report_structure(self, missing: dict[str, list[tuple[int, str]]]) -> None:
        """Report each root cause once, with the problems it causes grouped under it: the
        references to sections it hides, and (after an unclosed block) everything later."""
        if not self.root_causes:
            for found in missing.values():
                for line, message in found:
                    self.problems.add(line, message)
            return
        hidden = 0
        if self.unclosed_line is not None:
            kept = [e for e in self.problems.errors if e.line <= self.unclosed_line]
            hidden = len(self.problems.errors) - len(kept)
            self.problems.errors = kept
        references = sum(len(found) for found in missing.values())
        notes = []
        if missing:
            names = ", ".join(f"'{s}'" for s in sorted(missing))
            notes.append(f"{references} reference(s) to sections it hides ({names})")
        if hidden:
            notes.append(f"{hidden} later problem(s)")
        for index, (line, message) in enumerate(sorted(self.root_causes)):
            if index == 0 and notes:
                message += "; not listed until it is fixed: " + " and ".join(notes)
            self.problems.add(line, message)

    def finish(self, text: str, path: str) -> Lesson:
        front, values = self.front, self.front.values
        section_ids = {s.id for s in self.sections}
        objective_ids = {o.id for o in front.objectives}
        # Named sections the lesson lacks: id → [(line, message)], reported one by one unless a
        # broken structure explains them.
        missing: dict[str, list[tuple[int, str]]] = {}

        # A reference to the lowercase spelling of an id written with capitals follows from that
        # id's own error ("has capital letters: write it as …"): it is not reported again.
        miscapitalised = {a.lower() for a in self.anchors.lines if a != a.lower()}

        def lacks(section_id: str, line: int, message: str) -> None:
            if section_id in miscapitalised:
                return
            missing.setdefault(section_id, []).append(
                (line, message + suggestion(section_id, section_ids))
            )

        for objective in front.objectives:
            for section_id in objective.sections:
                if section_id not in section_ids:
                    lacks(
                        section_id,
                        front.objective_lines[objective.id],
                        f"objective '{objective.id}' names section '{section_id}', "
                        "which this lesson does not have",
                    )
        for activity in self.activities.values():
            if activity.figure and activity.figure not in self.figures:
                self.problems.add(
                    activity.field_lines.get("figure", activity.line),
                    f"activity '{activity.id}' points to figure '{activity.figure}', "
                    "which this lesson does not have (::: figure Caption {#id})",
                )
            for section_id, line in activity.section_refs:
                if section_id not in section_ids:
                    lacks(
                        section_id,
                        line,
                        f"activity '{activity.id}' sends learners to section "
                        f"'{section_id}', which this lesson does not have",
                    )
            named = [
                (o, activity.field_lines.get("objectives", activity.line))
                for o in activity.objectives
            ]
            for objective_id, line in named + list(activity.objective_refs):
                if objective_id not in objective_ids:
                    self.problems.add(
                        line,
                        f"activity '{activity.id}' refers to objective '{objective_id}', "
                        "which the front matter does not declare"
                        + suggestion(objective_id, objective_ids),
                    )
        for link in self.links:
            if (
                link.target.startswith("#")
                and link.target[1:] not in self.anchors
                and link.target[1:] not in miscapitalised
            ):
                self.problems.add(
                    link.line,
                    f"broken link '{link.target}': no such id in this lesson"
                    + suggestion(link.target[1:], self.anchors.lines),
                )
        if not self.sections and self.unclosed_line is None:
            self.problems.add(front.body_offset + 1, "the lesson has no sections ('## ' headings)")
        for section_id in self.completion_sections_missing(section_ids):
            lacks(
                section_id,
                front.key_lines.get("completion", 1),
                f"completion: no section '{section_id}'",
            )
        self.report_structure(missing)
        if not self.root_causes:
            section_kinds = {s.id: s.kind for s in self.sections}
            for line, message in coverage_warnings(
                front.objectives, front.objective_lines, section_kinds, self.activities.values()
            ):
                self.problems.warn(line, message)
        required_sections, required_activities = self.completion_rules()
        sections = reading_order([s.freeze() for s in self.sections], required_sections)

        return Lesson(
            id=values.get("id", ""),
            title=values.get("title", ""),
            course=values.get("course", ""),
            position=values.get("position", 1),
            duration_minutes=values.get("duration", 1),
            objectives=tuple(front.objectives),
            next_lesson=values.get("next"),
            summary=values.get("summary", self.first_paragraph),
            intro_html=self.intro_html,
            sections=tuple(sections),
            activities=self.activities,
            links=tuple(self.links),
            source_hash=source_hash(text),
            path=path,
            anchors=frozenset(self.anchors.lines),
            required_sections=required_sections,
            required_activities=required_activities,
            meta_lines=front.key_lines,
            warnings=tuple(self.problems.warnings),
            images=tuple(self.images),
            figures=self.figures,
        )
