"""Load tests of the app as production runs it: gunicorn (gunicorn.conf.py) in its own process,
wrk in another, on SQLite and on PostgreSQL.

Figures are ratios where they can be: ``/bench/baseline`` in the same server returns the same
bytes as the lesson page with no work at all, so "0.8× baseline" means the same on any machine.
Every accepted write is then looked for in the database.
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
from bench import server, weight, wrk
from bench.learners import Learner, learner_with_progress
from bench.report import Section, Table

CONTENT = server.ROOT / "content"
LESSON = "order-management-fulfillment-basics"
ACTIVITY = "process-mapping"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
PAGE_CONNECTIONS = (16, 64)
WRITERS = 32
TARGETS = {"ratio": 0.6, "p95_ms": 30.0, "writes_per_s": 300.0, "weight_kb": 100.0}


@dataclass
class Backend:
    name: str
    pages: dict[int, tuple[wrk.Result, wrk.Result]] = field(default_factory=dict)  # page, base
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


def measure(kind: str, with_weight: bool) -> Backend:
    result = Backend(kind)
    with tempfile.TemporaryDirectory(prefix="learnwell-bench-") as tmp:
        folder = Path(tmp)
        with server.database(kind, folder) as url:
            env = server.environment(url, folder)
            server.prepare(env)
            section = load_catalog(CONTENT).lessons[LESSON].sections[0].id
            with server.gunicorn(env) as base:
                learners = [learner_with_progress(base, LESSON, section) for _ in range(WRITERS)]
                page_url = f"{base}/lessons/{LESSON}"
                cookie = {"Cookie": learners[0].cookie, "Accept-Encoding": "gzip"}
                page = fetch(page_url, {"Cookie": learners[0].cookie}).decode()
                (folder / "baseline.html").write_text(page, encoding="utf-8")
                wrk.run(page_url, connections=16, seconds=3, headers=cookie)  # warm-up
                for connections in PAGE_CONNECTIONS:
                    result.pages[connections] = (
                        wrk.run(page_url, connections=connections, seconds=SECONDS, headers=cookie),
                        wrk.run(
                            f"{base}/bench/baseline",
                            connections=connections,
                            seconds=SECONDS,
                            headers=cookie,
                        ),
                    )
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


def tables(backends: list[Backend]) -> list[Section]:
    pages = Table(
        [
            "Database",
            "Connections",
            "Lesson page req/s",
            "p50",
            "p95",
            "p99",
            "Baseline req/s",
            "Ratio",
            "Errors / non-2xx",
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
        for connections, (page, base) in b.pages.items():
            ratio = page.per_second / base.per_second
            pages.rows.append(
                [
                    b.name,
                    str(connections),
                    f"{page.per_second:.0f}",
                    ms(page.p50_ms),
                    ms(page.p95_ms),
                    ms(page.p99_ms),
                    f"{base.per_second:.0f}",
                    f"{ratio:.2f}×",
                    f"{page.errors} / {page.non_2xx}",
                ]
            )
            if connections == 16:
                notes.append(
                    f"- {b.name}, lesson page at 16 connections: {ratio:.2f}× baseline (target ≥ "
                    f"{TARGETS['ratio']}×) — {verdict(ratio >= TARGETS['ratio'])}; p95 "
                    f"{ms(page.p95_ms)} (target ≤ {TARGETS['p95_ms']:.0f} ms) — "
                    f"{verdict(page.p95_ms <= TARGETS['p95_ms'])}"
                )
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
            "Lesson page",
            "An anonymous learner with saved progress (their `learner` and session cookies) "
            f"asks for the seed lesson with `Accept-Encoding: gzip`; {SECONDS} s per run after a "
            "3 s warm-up, wrk in its own process. *Baseline*: `/bench/baseline` in the same "
            "server returns the same bytes with no work (mounted only in the benchmark's "
            "configuration), so the ratio is what the page's own work costs.",
            [pages],
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
            "Audio",
            "Byte-range requests (64 KB from the middle, as a player seeks) for a section "
            "built before the run; every answer should be `206 Partial Content`.",
            [audio] if audio.rows else [],
            [] if audio.rows else ["No engine: the audio figures were not measured."],
        ),
    ]
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
