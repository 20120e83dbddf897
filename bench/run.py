"""Run the benchmarks and write docs/benchmarks.md: ``python -m bench.run`` (`make bench`).

Each benchmark module has a ``run()`` returning report sections; add a module to ``MODULES``
to extend the report. ``BENCH_MODULES=bench.web`` runs only the named ones.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
MODULES = ["bench.web", "bench.where", "bench.audio"]


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


def _grading_block() -> str:
    """The grading-quality part `make bench-grading` wrote, kept when the rest is rewritten."""
    from bench.grading import END, START

    old = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    if START in old and END in old:
        return "\n" + old[old.index(START) : old.index(END) + len(END)] + "\n"
    return ""


def main() -> int:
    started = time.perf_counter()
    sections = []
    modules = (
        os.environ.get("BENCH_MODULES", "").split(",")
        if os.environ.get("BENCH_MODULES")
        else MODULES
    )
    for name in modules:
        print(f"Running {name}…", file=sys.stderr)
        sections += import_module(name).run()
    text = "\n\n".join(
        [
            "# Benchmarks",
            "Written by `make bench` (`bench/run.py`); run it again to refresh the figures. "
            "Never part of `make test`.",
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}.",
            *(section.markdown() for section in sections),
        ]
    )
    REPORT.write_text(text + "\n" + _grading_block(), encoding="utf-8")
    print(text)
    print(f"\nWrote {REPORT.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
