"""Lesson content: parsing Markdown lessons into an in-memory model, sanitising, validating.

Nothing in this package imports Flask or the database; it is tested directly.
"""

from app.core.content.catalog import Catalog, load_catalog
from app.core.content.errors import ContentError, ContentErrors
from app.core.content.parser import parse_lesson

__all__ = ["Catalog", "ContentError", "ContentErrors", "load_catalog", "parse_lesson"]
