"""Pages launched from an LMS are shown in its iframe: for that browser session only, the LMS's
origin may frame this site's pages, and the session cookie is sent in its third-party frame
(``SameSite=None``, which browsers accept only on HTTPS; elsewhere, and where a browser blocks
third-party cookies, the launch page offers to open the lesson in a new window)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import session

from app.learning.models.lti import LtiPlatform

FRAME_KEY = "lti_frame"
# An origin as a Content-Security-Policy source may name it: no user info, path or separators.
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?")


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def allow_framing_by(platform: LtiPlatform) -> None:
    origins = {o for o in (_origin(platform.issuer), _origin(platform.auth_login_url)) if o}
    session[FRAME_KEY] = " ".join(sorted(origins))


def allow_framing_by_origin(url: str) -> str | None:
    """Let the origin of ``url`` frame this browser session's pages; that origin, or None (and
    nothing changed) if ``url`` names none."""
    origin = _origin(url)
    if origin is None or not ORIGIN.fullmatch(origin):
        return None
    session[FRAME_KEY] = origin
    return origin
