"""The lesson page, rendered once and filled in for each learner.

Most of a lesson page is the same for everyone: the lesson's text, its table of contents, the
course outline, the header. It is rendered once per *shell key* — the published revision, the
course outline (titles, order, what is published) and the kind of visitor (anonymous, learner,
instructor: the header's links) — with markers where learner-specific *slots* go
(``slot(...)`` in lesson.html and _sections.html, macros in templates/lessons/_learner.html)
and a placeholder where the CSRF token goes. Each request joins the pieces with its own
learner's slots and token.

The placeholder and the slot markers are made for each shell, from 128 random bits, after the
lesson text they are rendered with was written: an author who puts some placeholder into a
lesson (in a link to another site, say) can't have guessed the one its shell uses, so no
visitor's token is ever written into author content. A placeholder never leaves the server:
every occurrence is replaced before a page is sent.

A slot whose HTML depends on a few values only (a section read or not, an activity not yet
answered) keeps each variant it has rendered, split where the token goes. Slots built from a
learner's own answers or saved position are rendered for every request and never kept. A page
with flashed messages is rendered in full, as any other page.

Shared pieces and kept variants are kept compressed too (app/web/gzip_pieces.py), so a browser that
accepts gzip gets a body of which only the token and this learner's own parts were compressed
for the request.

A page is about a hundred pieces (shared text, slots, tokens), and going through them one by one
for each request, twice (filling the slots, then joining and checksumming), cost more than the
rest of the page. What a learner's page is made of depends only on which variant each slot shows:
for each such combination the shell keeps a *plan*, the pieces with every run of kept text merged
into one, and the holes left (the token, this learner's own slots). A request then fills a few
holes; a combination seen for the first time costs one pass to merge.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flask import Response, current_app, render_template, request, session
from flask_login import current_user
from markupsafe import Markup

from app.core.content.model import Activity
from app.learning.attempts import ActivityState
from app.learning.finish import finish_report
from app.learning.lesson_queries import LessonPage
from app.learning.snapshot import LessonSnapshot
from app.web.compression import accepts_gzip, gzip_response
from app.web.gzip_pieces import Kept, gzip_join, join_bytes, keep, merge
from app.web.lessons.focus import FOCUS, FULL, View
from app.web.security.csrf import csrf_token

TEMPLATE = "lessons/lesson.html"
MACROS = "lessons/_learner.html"
MAX_SHELLS = 64
MAX_PLANS = 256  # per shell
MAX_RUNS = 1024  # per shell
_TOKEN = object()  # a piece that is the request's CSRF token


def new_placeholder() -> str:
    """A placeholder for the CSRF token in one shell: random, so no lesson text can hold it."""
    return f"csrf-token-{secrets.token_hex(16)}"


def render_activity(page, activity: Activity, state: ActivityState, **extra) -> str:
    """One activity as the lesson page draws it (also the JSON reply to a submitted answer)."""
    return render_template(
        "activities/activity.html",
        a=activity,
        state=state,
        page=page,
        lesson=page.content,
        preview=False,
        **extra,
    )


@dataclass(frozen=True)
class Visitor:
    """What the shared parts of the page may know of the user: the kind of visitor, no more
    (anything else a template asked of ``current_user`` would fail while rendering a shell)."""

    is_authenticated: bool
    can_teach: bool


@dataclass
class Slot:
    kind: str
    args: tuple
    variants: dict[Hashable, tuple] = field(default_factory=dict)


@dataclass
class Shell:
    """The shared pieces of a lesson page, and the placeholder its kept slot variants were
    rendered with (replaced by _TOKEN pieces, like the shell's own); ``plans`` by the variants its
    slots show (see the module)."""

    pieces: list[Kept | Slot | object]
    placeholder: str
    slots: tuple[Slot, ...] = ()
    plans: dict[tuple, tuple[Kept | Slot | object, ...]] = field(default_factory=dict)
    runs: dict[tuple[int, ...], Kept] = field(default_factory=dict)  # merged, by their pieces

    def __post_init__(self) -> None:
        self.slots = tuple(p for p in self.pieces if isinstance(p, Slot))


class Fill:
    """One learner's slots. ``variant`` says which kept variant a slot shows (None: render it
    for this learner); ``html`` renders it."""

    def __init__(
        self, page: LessonPage, snapshot: LessonSnapshot, learner=None, view: View | None = None
    ) -> None:
        self.page = page
        self.snapshot = snapshot
        self.learner = learner
        self.view = view or View(FULL, None, None)
        self._read = snapshot.progress.sections_read

    @cached_property
    def macros(self) -> Any:
        return learner_macros()

    def variants(self, slots: tuple[Slot, ...]) -> tuple[Hashable | None, ...]:
        """Which kept variant each slot shows (None: render it for this learner)."""
        read, states, view = self._read, self.snapshot.states, self.view
        focus = view.focus
        found: list[Hashable | None] = []
        for slot in slots:
            kind = slot.kind
            if kind == "read_mark" or kind == "read_status":
                found.append(slot.args[0] in read)
            elif kind == "focus":
                found.append(focus == slot.args[0])
            elif kind == "activity":
                found.append(None if states[slot.args[0]].count else "unanswered")
            else:
                found.append(self.variant(kind, slot.args))
        return tuple(found)

    def variant(self, kind: str, args: tuple) -> Hashable | None:
        progress = self.snapshot.progress
        if kind in ("read_mark", "read_status"):
            return progress.section_read(args[0])
        if kind == "complete":
            # The panel shows this learner's scores and time: kept only while it is empty.
            return None if progress.complete else False
        if kind == "activity":
            return None if self.snapshot.states[args[0]].count else "unanswered"
        if kind == "positions" and not self.snapshot.positions:
            return "none"
        if kind == "progress":
            # The bar and counts depend on the numbers done (what is required is the shell's
            # revision's), the link on the section the learner was reading.
            return (progress.sections_done, progress.activities_done, self._continue_at())
        if kind == "view":
            return self.view.mode
        if kind == "focus":
            return self.view.focus == args[0]
        if kind == "view_toggle":
            return (self.view.mode, self.view.section if self.view.mode == FOCUS else None)
        return None

    def _continue_at(self) -> str | None:
        """The section the progress panel offers to continue at (as lessons/_learner.html)."""
        reading = self.snapshot.positions.get("reading")
        lesson = self.page.content
        if reading is None or not lesson.sections or reading.section_id == lesson.sections[0].id:
            return None
        return reading.section_id if lesson.section(reading.section_id) else None

    def html(self, kind: str, args: tuple, token: str) -> Markup:
        page, snapshot, m = self.page, self.snapshot, self.macros
        lesson, progress = page.content, snapshot.progress
        if kind == "read_mark":
            return m.read_mark(args[0], progress.section_read(args[0]))
        if kind == "read_status":
            section = lesson.section(args[0])
            return m.read_status(page, section, progress.section_read(args[0]), token)
        if kind == "complete":
            report = finish_report(self.learner, page, progress, snapshot.states)
            return m.complete(page, report, bool(current_user.is_authenticated))
        if kind == "positions":
            saved = snapshot.positions
            return m.positions(saved.get("reading"), saved.get("listening"))
        if kind == "progress":
            return m.progress(lesson, progress, snapshot.positions.get("reading"))
        if kind == "view":
            return Markup(" lesson--focus" if self.view.mode == FOCUS else "")  # nosec B704 (a constant)
        if kind == "focus":
            return Markup(" is-current" if self.view.focus == args[0] else "")  # nosec B704 (a constant)
        if kind == "view_toggle":
            return m.view_toggle(page, self.view)
        if kind == "activity":
            activity = lesson.activities[args[0]]
            state = snapshot.states[args[0]]
            # render_template's output, already escaped by Jinja's autoescaping.
            return Markup(render_activity(page, activity, state, csrf_token=lambda: token))  # nosec B704
        raise ValueError(f"no slot called {kind!r}")


class ShellCache:
    def __init__(self, max_size: int = MAX_SHELLS) -> None:
        self.max_size = max_size
        self._items: OrderedDict[Hashable, Shell] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Shell]) -> Shell:
        with self._lock:
            shell = self._items.get(key)
            if shell is not None:
                self._items.move_to_end(key)
                return shell
        shell = build()  # outside the lock; two requests may build the same shell, both right
        with self._lock:
            self._items[key] = shell
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)
        return shell

    def __len__(self) -> int:
        return len(self._items)

    def kept(self) -> list[Shell]:
        with self._lock:
            return list(self._items.values())

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def learner_macros() -> Any:
    """The macros that draw one learner's parts of the lesson page (lessons/_learner.html)."""
    return current_app.jinja_env.get_template(MACROS).module


