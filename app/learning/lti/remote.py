"""Talking to an LMS over HTTP: its public keys (cached), access tokens and JSON services.

Standard library only (urllib), with timeouts, so a slow LMS holds up a job, not a page.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from joserfc.jwk import KeySet

TIMEOUT_SECONDS = 10
KEYS_FRESH_SECONDS = 300
# An unknown key id makes the keys be fetched again, but not more often than this.
REFETCH_AFTER_SECONDS = 10


class RemoteError(Exception):
    """An LMS request that failed, with a readable reason."""


def _open(request: urllib.request.Request) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310 (addresses an administrator registered)
            return response.status, response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        body = exc.read(2000).decode("utf-8", "replace")
        raise RemoteError(f"{request.full_url} answered {exc.code}: {body[:300]}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise RemoteError(f"{request.full_url} could not be reached: {exc}") from exc


def get_json(url: str, headers: dict[str, str] | None = None) -> Any:
    _status, body = _open(urllib.request.Request(url, headers=headers or {}))
    try:
        return json.loads(body)
    except ValueError as exc:
        raise RemoteError(f"{url} did not answer JSON") from exc


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    return _open(urllib.request.Request(url, data=body, headers=headers, method="POST"))


def post_form(url: str, fields: dict[str, str]) -> Any:
    body = urllib.parse.urlencode(fields).encode("ascii")
    _status, answer = post(url, body, {"Content-Type": "application/x-www-form-urlencoded"})
    try:
        return json.loads(answer)
    except ValueError as exc:
        raise RemoteError(f"{url} did not answer JSON") from exc


class KeyCache:
    """Platforms' JWKS by URL, fetched when first needed, when stale, or for an unknown key id."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[float, KeySet]] = {}
        self._lock = threading.Lock()

    def key_set(self, url: str, kid: str | None) -> KeySet:
        now = time.monotonic()
        with self._lock:
            found = self._keys.get(url)
        if found is not None:
            fetched_at, keys = found
            known = kid is None or any(key.kid == kid for key in keys.keys)
            fresh = now - fetched_at < KEYS_FRESH_SECONDS
            if known and fresh:
                return keys
            if not known and now - fetched_at < REFETCH_AFTER_SECONDS:
                return keys
        data = get_json(url)
        try:
            keys = KeySet.import_key_set(data)
        except Exception as exc:  # any malformed JWKS: joserfc raises several kinds
            raise RemoteError(f"{url} is not a usable JWKS: {exc}") from exc
        with self._lock:
            self._keys[url] = (now, keys)
        return keys

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()


platform_keys = KeyCache()
