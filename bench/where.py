"""The report's "Where the time goes": SQL statements and CPU time per request, in-process
(``bench/profile.py``), so the figures hold however busy the machine is."""

from __future__ import annotations

from bench import profile, server
from bench.report import Section, Table

LABELS = {
    "baseline": "baseline (bare Flask app, the lesson page's bytes)",
    "page": "lesson page",
    "home": "home page",
    "course": "course page",
    "404": "404 page",
    "static": "static file",
    "save": "save progress",
    "submit": "submit an activity",
}

# Measured the same way at 0a2ba9c, before the work described below.
BEFORE = {
    "page": ("8", "4.0"),
    "save": ("9", "2.7"),
    "submit": ("14", "15.4"),  # and growing with each of the learner's attempts
}

FINDINGS = [
    "What the profile found before (SQLite, a learner with one section read): the lesson page "
    "sent 8 statements (lesson and revision, course, outline, learner, positions, attempts, "
    "sections read, activities passed), each built anew (building SQLAlchemy statements cost "
    "as much as running them), and rendered the whole template (≈40% of its time); submitting "
    "an answer loaded every earlier attempt at the activity twice, so it slowed down with each "
    "attempt; saving progress read each statement id before inserting it inside a savepoint, "
    "and read the course although nothing used it.",
    "What changed: the page is rendered once per revision, outline and kind of visitor and "
    "filled in per learner (`app/web/lessons/shell.py`); the lesson, its revision and the whole "
    "outline come in one query and the learner's progress in one more "
    "(`app/learning/lesson_queries.py`, "
    "`app/learning/snapshot.py`), from statements built once; an activity's state is a "
    "summary (count, best, passed, latest) read with one query, and the result after an "
    "answer is computed, not read back; statements are stored with one "
    "`INSERT … ON CONFLICT DO NOTHING`; SQLite connections are no longer pinged before each "
    "request (PostgreSQL ones still are: one round trip, so a restarted server costs no failed "
    "request); gunicorn runs `gthread` workers (2 threads), so a worker serves another request "
    "while one waits on PostgreSQL, and connections are kept alive. Durability is unchanged: "
    "SQLite stays in WAL mode with `synchronous=NORMAL` (a commit survives a crash of the app "
    "or a worker), PostgreSQL keeps `synchronous_commit=on`.",
    "Then gzip: compressing the whole 114 KB page cost about 0.4 ms per request, more than "
    "building it. The shared pieces and kept slot variants are now compressed once, each ending "
    "with a full flush, and joined with the few parts compressed per request into one gzip "
    "member (`app/web/gzip_pieces.py`; about 0.06 ms). The baseline still compresses its bytes on "
    "every request, which is why the page can beat it on SQLite. The cost: no back-references "
    "across pieces, so the page is a few KB larger as served.",
    "Then PostgreSQL's round trips: the page used about 1.5 ms of CPU in the app but waited for "
    "six round trips (ping, BEGIN, learner, lesson and outline, progress, ROLLBACK) to a server "
    "that shares the two cores with wrk and gunicorn; it reached 0.29× the baseline. The page "
    "only reads, so its statements now run outside a transaction (`reads_only()` in "
    "`app/learning/database.py`): no BEGIN and no ROLLBACK, and about 1.6 times the pages per "
    "second.",
    "What is left per page: reading the session and learner cookies, three queries (four round "
    "trips on PostgreSQL with the ping, which stays so that a restarted server costs no failed "
    "request) and the few slots rendered per learner.",
]


def _table(kind: str) -> Table:
    figures = profile.summary(kind)
    base = next(f for f in figures if f.request == "baseline")
    table = Table(
        [
            "Request",
            "SQL statements",
            "CPU per request",
            "× baseline CPU",
            "Before: statements",
            "Before: CPU",
        ]
    )
    for f in figures:
        before = BEFORE.get(f.request, ("—", "—"))
        table.rows.append(
            [
                LABELS[f.request],
                f"{f.queries:.0f}",
                f"{f.cpu_ms:.2f} ms",
                f"{f.cpu_ms / base.cpu_ms:.1f}×",
                before[0],
                f"{before[1]} ms" if before[1] != "—" else "—",
            ]
        )
    return table


def _functions(kind: str) -> Table:
    table = Table(["Function", "Calls", "Cumulative", "Own"])
    for f in profile.functions(kind):
        table.rows.append(
            [f"`{f.name}`", f"{f.calls:g}", f"{f.cumulative_ms:.3f} ms", f"{f.own_ms:.3f} ms"]
        )
    return table


def run() -> list[Section]:
    kinds = ["sqlite"] + (["postgresql"] if server.postgres_url() else [])
    tables = []
    for kind in kinds:
        table = _table(kind)
        table.columns[0] = f"Request ({kind})"
        tables.append(table)
    return [
        Section(
            "Where the time goes",
            f"`python -m bench.profile` (the least of {profile.RUNS} runs of {profile.REQUESTS} "
            "requests each, in-process: each a call "
            "of the WSGI application with the environ a server passes, so every middleware and "
            "hook is counted; CSRF on; an anonymous learner with one section read; `--text` "
            "prints a pyinstrument profile). CPU time is this process's, so the figures do not "
            "depend on what else the machine is doing; the *before* columns were measured on "
            "SQLite.",
            tables,
            FINDINGS,
        ),
        Section(
            "A whole lesson page request, function by function",
            f"`python -m bench.profile page --functions`: cProfile over "
            f"{profile.PROFILED_REQUESTS} requests for the lesson page (SQLite, gzip), through the "
            "WSGI application with all its middleware; the "
            f"{profile.TOP_FUNCTIONS} functions with the most cumulative time, per request. "
            "cProfile's own overhead inflates every figure (most for many small calls), so "
            "compare them with each other, not with the CPU times above.",
            [_functions("sqlite")],
        ),
    ]
