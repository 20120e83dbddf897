"""The Flask application class, with two per-request costs of Flask's made cheap.

- **Building the same address again.** A page asks for a dozen addresses or more (its
  stylesheets and scripts, the navigation, the links to each lesson), and building one through
  Werkzeug's URL map costs more than most of what a small page does. An address inside the site
  depends only on the endpoint, its values and where the site is mounted (``url_defaults`` here
  only add the static files' version, which is fixed for the process), so the address built once
  is kept. External addresses, ones with an anchor, a method or a scheme, relative endpoints
  (".view") and values that can't be keys are built every time, as before.
- **Looking for coroutines.** Flask asks of every hook and view, on every request, whether it is
  a coroutine (``inspect.iscoroutinefunction``); the answer for a function never changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, has_request_context, request

MAX_URLS = 4096
MAX_FUNCTIONS = 1024


class Application(Flask):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[Hashable, str] = {}
        self._urls_lock = threading.Lock()
        self._sync: dict[Callable, Callable] = {}

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        simple = (
            _anchor is None
            and _method is None
            and _scheme is None
            and not _external
            and endpoint[:1] != "."
            and has_request_context()
        )
        if not simple:
            return super().url_for(
                endpoint,
                _anchor=_anchor,
                _method=_method,
                _scheme=_scheme,
                _external=_external,
                **values,
            )
        try:
            key = (
                request.script_root,
                endpoint,
                *((k, type(v), v) for k, v in sorted(values.items())),
            )
            found = self._urls.get(key)
        except TypeError:  # a value that can't be a key (a list of query values, say)
            return super().url_for(endpoint, _external=_external, **values)
        if found is None:
            found = super().url_for(endpoint, _external=_external, **values)
            with self._urls_lock:
                if len(self._urls) >= MAX_URLS:
                    self._urls.clear()  # many different addresses (query strings): start over
                self._urls[key] = found
        return found

    def ensure_sync(self, func: Callable) -> Callable:
        found = self._sync.get(func)
        if found is None:
            found = super().ensure_sync(func)
            if len(self._sync) < MAX_FUNCTIONS:
                self._sync[func] = found
        return found