def _visitor() -> Visitor:
    user = current_user._get_current_object()
    signed_in = bool(user.is_authenticated)
    return Visitor(signed_in, signed_in and bool(user.can_teach))


def _context(page: LessonPage) -> dict[str, Any]:
    return {"page": page, "lesson": page.content}


def _build(page: LessonPage, visitor: Visitor) -> Shell:
    """Render the shared page once, with this shell's own placeholder and slot markers (made
    now, after the lesson text was written), and cut it where they are."""
    placeholder = new_placeholder()
    slots: list[Slot] = []

    def record(kind: str, *args: object) -> Markup:
        slots.append(Slot(kind, args))
        marker = f"\x00{placeholder}:{len(slots) - 1}\x00"
        return Markup(marker)  # nosec B704 (a marker of our own)

    html = render_template(
        TEMPLATE,
        **_context(page),
        slot=record,
        csrf_token=lambda: placeholder,
        current_user=visitor,
        get_flashed_messages=lambda **_: [],
    )
    markers = re.compile(f"\x00{re.escape(placeholder)}:(\\d+)\x00|({re.escape(placeholder)})")
    pieces: list[str | Slot | object] = []
    at = 0
    for match in markers.finditer(html):
        pieces.append(html[at : match.start()])
        pieces.append(_TOKEN if match.group(2) else slots[int(match.group(1))])
        at = match.end()
    pieces.append(html[at:])
    return Shell([keep(p) if isinstance(p, str) else p for p in pieces if p != ""], placeholder)


