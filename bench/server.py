"""The app as production runs it, for load tests: a fresh database with the shipped lessons and
gunicorn started from gunicorn.conf.py in a process of its own (the benchmark's baseline app is
started the same way), and the CPU time its workers use."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from app.config import normalise_database_url

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-secret-key-not-for-production"


def postgres_url() -> str | None:
    """The PostgreSQL server to measure: BENCH_DATABASE_URL, else TEST_DATABASE_URL."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    return normalise_database_url(url) if url else None


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A new empty database: a SQLite file in ``folder``, or a PostgreSQL schema (dropped after)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    server = postgres_url()
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server}{'&' if '?' in server else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def environment(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.pop("REDIS_URL", None)
    return {
        **env,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "LEARNWELL_INSTANCE_PATH": str(folder / "instance"),
        "FLASK_SECRET_KEY": SECRET_KEY,
        "FLASK_MEDIA_DIR": str(folder / "media"),
        **extra,
    }


def flask(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare(env: dict[str, str]) -> None:
    """Migrate and import the lessons, exactly as a deploy does."""
    flask(env, "db", "upgrade")
    flask(env, "content", "import")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    url: str
    pid: int  # gunicorn's master

    def worker_cpu(self) -> float:
        """CPU seconds (user and system, every thread) used so far by the master's workers."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # a process that ended while we looked
            if int(fields[1]) == self.pid:  # fields[1] is the parent's pid
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLOCK_TICKS


@contextmanager
def gunicorn(env: dict[str, str], app: str = "wsgi:app") -> Iterator[Server]:
    """``app`` under the production server settings (gunicorn.conf.py); stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app],
        cwd=ROOT,
        env={**env, "HOST": "127.0.0.1", "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # it answers: an address it has no page for is still an answer
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start {app}") from None
                time.sleep(0.1)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
