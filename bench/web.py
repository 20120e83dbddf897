"""Load tests of the app as production runs it: gunicorn (gunicorn.conf.py) in its own process,
wrk in another, on SQLite and on PostgreSQL.

Pages are measured against an independent baseline (:mod:`bench.pages`): a bare Flask app in a
gunicorn of its own, serving the bytes the app sent, so "0.6× baseline" means the same on any
machine and counts everything the app does per request. Every accepted write is then looked for
in the database.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from app.core.content import load_catalog
from bench import pages, server, weight, wrk
from bench.learners import Learner, learner_with_progress
from bench.report import Section, Table

CONTENT = server.ROOT / "content"
LESSON = "order-management-fulfillment-basics"
ACTIVITY = "process-mapping"
COURSE = "ecommerce-manager-cx"
STATIC = "js/theme.js"
SECONDS = pages.SECONDS
WRITERS = 32
# Against the independent baseline at 16 connections, on this 2-core machine.
TARGETS = {
    "lesson_ratio": 0.4,
    "lesson_p95_ms": 15.0,
    "plain_ratio": 0.7,  # a 404 and a static file
    "writes_per_s": 300.0,
    "weight_kb": 100.0,
}
# BENCH_PAGES=lesson,404 measures only those (names as in learner_pages).
ONLY = [x for x in os.environ.get("BENCH_PAGES", "").split(",") if x]


@dataclass
class Backend:
    name: str
    pages: list[pages.Comparison] = field(default_factory=list)
    saves: wrk.Result | None = None
    saves_stored: int = 0
    submissions: wrk.Result | None = None
    submissions_stored: int = 0
    audio: wrk.Result | None = None
    weight: weight.Weight | None = None


def activity_form(revision: int) -> str:
    """A right answer to the process map, as the page's form posts it."""
    spec = load_catalog(CONTENT).lessons[LESSON].activities[ACTIVITY].spec
    fields = [("revision", str(revision))]
    fields += [(f"place:{s}", str(i + 1)) for i, s in enumerate(spec.main_steps)]
    fields += [(f"place:{s}", f"branch:{b.id}") for b in spec.branches for s in b.steps]
    fields += [(f"place:{s}", "out") for s in spec.distractors]
    return urllib.parse.urlencode(fields)


def fetch(url: str, headers: dict[str, str] | None = None) -> bytes:
    with urllib.request.urlopen(
        urllib.request.Request(url, headers=headers or {}), timeout=60
    ) as r:
        return r.read()


