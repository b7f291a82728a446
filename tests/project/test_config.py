"""The app factory and where its configuration comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchmaker import create_app
from matchmaker.config import (
    ConfigurationError,
    defaults,
    ensure_secret_key,
    from_environment,
    normalise_database_url,
)
from tests.conftest import make_config


def test_test_config_replaces_instance_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://elsewhere/db")
    app = create_app(make_config(tmp_path))
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.instance_path == str(tmp_path / "instance")
    assert Path(app.instance_path).is_dir()


def test_production_without_secret_key_stops_with_a_clear_message(tmp_path: Path) -> None:
    config = defaults(str(tmp_path))
    with pytest.raises(ConfigurationError, match="MATCHMAKER_SECRET_KEY"):
        ensure_secret_key(config, str(tmp_path))


def test_factory_refuses_production_without_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="No secret key"):
        create_app(make_config(tmp_path, MATCHMAKER_ENV="production", SECRET_KEY=None))


def test_development_generates_a_key_once_and_keeps_it(tmp_path: Path) -> None:
    first = defaults(str(tmp_path)) | {"MATCHMAKER_ENV": "development"}
    ensure_secret_key(first, str(tmp_path))
    second = defaults(str(tmp_path)) | {"MATCHMAKER_ENV": "development"}
    ensure_secret_key(second, str(tmp_path))
    assert len(first["SECRET_KEY"]) == 64
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_unknown_environment_name_is_refused(tmp_path: Path) -> None:
    config = defaults(str(tmp_path)) | {"MATCHMAKER_ENV": "staging", "SECRET_KEY": "x"}
    with pytest.raises(ConfigurationError, match="production, development, testing"):
        ensure_secret_key(config, str(tmp_path))


def test_environment_overrides() -> None:
    settings = from_environment(
        {
            "DATABASE_URL": "postgres://u:p@db.internal/fair",
            "MATCHMAKER_SECRET_KEY": "s3cret",
            "MATCHMAKER_ENV": "production",
            "UNRELATED": "ignored",
        }
    )
    assert settings == {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u:p@db.internal/fair",
        "SECRET_KEY": "s3cret",
        "MATCHMAKER_ENV": "production",
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://h/db", "postgresql+psycopg://h/db"),
        ("postgresql://h/db", "postgresql+psycopg://h/db"),
        ("postgresql+psycopg://h/db", "postgresql+psycopg://h/db"),
        ("sqlite:////var/fair.sqlite", "sqlite:////var/fair.sqlite"),
    ],
)
def test_database_urls_get_a_driver(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected


def test_instance_config_file_and_environment_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = tmp_path / "inst"
    instance.mkdir()
    (instance / "config.py").write_text(
        "SECRET_KEY = 'from-file'\nBABEL_DEFAULT_LOCALE = 'en'\n"
        "BASE_URL = 'https://boerse.example.org'\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MATCHMAKER_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("MATCHMAKER_ENV", "production")
    monkeypatch.setenv("MATCHMAKER_BABEL_DEFAULT_LOCALE", "ru")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["BABEL_DEFAULT_LOCALE"] == "ru"  # the environment wins over the file
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'matchmaker.sqlite'}"


def test_production_cookies_are_https_only(tmp_path: Path) -> None:
    app = create_app(
        make_config(
            tmp_path, MATCHMAKER_ENV="production", SECRET_KEY="k" * 32, BASE_URL="https://localhost"
        )
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    development = create_app(make_config(tmp_path, MATCHMAKER_ENV="development"))
    assert development.config["SESSION_COOKIE_SECURE"] is False  # plain http://127.0.0.1
