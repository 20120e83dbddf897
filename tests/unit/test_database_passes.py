"""The PostgreSQL pass runs only the tests that reach a database; the rest ran in the SQLite pass."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conftest import pytest_collection_modifyitems


def _config(database: str, deselected: list):
    hook = SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items))
    return SimpleNamespace(getoption=lambda name: database, hook=hook)


def _item(name: str, fixturenames: list[str], marker: str | None = None):
    return SimpleNamespace(
        name=name,
        fixturenames=fixturenames,
        get_closest_marker=lambda wanted: wanted if wanted == marker else None,
    )


def _items():
    return [
        _item("pure", ["tmp_path"]),
        _item("page", ["client", "app", "database_url", "database_backend"]),
        _item("journey", ["journey_server", "database_backend"]),
        _item("axe", ["live_server", "database_backend"], marker="rendering"),
        _item("drag", ["live_server", "database_backend"], marker="ui"),
    ]


def test_the_postgresql_pass_leaves_tests_that_use_no_database_to_the_sqlite_pass():
    items, deselected = _items(), []
    pytest_collection_modifyitems(_config("postgresql", deselected), items)
    assert [item.name for item in items] == ["page", "journey"]
    assert [item.name for item in deselected] == ["pure", "axe", "drag"]


@pytest.mark.parametrize("database", ["sqlite"])
def test_the_sqlite_pass_runs_everything(database):
    items, deselected = _items(), []
    pytest_collection_modifyitems(_config(database, deselected), items)
    assert len(items) == 5 and deselected == []
