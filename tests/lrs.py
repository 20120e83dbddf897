"""A real Learning Record Store for tests: Ralph's xAPI server (``ralph-malph``, requirements-
dev.txt) on a free port, storing statements in files, with one Basic-auth account.

Started as a subprocess with uvicorn (tests/ralph_app.py); a missing Ralph skips the tests that need it, except under
CI=true, where it fails them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

USERNAME = "learnwell"
PASSWORD = "lrs-test-password"  # nosec B105: a throwaway account of a test server
HEADERS = {"X-Experience-API-Version": "1.0.3"}
ROOT = str(Path(__file__).resolve().parent.parent)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_ralph() -> None:
    if importlib.util.find_spec("ralph") and importlib.util.find_spec("uvicorn"):
        return
    message = "LRS tests need ralph-malph and uvicorn: pip install -r requirements-dev.txt"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class Ralph:
    """One Ralph server; ``url`` is its xAPI endpoint (``…/xAPI``)."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        require_ralph()
        import bcrypt

        self.folder = folder
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "data").mkdir(exist_ok=True)
        hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
        account = {
            "agent": {"mbox": "mailto:lrs-admin@example.org"},
            "scopes": ["all"],
            "hash": hashed,
            "username": USERNAME,
        }
        (folder / "auth.json").write_text(json.dumps([account]))
        self.process: subprocess.Popen | None = None

    def start(self) -> Ralph:
        env = os.environ | {
            "RALPH_APP_DIR": str(self.folder),
            "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
        }
        command = [sys.executable, "-m", "uvicorn", "tests.ralph_app:app", "--app-dir", ROOT]
        command += ["--host", "127.0.0.1"]
        self.process = subprocess.Popen(  # nosec B603: our own interpreter and arguments
            [*command, "--port", str(self.port), "--log-level", "warning"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "ralph.log", "ab"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "ralph.log").read_text()
                raise RuntimeError(f"Ralph stopped while starting:\n{log}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).is_success:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("Ralph did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def statements(self, **params: str) -> list[dict]:
        """Every statement the LRS holds matching ``params`` (following its ``more`` links)."""
        found = []
        url, query = f"{self.url}/statements", {"limit": "500", **params}
        while url:
            reply = httpx.get(url, params=query, auth=(USERNAME, PASSWORD), headers=HEADERS)
            reply.raise_for_status()
            body = reply.json()
            found += body["statements"]
            more = body.get("more")
            url, query = (f"http://127.0.0.1:{self.port}{more}", None) if more else (None, None)
        return found
