"""Run the benchmarks and write docs/benchmarks.md: ``python -m bench.run`` (`make bench`).

Each benchmark module has a ``run()`` returning report sections; add a module to ``MODULES``
to extend the report. ``BENCH_MODULES=bench.web`` runs only the named ones: their sections replace
the sections of the same title in the report, and the others are kept as they were.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
MODULES = ["bench.web", "bench.where", "bench.audio"]
# The order of the report's sections when only some modules were run.
ORDER = [
    "Pages",
    "Writes",
    "Audio byte ranges",
    "Page weight",
    "Targets (HTTP)",
    "Where the time goes",
    "A whole lesson page request, function by function",
    "Audio",
    "Time to the first byte of a section's audio",
]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    espeak = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True)
    espeak_version = espeak.stdout.strip() if espeak.returncode == 0 else "espeak-ng not found"
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}; {espeak_version}"
    )


# Parts other commands write (`make bench-grading`, the growth and size benchmarks), each between
# `<!-- name -->` and `<!-- /name -->`: kept as they are when this run rewrites the rest.
_MARKED = re.compile(r"^<!-- ([a-z][a-z -]*) -->\n.*?^<!-- /\1 -->$", re.DOTALL | re.MULTILINE)


def _marked_blocks() -> str:
    old = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    return "".join("\n" + m.group(0) + "\n" for m in _MARKED.finditer(old))


def _without_marked(text: str) -> str:
    return _MARKED.sub("", text)


def kept_sections(text: str, replaced: set[str]) -> list[tuple[str, str]]:
    """The report's ``## `` sections as (title, Markdown), but those titled as in ``replaced`` and
    those no module writes any more."""
    kept = []
    for part in re.split(r"^(?=## )", text, flags=re.MULTILINE)[1:]:
        title = part.splitlines()[0].removeprefix("## ").strip()
        if title in ORDER and title not in replaced:
            kept.append((title, part.strip()))
    return kept


def main() -> int:
    started = time.perf_counter()
    sections = []
    chosen = os.environ.get("BENCH_MODULES")
    modules = chosen.split(",") if chosen else MODULES
    for name in modules:
        print(f"Running {name}…", file=sys.stderr)
        sections += import_module(name).run()
    parts = [(section.title, section.markdown()) for section in sections]
    if chosen and REPORT.exists():  # keep what this run did not measure
        fresh = {title for title, _ in parts}
        parts = kept_sections(_without_marked(REPORT.read_text(encoding="utf-8")), fresh) + parts
        order = {title: n for n, title in enumerate(ORDER)}
        parts.sort(key=lambda part: order.get(part[0], len(order)))
    text = "\n\n".join(
        [
            "# Benchmarks",
            "Written by `make bench` (`bench/run.py`); run it again to refresh the figures. "
            "Never part of `make test`.",
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}"
            + (f" ({', '.join(modules)}; other sections earlier)." if chosen else "."),
            *(markdown for _, markdown in parts),
        ]
    )
    REPORT.write_text(text + "\n" + _marked_blocks(), encoding="utf-8")
    print(text)
    print(f"\nWrote {REPORT.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
