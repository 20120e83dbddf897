"""The Nu Html Checker (vnu.jar from the npm package vnu-jar, run with the system Java).

`make test` installs both: Java with `bin/system-deps test`, vnu.jar with `npm ci`. With CI=true
a missing Java or vnu.jar fails the run instead of skipping the markup checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR") or ROOT / "node_modules/vnu-jar/build/dist/vnu.jar")


def require_vnu() -> str:
    """The java executable, or skip (fail under CI) when Java or vnu.jar is missing."""
    java = shutil.which("java")
    missing = [
        what
        for what, present in (
            ("Java (Debian: default-jre-headless)", java),
            (f"vnu.jar at {VNU_JAR} (npm ci)", VNU_JAR.exists()),
        )
        if not present
    ]
    if missing:
        message = f"the markup checks need {' and '.join(missing)}: `make test` installs them"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return java


def check(pages: dict[str, str], folder: Path) -> list[str]:
    """Every error vnu finds in these pages ({url: html}), as ``url: line: message``.

    All the pages go to one run of the checker: Java takes seconds to start.
    """
    java = require_vnu()
    folder.mkdir(parents=True, exist_ok=True)
    urls = {}  # file name -> url
    for number, (url, html) in enumerate(pages.items(), 1):
        name = f"page-{number:03}.html"
        (folder / name).write_text(html, encoding="utf-8")
        urls[name] = url
    (folder / "index.txt").write_text("".join(f"{n} {u}\n" for n, u in urls.items()))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always"]
        + [str(folder / name) for name in urls],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{urls.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}: "
        f"{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
