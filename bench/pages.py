"""Learners' pages against an independent baseline, in the same run.

Each page is fetched from the app once as a browser that accepts gzip gets it and once as one
that doesn't; the bytes (with status, Content-Type and Content-Encoding) are served by a bare
Flask app in a gunicorn of its own with the same settings (:mod:`bench.baseline_app`). wrk then
alternates between the app and the baseline, ``ROUNDS`` times each, and the report gives the
medians: so a slow moment of the machine falls on both alike. CPU per request is what the
server's workers used (``/proc/<pid>/stat``) divided by the requests wrk counted.
"""

from __future__ import annotations

import os
import statistics
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import server, wrk
from bench.baseline_app import Captured, save

SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WARM_UP_SECONDS = 1
CONNECTIONS = 16
ENCODINGS = {"plain": {}, "gzip": {"Accept-Encoding": "gzip"}}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    cookie: str  # the Cookie header its visitor sends


@dataclass
class Run:
    result: wrk.Result
    cpu_ms: float  # the workers' CPU time per request


@dataclass
class Comparison:
    page: Page
    encoding: str
    size: int  # bytes of the body as sent
    status: int
    runs: list[tuple[Run, Run]]  # (app, baseline) per round

    def _median(self, which: int, value) -> float:
        return statistics.median(value(pair[which]) for pair in self.runs)

    @property
    def per_second(self) -> float:
        return self._median(0, lambda r: r.result.per_second)

    @property
    def baseline_per_second(self) -> float:
        return self._median(1, lambda r: r.result.per_second)

    @property
    def ratio(self) -> float:
        """The median of each round's ratio (the rounds alternate app and baseline)."""
        return statistics.median(a.result.per_second / b.result.per_second for a, b in self.runs)

    @property
    def p50_ms(self) -> float:
        return self._median(0, lambda r: r.result.p50_ms)

    @property
    def p95_ms(self) -> float:
        return self._median(0, lambda r: r.result.p95_ms)

    @property
    def baseline_p95_ms(self) -> float:
        return self._median(1, lambda r: r.result.p95_ms)

    @property
    def cpu_ms(self) -> float:
        return self._median(0, lambda r: r.cpu_ms)

    @property
    def baseline_cpu_ms(self) -> float:
        return self._median(1, lambda r: r.cpu_ms)

    @property
    def errors(self) -> int:
        return sum(a.result.errors for a, _ in self.runs)

    @property
    def unexpected_status(self) -> int:
        """Responses whose status was not the one captured (wrk counts non-2xx and non-3xx)."""
        non_2xx = sum(a.result.non_2xx for a, _ in self.runs)
        if self.status < 400:
            return non_2xx
        return sum(a.result.requests for a, _ in self.runs) - non_2xx


def capture(url: str, headers: dict[str, str]) -> Captured:
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:  # a 404 page is a page to measure too
        response = error
    with response:
        return Captured(
            response.status,
            response.headers["Content-Type"],
            response.headers.get("Content-Encoding"),
            response.read(),
        )


def timed(target: server.Server, page: Page, headers: dict[str, str], seconds: int) -> Run:
    before = target.worker_cpu()
    result = wrk.run(
        target.url + page.path, connections=CONNECTIONS, seconds=seconds, headers=headers
    )
    used = target.worker_cpu() - before
    return Run(result, used / max(result.requests, 1) * 1000)


@contextmanager
def baseline_for(
    app: server.Server, pages: list[Page], folder: Path, env: dict[str, str]
) -> Iterator[tuple[server.Server, dict[tuple[str, str], Captured]]]:
    """The baseline app serving what ``app`` answered for each page, in each encoding."""
    captured: dict[tuple[str, str], Captured] = {}
    responses: dict[str, dict[str, Captured]] = {}
    for page in pages:
        for encoding, extra in ENCODINGS.items():
            got = capture(app.url + page.path, {"Cookie": page.cookie, **extra})
            captured[(page.name, encoding)] = got
            responses.setdefault(page.path, {})[encoding] = got
    save(folder, responses)
    baseline_env = {**env, "BENCH_BASELINE_DIR": str(folder)}
    with server.gunicorn(baseline_env, "bench.baseline_app:create_app()") as baseline:
        yield baseline, captured


def compare(
    app: server.Server, pages: list[Page], folder: Path, env: dict[str, str]
) -> list[Comparison]:
    comparisons = []
    with baseline_for(app, pages, folder, env) as (baseline, captured):
        for page in pages:
            for encoding, extra in ENCODINGS.items():
                headers = {"Cookie": page.cookie, **extra}
                for target in (app, baseline):
                    timed(target, page, headers, WARM_UP_SECONDS)
                runs = [
                    (timed(app, page, headers, SECONDS), timed(baseline, page, headers, SECONDS))
                    for _ in range(ROUNDS)
                ]
                got = captured[(page.name, encoding)]
                comparisons.append(Comparison(page, encoding, len(got.body), got.status, runs))
    return comparisons
