"""Real app instances in processes of their own: production gunicorn, or a plain app process.

Used to prove that several instances sharing one database and one media store behave as one
site. Each instance gets its own instance folder; everything shared is passed in ``env``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MASTERS: dict[str, int] = {}  # base URL → pid of the gunicorn master serving it


def worker_pids(master: int) -> list[int]:
    """The pids of a process's children (gunicorn's workers), from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def instance_env(**settings: str) -> dict[str, str]:
    """This environment without queue or database settings of its own, plus ``settings``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "DATABASE_URL") and not k.startswith("FLASK_")
    }
    return {**env, "PYTHONPATH": str(ROOT), **settings}


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 1, log: Path | None = None) -> Iterator[str]:
    """``gunicorn -c gunicorn.conf.py wsgi:app`` on a free local port; yields its base URL.

    With ``log``, everything the server writes (errors, and requests when ``ACCESS_LOG`` is on)
    goes to that file, so a failing test can keep it.
    """
    port = free_port()
    output = log.open("wb") if log is not None else None
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"]
        # Each gunicorn would otherwise listen for gunicornc at one path in the home folder,
        # taking it over from every other gunicorn running there (tests in parallel, a server).
        + ["--no-control-socket"],
        cwd=ROOT,
        env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_WORKERS": str(workers)},
        stdout=output or subprocess.DEVNULL,
        stderr=output or subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    MASTERS[url] = process.pid
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        MASTERS.pop(url, None)
        stop(process)
        (output or process.stderr).close()


def stop(process: subprocess.Popen) -> None:
    """Ends the server at once: the master and its workers, killed.

    The test is over and nothing it checks happens while the server stops; a graceful stop
    (SIGTERM) took about three seconds here, each worker taking two to exit.
    """
    workers = worker_pids(process.pid)
    process.kill()
    process.wait()
    for pid in workers:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def wait_until_up(
    url: str, process: subprocess.Popen, log: Path | None = None, timeout: float = 30
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_bytes() if log is not None else process.stderr.read()
            raise RuntimeError(f"server exited: {said.decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)  # not listening yet, or too busy starting to answer within 2 s
    raise RuntimeError(f"server at {url} did not answer within {timeout} s")
