"""Lesson content: parsing Markdown lessons into an in-memory model, sanitising, validating.

Nothing in this package imports Flask or the database; it is tested directly.
"""

from app.content.catalog import Catalog, load_catalog
from app.content.errors import ContentError, ContentErrors
from app.content.parser import parse_lesson

__all__ = ["Catalog", "ContentError", "ContentErrors", "load_catalog", "parse_lesson"]
