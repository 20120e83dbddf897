"""Mobile page quality: Lighthouse (npm, pinned in package.json) with its mobile preset on the
home, course and lesson pages, served as production serves them; ``python -m bench.lighthouse``
(`make lighthouse`). Prints the figures, writes docs/lighthouse.md and exits 1 when a page misses
a target.

Each page is measured ``LIGHTHOUSE_RUNS`` times (3) and the run with the median performance
score is reported: the score moves by a point or two between runs on a busy machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.server import ROOT, database, environment, gunicorn, prepare

REPORT = ROOT / "docs" / "lighthouse.md"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "seo")

# Every page must reach these: scores out of 100, CLS unitless.
MIN_PERFORMANCE = 95
MAX_LAYOUT_SHIFT = 0.05
MIN_SEO = 100


@dataclass(frozen=True)
class Result:
    page: str
    path: str
    performance: int
    accessibility: int
    seo: int
    layout_shift: float
    blocking_ms: float
    contentful_paint_ms: float
    version: str

    def misses(self) -> list[str]:
        """The targets this page misses, as sentences."""
        missed = []
        if self.performance < MIN_PERFORMANCE:
            missed.append(f"performance {self.performance} < {MIN_PERFORMANCE}")
        if self.layout_shift > MAX_LAYOUT_SHIFT:
            missed.append(f"cumulative layout shift {self.layout_shift:.3f} > {MAX_LAYOUT_SHIFT}")
        if self.seo < MIN_SEO:
            missed.append(f"SEO {self.seo} < {MIN_SEO}")
        return [f"{self.page}: {miss}" for miss in missed]


def chromium() -> str:
    """The system Chromium, found as the browser tests find it."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise SystemExit(
            f"Chromium not found at {path}: `bin/system-deps lighthouse` installs it, "
            "or set CHROMIUM_PATH"
        )
    return path


def pages(base: str) -> dict[str, str]:
    """Home, the first course and its first lesson, found by following the links as a reader."""

    def first_link(path: str, prefix: str) -> str:
        with urllib.request.urlopen(base + path, timeout=10) as response:  # nosec B310 (local)
            found = re.search(rf'href="({prefix}[^"#?]+)"', response.read().decode())
        if found is None:
            raise SystemExit(f"no link to {prefix}… on {path}: were the lessons imported?")
        return found.group(1)

    course = first_link("/", "/courses/")
    return {"Home": "/", "Course": course, "Lesson": first_link(course, "/lessons/")}


def lighthouse(url: str, browser: str) -> dict:
    """One Lighthouse run (mobile preset: its default) as its JSON report."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={output}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROMIUM_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": browser},
            check=True,
            timeout=300,
        )
        return json.loads(output.read_text(encoding="utf-8"))


def summary(page: str, path: str, report: dict) -> Result:
    def score(category: str) -> int:
        return round(report["categories"][category]["score"] * 100)

    def value(audit: str) -> float:
        return report["audits"][audit]["numericValue"]

    return Result(
        page=page,
        path=path,
        performance=score("performance"),
        accessibility=score("accessibility"),
        seo=score("seo"),
        layout_shift=value("cumulative-layout-shift"),
        blocking_ms=value("total-blocking-time"),
        contentful_paint_ms=value("largest-contentful-paint"),
        version=report["lighthouseVersion"],
    )


def median_run(page: str, path: str, base: str, browser: str, runs: int) -> Result:
    results = sorted(
        (summary(page, path, lighthouse(base + path, browser)) for _ in range(runs)),
        key=lambda result: result.performance,
    )
    return results[len(results) // 2]


def table(results: list[Result]) -> str:
    rows = [
        "| Page | Performance | CLS | TBT | LCP | Accessibility | SEO |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        rows.append(
            f"| {r.page} (`{r.path}`) | {r.performance} | {r.layout_shift:.3f} | "
            f"{r.blocking_ms:.0f} ms | {r.contentful_paint_ms / 1000:.1f} s | {r.accessibility} | "
            f"{r.seo} |"
        )
    return "\n".join(rows)


def report(results: list[Result], runs: int) -> str:
    misses = [miss for r in results for miss in r.misses()]
    verdict = (
        "Every page meets the targets." if not misses else "Missed: " + "; ".join(misses) + "."
    )
    return "\n\n".join(
        [
            "# Lighthouse: mobile page quality",
            "Written by `make lighthouse` (`bench/lighthouse.py`); run it again to refresh the "
            "figures. Never part of `make test`.",
            f"Measured {time.strftime('%Y-%m-%d')} with Lighthouse {results[0].version} (mobile "
            "preset: a mid-range phone on a slow 4G connection, simulated) and the system "
            "Chromium, against gunicorn (gunicorn.conf.py) serving a fresh SQLite database with "
            f"the shipped lessons, signed out. The median of {runs} runs per page, by "
            "performance score.",
            table(results),
            "CLS: cumulative layout shift; TBT: total blocking time; LCP: largest contentful "
            f"paint. Targets for every page: performance ≥ {MIN_PERFORMANCE}, CLS ≤ "
            f"{MAX_LAYOUT_SHIFT}, SEO {MIN_SEO}.",
            verdict,
        ]
    )


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE.relative_to(ROOT)} not found: run `make lighthouse`")
    browser = chromium()
    runs = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with database("sqlite", folder) as url:
            env = environment(url, folder)
            prepare(env)
            with gunicorn(env) as base:
                results = []
                for page, path in pages(base).items():
                    print(f"Lighthouse: {page} ({path}), {runs} runs…", file=sys.stderr)
                    results.append(median_run(page, path, base, browser, runs))
    text = report(results, runs)
    REPORT.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nWrote {REPORT.relative_to(ROOT)}.")
    return 1 if any(r.misses() for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
