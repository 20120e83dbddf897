"""Learners for load tests, made through the site as browsers make them: each has a session (and
so a CSRF token) and a ``learner`` cookie with saved progress."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass


@dataclass
class Learner:
    cookie: str  # the Cookie header a browser would send
    token: str  # the CSRF token of its session

    def lua(self) -> dict[str, str]:
        return {
            "cookie": self.cookie,
            "token": self.token,
            "token_urlencoded": urllib.parse.quote(self.token, safe=""),
        }


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def learner_with_progress(base: str, lesson: str, section: str, email: str = "") -> Learner:
    """An anonymous learner, or with ``email`` one who signed up (then saved progress)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/lessons/{lesson}", timeout=10) as response:
        token = csrf_token(response.read().decode())
    if email:
        password = uuid.uuid4().hex
        form = {"email": email, "password": password, "confirm": password, "csrf_token": token}
        with opener.open(f"{base}/signup", urllib.parse.urlencode(form).encode(), timeout=10):
            pass  # redirected to the dashboard, signed in
        with opener.open(f"{base}/lessons/{lesson}", timeout=10) as response:
            token = csrf_token(response.read().decode())
    event = {"id": str(uuid.uuid4()), "type": "section-read", "lesson": lesson, "section": section}
    request = urllib.request.Request(
        f"{base}/progress/events",
        data=json.dumps({"events": [event]}).encode(),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
        method="POST",
    )
    with opener.open(request, timeout=10) as response:
        assert json.loads(response.read())["saved"] == 1
    names = {cookie.name for cookie in jar}
    assert "session" in names and ("learner" in names) != bool(email), names
    return Learner("; ".join(f"{c.name}={c.value}" for c in jar), token)
