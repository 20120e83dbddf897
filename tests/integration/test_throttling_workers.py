"""The sign-in throttle holds its limit on a production server with several workers.

A real gunicorn, four workers, no Redis, the production configuration (tests/instances.py). With
counters in each worker's memory every worker allowed the whole limit again; counted in the
database that all of them share, no more than the limit reach the password check, however the
attempts are spread over the workers, and whatever address they come from.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.instances import gunicorn, instance_env
from tests.users import add_user

WORKERS = 4
LIMIT = 10  # per minute, both AUTH_RATE_LIMIT and AUTH_ACCOUNT_RATE_LIMIT by default
ATTEMPTS = WORKERS * LIMIT  # what four workers with counters of their own could let through
VICTIM = "victim@example.org"
# gunicorn's access log, one line per request: "<pid> POST /signin 429".
ACCESS_LOG_FORMAT = "%(p)s %(m)s %(U)s %(s)s"
SIGN_IN_LINE = re.compile(r"^<(\d+)> POST /signin (\d{3})$", re.MULTILINE)


@pytest.fixture
def serve(app, database_url, tmp_path):
    """Start a production server on the test's database (where ``VICTIM`` has an account)."""
    add_user(app, VICTIM)

    @contextmanager
    def start(**settings: str) -> Iterator[tuple[str, Path]]:
        env = instance_env(
            DATABASE_URL=database_url,
            FLASK_SECRET_KEY="secret-of-the-throttled-server",
            LEARNWELL_INSTANCE_PATH=str(tmp_path / "instance"),
            ACCESS_LOG="on",
            GUNICORN_CMD_ARGS=f"--access-logformat '{ACCESS_LOG_FORMAT}'",
            **settings,
        )
        log = tmp_path / "server.log"
        with gunicorn(env, workers=WORKERS, log=log) as url:
            yield url, log

    return start


def signin_form(url: str) -> tuple[str, str]:
    """A browser's session cookie and the CSRF token of its sign-in form."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    with opener.open(f"{url}/signin", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in cookies), token


def guess(url: str, cookie: str, token: str, n: int, address: str | None = None) -> tuple[int, str]:
    """One wrong password for ``VICTIM``, on a connection of its own (so any worker may take it);
    ``address`` is the client a trusted proxy names in X-Forwarded-For."""
    form = {"email": VICTIM, "password": f"wrong guess {n}", "csrf_token": token}
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    if address:
        headers["X-Forwarded-For"] = address
    request = urllib.request.Request(
        f"{url}/signin", data=urllib.parse.urlencode(form).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def attack(url: str, addresses: list[str | None]) -> list[tuple[int, str]]:
    """Send one guess per address, eight at a time."""
    cookie, token = signin_form(url)
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(
            pool.map(lambda n: guess(url, cookie, token, n, addresses[n]), range(len(addresses)))
        )


def workers_that_served(log: Path) -> set[str]:
    return {pid for pid, _status in SIGN_IN_LINE.findall(log.read_text())}


def test_four_workers_let_no_more_than_the_limit_reach_the_password_check(serve):
    with serve() as (url, log):
        answers = attack(url, [None] * ATTEMPTS)
        served_by = workers_that_served(log)
    checked = [body for status, body in answers if status != 429]
    summary = f"{len(checked)} of {ATTEMPTS} checked, by {len(served_by)} workers"
    assert len(served_by) > 1, summary  # the attempts were spread over the workers
    assert len(checked) == LIMIT, summary
    assert all("match an account" in body for body in checked)  # wrong password, checked
    refused = [body for status, body in answers if status == 429]
    assert all("Too many attempts" in body for body in refused)


def test_guesses_from_rotating_addresses_are_limited_per_account(serve):
    """Behind a trusted proxy every guess names another client: the account's limit holds."""
    with serve(FLASK_TRUSTED_PROXIES="1") as (url, log):
        answers = attack(url, [f"198.51.100.{n}" for n in range(ATTEMPTS)])
        served_by = workers_that_served(log)
    checked = [status for status, _body in answers if status != 429]
    summary = f"{len(checked)} of {ATTEMPTS} checked, by {len(served_by)} workers"
    assert len(served_by) > 1, summary
    assert checked == [400] * LIMIT, summary
    refused = [body for status, body in answers if status == 429]
    assert all("Too many attempts for this account" in body for body in refused)