def shells() -> ShellCache:
    return current_app.extensions["lesson_shells"]


def render_lesson(
    page: LessonPage, snapshot: LessonSnapshot, learner=None, view: View | None = None
) -> str | Response:
    """The lesson page for this request's learner, gzipped when the browser accepts it."""
    fill = Fill(page, snapshot, learner, view)
    if session.get("_flashes"):
        token = csrf_token()
        direct = lambda kind, *args: fill.html(kind, args, token)  # noqa: E731
        return render_template(TEMPLATE, **_context(page), slot=direct)
    visitor = _visitor()
    key = (page.revision_id, page.read_outline, visitor, request.script_root)
    shell = shells().get(key, lambda: _build(page, visitor))
    variants = fill.variants(shell.slots)
    plan = shell.plans.get(variants)
    if plan is None:
        plan = _plan(fill, shell, variants)
        if len(shell.plans) >= MAX_PLANS:
            shell.plans.clear()  # many different learners' states: start over
        shell.plans[variants] = plan
    token = csrf_token()
    out: list[Kept | str] = []
    for piece in plan:
        if piece is _TOKEN:
            out.append(token)
        elif type(piece) is Slot:
            out.append(fill.html(piece.kind, piece.args, token))  # this learner's own
        else:
            out.append(piece)  # type: ignore[arg-type]
    if accepts_gzip():
        return gzip_response(gzip_join(out))
    return Response(join_bytes(out), mimetype="text/html")


def _plan(fill: Fill, shell: Shell, variants: tuple) -> tuple[Kept | Slot | object, ...]:
    """The shell's pieces with each slot's kept variant in its place (a slot this learner sees
    rendered for them alone stays a slot), every run of kept text merged into one piece."""
    pieces: list[Kept | Slot | object] = []
    shown = iter(variants)
    for piece in shell.pieces:
        if isinstance(piece, Slot):
            variant = next(shown)
            if variant is None:
                pieces.append(piece)
            else:
                pieces.extend(_slot(fill, piece, variant, shell.placeholder))
        else:
            pieces.append(piece)
    plan: list[Kept | Slot | object] = []
    run: list[Kept] = []
    for piece in [*pieces, None]:
        if isinstance(piece, Kept):
            run.append(piece)
            continue
        if run:
            plan.append(_merged(shell, run))
            run = []
        if piece is not None:
            plan.append(piece)
    return tuple(plan)


def _merged(shell: Shell, run: list[Kept]) -> Kept:
    """The run as one piece; the same run in another plan (most of a page, when two learners
    differ in one slot) is the same piece, its checksum tables made once."""
    key = tuple(id(piece) for piece in run)  # the shell and its slots keep every piece alive
    found = shell.runs.get(key)
    if found is None:
        if len(shell.runs) >= MAX_RUNS:
            shell.runs.clear()
        found = shell.runs[key] = merge(run)
    return found


def _slot(fill: Fill, slot: Slot, variant: Hashable, placeholder: str) -> tuple[Kept | object, ...]:
    """The slot's kept variant: compressed, with _TOKEN where the request's CSRF token goes.
    Kept variants are rendered with the shell's placeholder, which the lesson text can't hold
    either."""
    pieces = slot.variants.get(variant)
    if pieces is None:
        rendered = str(fill.html(slot.kind, slot.args, placeholder))
        pieces = slot.variants.setdefault(variant, _kept_pieces(rendered, placeholder))
    return pieces


def _kept_pieces(html: str, placeholder: str) -> tuple[Kept | object, ...]:
    pieces: list[Kept | object] = []
    for index, part in enumerate(html.split(placeholder)):
        if index:
            pieces.append(_TOKEN)
        if part:
            pieces.append(keep(part))
    return tuple(pieces)
