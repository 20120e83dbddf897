"""Learnwell: lessons to read, listen to and practise.

Three layers, each importing only the ones below it (checked by the import contract in
``make test``): :mod:`app.web` (requests, pages, commands) → :mod:`app.learning` (records and
use cases) → :mod:`app.core` (pure rules: content, grading, speech). The application factory is
:func:`app.factory.create_app`; importing this package loads nothing else, so ``import app.core``
stays free of Flask and the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application (see :func:`app.factory.create_app`)."""
    from app.factory import create_app as build

    return build(test_config)
