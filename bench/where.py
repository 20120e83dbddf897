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

# Measured the same way at afb134c, before the per-request work described last below (the least
# of eight runs; the machine is shared, so differences of less than a tenth are noise).
BEFORE = {
    "baseline": ("0", "0.05"),
    "page": ("3", "1.42"),
    "home": ("2", "1.52"),
    "course": ("5", "1.98"),
    "404": ("0", "0.48"),
    "static": ("0", "0.46"),
    "save": ("4", "1.21"),
    "submit": ("6", "2.86"),
}

FINDINGS = [
    "What the profile found first, at 0a2ba9c (SQLite, a learner with one section read): the "
    "lesson page took 4.0 ms of CPU and sent 8 statements (lesson and revision, course, "
    "outline, learner, positions, attempts, sections read, activities passed), each built "
    "anew (building SQLAlchemy statements cost as much as running them), and rendered the "
    "whole template (≈40% of its time); submitting an answer (15.4 ms) loaded every earlier "
    "attempt at the activity twice, so it slowed down with each attempt; saving progress "
    "(2.7 ms) read each statement id before inserting it inside a savepoint, and read the "
    "course although nothing used it.",
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
    "member (`app/web/gzip_pieces.py`; about 0.06 ms). (The baseline of that time, a route in "
    "the app, compressed its bytes on every request, which is why the page could beat it.) The "
    "cost: no back-references across pieces, so the page is a few KB larger as served.",
    "Then PostgreSQL's round trips: the page used about 1.5 ms of CPU in the app but waited for "
    "six round trips (ping, BEGIN, learner, lesson and outline, progress, ROLLBACK) to a server "
    "that shares the two cores with wrk and gunicorn; it reached 0.29× the baseline. The page "
    "only reads, so its statements now run outside a transaction (`reads_only()` in "
    "`app/learning/database.py`): no BEGIN and no ROLLBACK, and about 1.6 times the pages per "
    "second.",
    "Then the per-request machinery. The benchmark's old baseline was a route inside the app, "
    "so it paid the app's own per-request costs (and compressed the page on every request) and "
    "flattered the ratio (0.66×); against a bare Flask app in a gunicorn of its own the lesson "
    "page reached 0.15–0.34×, a 404 0.2–0.57× and a static file 0.41–0.58× (afb134c, a busy "
    "machine). Profiling whole requests through the WSGI application (the table below) found: "
    "static files went through every hook, the session and the user loader (0.46 ms each; "
    "now answered from memory in front of Flask, `app/web/static_files.py`: 0.002 ms); "
    "`reads_only()` switched SQLite connections to autocommit and back, a PRAGMA at every "
    "check-in, for nothing (SQLite reads outside a transaction anyway): a quarter of the lesson "
    "page; the session cookie's signature and tagged JSON were checked on every request (about "
    "0.1 ms; now once per cookie value, `app/web/signed_cookies.py`, the age still checked every "
    "time), and the learner cookie's too; Flask-Login's session protection marked every "
    "anonymous session not fresh, so the session cookie was sent again; Flask-Limiter looked for "
    "limits before every request though only the throttled views have any; a page built a dozen "
    "addresses through Werkzeug's URL map (now kept per endpoint and values, "
    "`app/web/application.py`); error pages rendered the whole layout (now once per kind of "
    "error and visitor, `app/web/error_pages.py`); the CSRF token was encoded again (JSON, zlib, "
    "base64) with a new serializer for each request (`app/web/security/csrf.py`); the lesson "
    "page compressed its per-request parts with twenty flushes (now stored blocks) and other "
    "pages were gzipped with zlib's full 32 KB set-up (0.15 ms for a 2 KB page; now a window "
    "their size); the anonymous learner was loaded as an ORM instance; the home page loaded "
    "courses and lessons as ORM rows in two queries, the course page sent two more queries per "
    "lesson. Each change was measured in-process against the previous commit, both at once.",
    "Then one statement per lesson page and no ping before each request. The page read its "
    "lesson and outline, its learner and the learner's progress with three statements; they are "
    "now one (`app/learning/lesson_read.py`, a UNION ALL of tagged rows, nothing cached, so a "
    "lesson published by another worker shows on the next request). PostgreSQL connections are "
    "no longer pinged at every checkout (`pool_pre_ping`, a round trip): a server that restarts "
    "or ends a backend leaves input waiting on the socket, so a pooled connection with input "
    "waiting is dropped, with every connection pooled before it; only one idle for more than "
    "30 s is pinged. The page went from four round trips to one on PostgreSQL. Besides: the "
    "constant security headers are checked once at start-up; a CSRF token signed within the "
    "current second is reused for the rest of it; anonymous visitors are recognised without "
    "Flask-Login's look-ups; `Vary` is written without parsing. In-process CPU (a busy "
    "machine): lesson page 0.57 → 0.47 ms (SQLite) and 0.81 → 0.66 ms (PostgreSQL), 404 "
    "0.18 → 0.15 ms.",
    "Then the per-request machinery again. A lesson page was about a hundred pieces handled "
    "one by one, twice, and its CRC-32 over 114 KB took a sixth of it. Each page layout now "
    "keeps a plan for every combination of slot variants, with runs of kept text merged; kept "
    "pieces of 4 KB or more carry their CRC and four 256-entry tables for x^(8n) mod P, so the "
    "checksum crosses them in four look-ups. The progress panel is kept per numbers done and "
    "section to continue at. The page's one statement goes to the driver's cursor when nothing "
    "listens to the engine (SQLAlchemy's `Connection.execute` cost 35 µs on SQLite and 85 µs "
    "on PostgreSQL more than the statement itself). Sessions that send no cookie no longer work "
    "out its flags, and Flask-Limiter's after-request hooks run only after a limit was checked. "
    "In-process CPU, measured against the previous commit: lesson page 0.72 → 0.54 ms (SQLite) "
    "and 0.89 → 0.65–0.74 ms (PostgreSQL).",
    "A 404 for an address no view answers went through every hook, none of which does anything "
    "for it (0.19 ms). For a plain GET by an anonymous visitor whose session holds a CSRF "
    "token, `app/web/not_found.py` sends the very response Flask sends, in front of Flask: the "
    "kept error page with the token and address, the same headers, no cookie. Anything that "
    "could change the answer still goes to Flask, as does an app with a hook the module does "
    "not know. A 404 costs 0.04–0.05 ms in-process.",
    "Then the session around the page's statement. Taking the connection through the request's "
    "ORM session cost about as much as the statement (a session transaction begun and closed, "
    "the connection switched to autocommit and back: 40 µs on SQLite, 90 µs on PostgreSQL, "
    "against 10 and 15 µs for a connection straight from the pool). When the session has begun "
    "nothing (an anonymous visitor), the statement now takes a pooled connection of its own, in "
    "autocommit on PostgreSQL, and gives it back at once; a session that has begun a transaction "
    "is used as it is, so the statement sees what the request wrote "
    "(`app/learning/lesson_read.py`). Lesson page against the independent baseline: SQLite 0.44× "
    "/ 0.39× → 0.48× / 0.43× (plain / gzip), PostgreSQL 0.30× / 0.27× → 0.33× / 0.33×.",
    "What is left per lesson page: filling the slots and joining about 40 pieces, the hooks "
    "before the view (the learner's identity among them), the request context (parsing the "
    "session cookie), the hooks after it and Werkzeug's objects; on PostgreSQL, the statement "
    "itself, about 60 µs in the driver and 100 µs in the database server (against 45 and 25 µs "
    "for a trivial prepared statement; psycopg prepares it after its fifth run on a connection, "
    "and reading the two ids once in a CTE rather than in each branch saved under 10 µs), with "
    "the server on the same two cores as wrk and gunicorn. The dashboard reads its "
    "figures with a fixed set of aggregate queries whatever the number of lessons and attempts "
    "(`app/learning/learner_totals.py`; `python -m bench.dashboard_size` measures it).",
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
            "At afb134c: statements",
            "At afb134c: CPU",
        ]
    )
    for f in figures:
        before = BEFORE.get(f.request, ("—", "—")) if kind == "sqlite" else ("—", "—")
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
            "prints a pyinstrument profile). CPU time is this process's, the least of the runs: "
            "other processes on the machine can only add to it. The *at afb134c* columns were "
            "measured on SQLite the same way, before the per-request work described last below.",
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
