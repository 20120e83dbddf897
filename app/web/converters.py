"""URL converters: ``<id:name>`` for database ids, so an id no column can hold is a 404.

Werkzeug's ``int`` accepts any size of number, and an id past the database's integer range made
the query itself fail (a 500 on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL's integer; SQLite's is larger


class DatabaseId(IntegerConverter):
    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, min=1, max=MAX_ID)


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = DatabaseId