def count(database_url: str, sql: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar_one()
    finally:
        engine.dispose()


def writes(base: str, learners: list[Learner], script: str, **variables: object) -> wrk.Result:
    return wrk.run(
        base + "/",
        connections=len(learners),
        threads=len(learners),  # one learner (cookies, CSRF token) per thread and connection
        seconds=SECONDS,
        scripts=("learner.lua", script),
        variables={"LESSON": LESSON, "LEARNERS": [x.lua() for x in learners], **variables},
    )


def learner_pages(learner: Learner, member: Learner, static: str) -> list[pages.Page]:
    """What learners open: the anonymous learner's pages, a signed-in learner's dashboard, an
    address with no page, and a small static file (sent with the cookies, as browsers do)."""
    found = [
        pages.Page("lesson", f"/lessons/{LESSON}", learner.cookie),
        pages.Page("home", "/", learner.cookie),
        pages.Page("course", f"/courses/{COURSE}", learner.cookie),
        pages.Page("dashboard", "/dashboard", member.cookie),
        pages.Page("404", "/no-such-page", learner.cookie),
        pages.Page("static", static, learner.cookie),
    ]
    return [p for p in found if not ONLY or p.name in ONLY]


def static_path(html: str) -> str:
    return re.search(rf'"(/static/[^/"]+/{re.escape(STATIC)})"', html).group(1)


def measure(kind: str, with_weight: bool) -> Backend:
    result = Backend(kind)
    with tempfile.TemporaryDirectory(prefix="learnwell-bench-") as tmp:
        folder = Path(tmp)
        with server.database(kind, folder) as url:
            env = server.environment(url, folder)
            server.prepare(env)
            section = load_catalog(CONTENT).lessons[LESSON].sections[0].id
            with server.gunicorn(env) as app:
                base = app.url
                learners = [learner_with_progress(base, LESSON, section) for _ in range(WRITERS)]
                member = learner_with_progress(base, LESSON, section, email="member@example.org")
                page_url = f"{base}/lessons/{LESSON}"
                page = fetch(page_url, {"Cookie": learners[0].cookie}).decode()
                measured = learner_pages(learners[0], member, static_path(page))
                result.pages = pages.compare(app, measured, folder / "baseline", env)
                if ONLY:
                    return result
                before = count(url, "SELECT count(*) FROM statement WHERE verb = 'progressed'")
                result.saves = writes(base, learners, "save_progress.lua")
                after = count(url, "SELECT count(*) FROM statement WHERE verb = 'progressed'")
                result.saves_stored = after - before
                revision = int(re.search(r'name="revision" value="(\d+)"', page).group(1))
                before = count(url, "SELECT count(*) FROM attempt")
                result.submissions = writes(
                    base,
                    learners,
                    "submit_activity.lua",
                    ACTIVITY=ACTIVITY,
                    FORM=activity_form(revision),
                )
                result.submissions_stored = count(url, "SELECT count(*) FROM attempt") - before
                result.audio = audio_ranges(base)
                if with_weight:
                    result.weight = weight.measure(page_url, learners[0].cookie)
    return result


def audio_ranges(base: str) -> wrk.Result | None:
    """Byte-range requests for a prepared section's MP3 (as players seek), 16 connections."""
    try:
        playlist = json.loads(fetch(f"{base}/audio/lessons/{LESSON}.json"))
        first = playlist["sections"][0]
        fetch(base + first["cues"])  # builds the section once
    except (OSError, KeyError, IndexError):
        return None
    headers = {"Range": "bytes=32768-98303"}
    return wrk.run(base + first["audio"], connections=16, seconds=SECONDS, headers=headers)


def ms(value: float) -> str:
    return f"{value:.1f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def page_row(name: str, c: pages.Comparison) -> list[str]:
    return [
        name,
        c.page.name,
        c.encoding,
        f"{c.size / 1000:.1f} KB" if c.size >= 1000 else f"{c.size} B",
        f"{c.per_second:.0f}",
        f"{c.baseline_per_second:.0f}",
        f"{c.ratio:.2f}×",
        ms(c.p50_ms),
        ms(c.p95_ms),
        ms(c.baseline_p95_ms),
        f"{c.cpu_ms:.2f} ms",
        f"{c.baseline_cpu_ms:.2f} ms",
        f"{c.errors} / {c.unexpected_status}",
    ]


def page_targets(name: str, comparisons: list[pages.Comparison]) -> list[str]:
    notes = []
    for c in comparisons:
        label = f"- {name}, {c.page.name} ({c.encoding}): {c.ratio:.2f}× baseline"
        if c.page.name == "lesson":
            ratio_ok = c.ratio >= TARGETS["lesson_ratio"]
            p95_ok = c.p95_ms <= TARGETS["lesson_p95_ms"]
            notes.append(
                f"{label} (target ≥ {TARGETS['lesson_ratio']}×) — {verdict(ratio_ok)}; p95 "
                f"{ms(c.p95_ms)} (target ≤ {TARGETS['lesson_p95_ms']:.0f} ms) — {verdict(p95_ok)}"
            )
        elif c.page.name in ("404", "static"):
            ok = c.ratio >= TARGETS["plain_ratio"]
            notes.append(f"{label} (target ≥ {TARGETS['plain_ratio']}×) — {verdict(ok)}")
    return notes


def tables(backends: list[Backend]) -> list[Section]:
    page_table = Table(
        [
            "Database",
            "Page",
            "Encoding",
            "Body",
            "Req/s",
            "Baseline req/s",
            "Ratio",
            "p50",
            "p95",
            "Baseline p95",
            "CPU per request",
            "Baseline CPU",
            "Errors / wrong status",
        ]
    )
    writes_table = Table(
        [
            "Database",
            "Write",
            "Learners",
            "Req/s",
            "p50",
            "p95",
            "p99",
            "Accepted",
            "In the DB",
            "Lost",
        ]
    )
    audio = Table(["Database", "Connections", "Req/s", "p50", "p95", "p99", "Errors / non-2xx"])
    notes = ["Targets on this machine:", ""]
    for b in backends:
        page_table.rows += [page_row(b.name, c) for c in b.pages]
        notes += page_targets(b.name, b.pages)
        if b.saves is None:
            continue  # only some pages were asked for (BENCH_PAGES)
        for label, run, stored in (
            ("save progress", b.saves, b.saves_stored),
            ("submit an activity", b.submissions, b.submissions_stored),
        ):
            # wrk stops counting at the deadline, so a few writes in flight then are stored but
            # not counted as accepted: a write is lost only when fewer rows than answers exist.
            lost = max(run.accepted - stored, 0)
            writes_table.rows.append(
                [
                    b.name,
                    label,
                    str(WRITERS),
                    f"{run.per_second:.0f}",
                    ms(run.p50_ms),
                    ms(run.p95_ms),
                    ms(run.p99_ms),
                    str(run.accepted),
                    str(stored),
                    str(lost),
                ]
            )
            ok = run.per_second >= TARGETS["writes_per_s"] and lost == 0
            notes.append(
                f"- {b.name}, {label}: {run.per_second:.0f}/s (target ≥ "
                f"{TARGETS['writes_per_s']:.0f}/s), {lost} lost of {run.accepted} accepted "
                f"({run.requests - run.accepted} refused) — {verdict(ok)}"
            )
        if b.audio is not None:
            a = b.audio
            audio.rows.append(
                [
                    b.name,
                    "16",
                    f"{a.per_second:.0f}",
                    ms(a.p50_ms),
                    ms(a.p95_ms),
                    ms(a.p99_ms),
                    f"{a.errors} / {a.non_2xx}",
                ]
            )
    sections = [
        Section(
            "Pages",
            "What learners open: the seed lesson, the home page and the course page as an "
            "anonymous learner with saved progress (their `learner` and session cookies), the "
            "dashboard of a signed-in learner, an address with no page (404) and a small static "
            f"file, each without and with `Accept-Encoding: gzip`; wrk at {pages.CONNECTIONS} "
            "connections in its own process. *Baseline*: a bare Flask app "
            "(`bench/baseline_app.py`) in a gunicorn of its own with the same settings, serving "
            "the bytes the app sent for that page and encoding (same status, Content-Type and "
            "Content-Encoding, the gzip body as the app compressed it). App and baseline take "
            f"turns, {pages.SECONDS} s each, {pages.ROUNDS} rounds after a "
            f"{pages.WARM_UP_SECONDS} s warm-up; figures are medians, the ratio the median of "
            "each round's ratio. *CPU per request*: the CPU time of the server's worker "
            "processes (`/proc/<pid>/stat`, every thread) divided by the requests wrk counted; "
            "on PostgreSQL the database server's own CPU is not in it. *Wrong status*: "
            "responses whose status was not the captured one.",
            [page_table],
        ),
        Section(
            "Writes",
            f"{WRITERS} learners at once, one wrk thread and connection each, with their own "
            "cookies and CSRF token: *save progress* posts one active-time event (its own UUID) "
            "to `/progress/events`; *submit an activity* posts a right answer to the process "
            "map. *Accepted* counts the responses that confirmed the write; *in the DB* counts "
            "the rows found afterwards (a few more than accepted: requests still in flight when "
            "wrk stopped counting are stored too).",
            [writes_table],
        ),
        Section(
            "Audio byte ranges",
            "Byte-range requests (64 KB from the middle, as a player seeks) for a section "
            "built before the run; every answer should be `206 Partial Content`.",
            [audio] if audio.rows else [],
            [] if audio.rows else ["No engine: the audio figures were not measured."],
        ),
    ]
    if ONLY:  # only pages were measured
        sections = sections[:1]
    w = next((b.weight for b in backends if b.weight), None)
    if w is not None:
        kb = w.served / 1000
        sections.append(
            Section(
                "Page weight",
                "The lesson page and every stylesheet and script it loads (following module "
                "imports), as a browser's first visit gets them.",
                [
                    Table(
                        ["Files", "Raw", "Served (gzip)", "Requests to other origins", "Immutable"],
                        [
                            [
                                str(w.files),
                                f"{w.raw / 1000:.1f} KB",
                                f"{kb:.1f} KB",
                                str(len(w.other_origins)),
                                "yes" if w.immutable else "no",
                            ]
                        ],
                    )
                ],
            )
        )
        notes.append(
            f"- HTML+CSS+JS as served: {kb:.1f} KB (target ≤ {TARGETS['weight_kb']:.0f} KB) — "
            f"{verdict(kb <= TARGETS['weight_kb'])}; requests to other origins: "
            f"{len(w.other_origins)} (target 0) — {verdict(not w.other_origins)}; static files "
            f"immutable for a year — {verdict(w.immutable)}"
        )
    sections.append(Section("Targets (HTTP)", "", [], notes[2:]))
    return sections


def versions() -> str:
    import sqlite3

    import gunicorn
    import psycopg
    import sqlalchemy

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    line = (wrk_version.stdout or wrk_version.stderr).splitlines()[0].split(" [")[0]
    pg = f", PostgreSQL {_pg_version()}" if server.postgres_url() else ""
    conf = runpy.run_path(str(server.ROOT / "gunicorn.conf.py"))
    threads = f" × {conf['threads']} threads" if conf["threads"] > 1 else ""
    workers = f"{conf['workers']} {conf['worker_class']} workers{threads}"
    return (
        f"gunicorn {gunicorn.__version__} (gunicorn.conf.py: {workers}), "
        f"{line}, SQLAlchemy {sqlalchemy.__version__}, psycopg {psycopg.__version__}, "
        f"SQLite {sqlite3.sqlite_version}{pg}"
    )


def _pg_version() -> str:
    engine = create_engine(server.postgres_url())
    try:
        with engine.connect() as connection:
            return connection.execute(text("SHOW server_version")).scalar_one().split()[0]
    finally:
        engine.dispose()


def run() -> list[Section]:
    kinds = ["sqlite"] + (["postgresql"] if server.postgres_url() else [])
    backends = [measure(kind, with_weight=(kind == "sqlite")) for kind in kinds]
    sections = tables(backends)
    sections[0].intro = f"{versions()}.\n\n" + sections[0].intro
    if "postgresql" not in kinds:
        sections[0].notes.append(
            "PostgreSQL not measured: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)."
        )
    return sections
