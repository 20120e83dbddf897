"""The same schema, import and pages on PostgreSQL (psycopg 3), in a schema of their own.

The import is of the shipped content, by ``flask content import`` as a deployment runs it.
"""

from __future__ import annotations

import pytest

from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.databases import fresh_schema, postgres_url_or_skip
from tests.integration.test_database import assert_migrations_match_models, migrated_app

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url():
    with fresh_schema(postgres_url_or_skip()) as url:
        yield url


def test_migrations_build_exactly_the_models_on_postgres(tmp_path, postgres_url):
    assert_migrations_match_models(migrated_app(tmp_path, postgres_url))


def test_the_shipped_content_imports_and_serves_on_postgres(tmp_path, postgres_url):
    from flask_migrate import upgrade

    from app.learning.db import db

    app = migrated_app(tmp_path, postgres_url)
    app.config["CONTENT_DIR"] = str(SEED_CONTENT)
    with app.app_context():
        upgrade()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["content", "import"]).exit_code == 0
    second = runner.invoke(args=["content", "import"])
    assert "0 new revision(s)" in second.output
    response = app.test_client().get(f"/lessons/{SEED_LESSON}")
    assert response.status_code == 200
    assert "Order Management &amp; Fulfillment Basics" in response.text
    with app.app_context():
        db.engine.dispose()
