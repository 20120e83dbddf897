"""Configuration layers: defaults → instance/config.py → environment → test config."""

from __future__ import annotations

import pytest

from app import create_app
from app.config import DEFAULT_SECRET_KEY, InsecureSecretKeyError, normalise_database_url


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "FLASK_SECRET_KEY",
        "FLASK_DEBUG",
        "FLASK_SITE_NAME",
        "FLASK_REDIS_URL",
        "FLASK_RATELIMIT_STORAGE_URI",
    ):
        monkeypatch.delenv(name, raising=False)


def make(tmp_path, **config):
    return create_app({"INSTANCE_PATH": str(tmp_path), **config})


def test_testing_app_starts_with_defaults(tmp_path):
    app = make(tmp_path, TESTING=True)
    assert app.testing
    assert app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'learnwell.db'}"


def test_production_app_refuses_the_default_secret_key(tmp_path):
    with pytest.raises(InsecureSecretKeyError, match="SECRET_KEY"):
        make(tmp_path)


def test_debug_app_may_use_the_default_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert make(tmp_path).debug


def test_instance_config_file_overrides_defaults(tmp_path):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-file'\nSITE_NAME = 'Academy'\n")
    app = make(tmp_path)
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["SITE_NAME"] == "Academy"


def test_environment_overrides_the_instance_file(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-file'\n")
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-env")
    monkeypatch.setenv("FLASK_CONTENT_CACHE_SIZE", "5")
    app = make(tmp_path)
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["CONTENT_CACHE_SIZE"] == 5


def test_database_url_selects_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/learn")
    app = make(tmp_path, TESTING=True)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/learn"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://h/d", "postgresql+psycopg://h/d"),
        ("postgresql://h/d", "postgresql+psycopg://h/d"),
        ("postgresql+psycopg://h/d", "postgresql+psycopg://h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg_3(url, expected):
    assert normalise_database_url(url) == expected


def test_without_redis_throttle_counters_are_kept_in_the_database(tmp_path):
    """Not in memory: that is per process, and each gunicorn worker would allow the whole limit."""
    from app.web.extensions import limiter
    from app.web.security.counters import DatabaseStorage

    assert make(tmp_path, TESTING=True).config["RATELIMIT_STORAGE_URI"] == "database://"
    assert isinstance(limiter.storage, DatabaseStorage)


@pytest.mark.parametrize("layer", ["instance file", "REDIS_URL", "FLASK_REDIS_URL"])
def test_throttle_counters_follow_redis_url_from_any_layer(tmp_path, monkeypatch, layer):
    """Jobs and throttle counters go to the same Redis, however REDIS_URL was given."""
    url = "redis://redis.example:6379/3"
    if layer == "instance file":
        (tmp_path / "config.py").write_text(f"REDIS_URL = {url!r}\n")
    else:
        monkeypatch.setenv(layer, url)
    app = make(tmp_path, TESTING=True)
    assert app.config["REDIS_URL"] == url
    assert app.config["RATELIMIT_STORAGE_URI"] == url


def test_an_explicit_throttle_storage_wins_over_redis_url(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_REDIS_URL", "redis://redis.example:6379/3")
    monkeypatch.setenv("FLASK_RATELIMIT_STORAGE_URI", "memory://")
    assert make(tmp_path, TESTING=True).config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_creating_the_app_touches_no_database(tmp_path):
    make(tmp_path, TESTING=True)
    assert not (tmp_path / "learnwell.db").exists()
