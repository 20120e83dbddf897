"""``flask content check``: warnings pass, errors fail, ``--strict`` fails on warnings too; and the
command runs in a bare checkout, which has no secret key, while serving is still refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.content_helpers import lesson_text, make_content

PROJECT = Path(__file__).resolve().parents[2]
ASSESSED = "```reflection\nid: r\nprompt: Think.\nobjectives: [first, second]\n```\n"
BODY = "## Section one {{#one}}\n\nSome text.\n\n{}\n## Section two {{#two .deep-dive}}\n\nMore.\n"


def folder(tmp_path, snippet: str) -> Path:
    return make_content(tmp_path / "content", {"01.md": lesson_text(BODY.format(snippet))})


def test_a_lesson_with_only_warnings_passes_and_lists_them(runner, tmp_path):
    result = runner.invoke(args=["content", "check", str(folder(tmp_path, ""))])
    assert result.exit_code == 0, result.output
    assert "01.md:" in result.output and "warning: objective 'first' is not assessed" in (
        result.output
    )
    assert "2 warning(s)." in result.output and "Content OK: 1 lesson(s) checked." in result.output


def test_strict_turns_warnings_into_a_failure(runner, tmp_path):
    result = runner.invoke(args=["content", "check", "--strict", str(folder(tmp_path, ""))])
    assert result.exit_code == 1
    assert "2 warning(s) (--strict: they count as problems)." in result.output


def test_strict_passes_a_lesson_without_warnings(runner, tmp_path):
    result = runner.invoke(args=["content", "check", "--strict", str(folder(tmp_path, ASSESSED))])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


def test_errors_fail_without_strict(runner, tmp_path):
    broken = ASSESSED.replace("prompt: Think.", "prompt: Why: because")
    result = runner.invoke(args=["content", "check", str(folder(tmp_path, broken))])
    assert result.exit_code == 1
    assert "quote this value: it contains a colon" in result.output
    assert "1 problem(s) found." in result.output


def test_a_single_file_reports_its_warnings(runner, tmp_path):
    path = folder(tmp_path, "") / "a-course" / "01.md"
    result = runner.invoke(args=["content", "check", "--strict", str(path)])
    assert result.exit_code == 1 and "warning: objective 'second'" in result.output


def bare_checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the project without instance/config.py, and an environment without a key."""
    root = tmp_path / "checkout"
    root.mkdir()
    for name in ("app", "templates", "static", "content"):
        shutil.copytree(PROJECT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "wsgi.py", root / "wsgi.py")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLASK_", "LEARNWELL_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    return root, env


def flask(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_content_check_runs_in_a_bare_checkout_but_serving_is_refused(tmp_path):
    root, env = bare_checkout(tmp_path)
    assert not (root / "instance" / "config.py").exists()
    checked = flask(root, env, "content", "check")
    assert checked.returncode == 0, checked.stderr
    shipped = len(list((PROJECT / "content").glob("*/*.md")))
    assert f"Content OK: {shipped} lesson(s) checked." in checked.stdout
    served = flask(root, env, "run", "--port", "0")
    assert served.returncode != 0
    assert "Refusing to start: SECRET_KEY is the built-in development key" in served.stderr
