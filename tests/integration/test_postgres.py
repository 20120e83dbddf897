"""The same schema, import and pages on PostgreSQL (psycopg 3), in a schema of their own."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from app.config import normalise_database_url
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.integration.test_database import assert_migrations_match_models, migrated_app

pytestmark = pytest.mark.postgres
URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture
def postgres_url():
    if not URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must test PostgreSQL: set TEST_DATABASE_URL")
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    url = normalise_database_url(URL)
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_migrations_build_exactly_the_models_on_postgres(tmp_path, postgres_url):
    assert_migrations_match_models(migrated_app(tmp_path, postgres_url))


def test_content_imports_and_serves_on_postgres(tmp_path, postgres_url):
    from flask_migrate import upgrade

    from app.extensions import db

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
