"""Addresses built once and kept are the ones Flask would build each time."""

from __future__ import annotations

import pytest
from flask import url_for

from app.web.application import Application


@pytest.fixture
def app() -> Application:
    app = Application(__name__)
    app.add_url_rule("/lessons/<slug>", "lesson", lambda slug: slug)
    app.add_url_rule("/items/<int:number>", "item", lambda number: str(number))
    return app


def test_a_kept_address_is_the_one_flask_builds(app):
    with app.test_request_context("/"):
        first = url_for("lesson", slug="a")
        assert url_for("lesson", slug="a") is first  # kept
        assert url_for("lesson", slug="b") == "/lessons/b"
        assert url_for("lesson", slug="a", next="/x y") == "/lessons/a?next=/x+y"
        assert url_for("item", number=1) == "/items/1"


def test_where_the_site_is_mounted_is_part_of_the_address(app):
    with app.test_request_context("/"):
        assert url_for("lesson", slug="a") == "/lessons/a"
    with app.test_request_context("/", base_url="http://localhost/school"):
        assert url_for("lesson", slug="a") == "/school/lessons/a"


def test_external_addresses_and_anchors_are_built_each_time(app):
    with app.test_request_context("/", base_url="http://one.example"):
        assert url_for("lesson", slug="a", _external=True) == "http://one.example/lessons/a"
        assert url_for("lesson", slug="a", _anchor="part") == "/lessons/a#part"
    with app.test_request_context("/", base_url="http://two.example"):
        assert url_for("lesson", slug="a", _external=True) == "http://two.example/lessons/a"


def test_values_that_cant_be_keys_are_built_too(app):
    with app.test_request_context("/"):
        assert url_for("lesson", slug="a", tag=["x", "y"]) == "/lessons/a?tag=x&tag=y"
