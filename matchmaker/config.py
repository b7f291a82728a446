"""Configuration: defaults here, then instance/config.py, then the environment.

`MATCHMAKER_ENV` is `production` unless said otherwise; there a missing secret key stops
start-up. In `development` a key is generated into the instance folder once and kept.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ENVIRONMENTS = ("production", "development", "testing")
# The languages the pages, mails and printed papers can speak (a catalogue each in
# matchmaker/translations, English being the message ids); LANGUAGES may name fewer.
PAGE_LANGUAGES = ("de", "en", "ru", "uk", "pl", "ko")


class ConfigurationError(RuntimeError):
    """The app cannot start with this configuration; the message says what to set."""


def defaults(instance_path: str) -> dict[str, Any]:
    database = Path(instance_path) / "matchmaker.sqlite"
    return {
        "MATCHMAKER_ENV": "production",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "LANGUAGES": PAGE_LANGUAGES,
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        # Days after an event's day until its firms' personal data is purged and their
        # personal links stop working.
        "RETENTION_DAYS": 365,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        # Registrations and link re-sends per hour from one network address, and for one
        # e-mail address (services.throttle).
        "THROTTLE_PER_ADDRESS": 10,
        "THROTTLE_PER_EMAIL": 3,
        # Flask-WTF's own HTTPS check wants a Referer, which browsers may leave out;
        # `security.same_origin_only` checks Origin (and Referer, when sent) instead.
        "WTF_CSRF_SSL_STRICT": False,
        "BASE_URL": None,
    }


def from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    """Settings the environment overrides: DATABASE_URL, MATCHMAKER_* (prefix dropped)."""
    settings: dict[str, Any] = {}
    if url := environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    for key, value in environ.items():
        if key.startswith("MATCHMAKER_") and key != "MATCHMAKER_ENV":
            settings[key.removeprefix("MATCHMAKER_")] = value
    if env := environ.get("MATCHMAKER_ENV"):
        settings["MATCHMAKER_ENV"] = env
    return settings


def normalise_database_url(url: str) -> str:
    """Hosting platforms hand out `postgres://` URLs; SQLAlchemy wants a driver named."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def ensure_secret_key(config: dict[str, Any], instance_path: str) -> None:
    """Stop in production without a key; in development keep a generated one in instance/."""
    env = config["MATCHMAKER_ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigurationError(
            f"MATCHMAKER_ENV is '{env}'; it must be one of {', '.join(ENVIRONMENTS)}."
        )
    if config.get("SECRET_KEY"):
        return
    if env == "production":
        raise ConfigurationError(
            "No secret key is configured. Set MATCHMAKER_SECRET_KEY in the environment (for "
            "example to the output of `python -c 'import secrets; print(secrets.token_hex(32))'`)"
            " or SECRET_KEY in instance/config.py. For a local trial, set MATCHMAKER_ENV="
            "development instead and a key is generated for you."
        )
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32), encoding="utf-8")
        key_file.chmod(0o600)
    config["SECRET_KEY"] = key_file.read_text(encoding="utf-8").strip()


def retention_days(config: Mapping[str, Any]) -> int:
    """RETENTION_DAYS as a number of days (the environment gives it as text)."""
    value = config.get("RETENTION_DAYS", 365)
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = -1
    if days < 0:
        raise ConfigurationError(
            f"RETENTION_DAYS is '{value}'; it must be a whole number of days (0 or more)."
        )
    return days


def secret_keys(config: Mapping[str, Any]) -> list[str]:
    """SECRET_KEY, then the keys of SECRET_KEY_FALLBACKS (Flask's list of earlier keys)."""
    fallbacks = config.get("SECRET_KEY_FALLBACKS") or []
    if isinstance(fallbacks, str):
        fallbacks = [fallbacks]
    return [str(config["SECRET_KEY"]), *(str(k) for k in fallbacks)]


def secure_cookies(config: dict[str, Any]) -> None:
    """In production the session and login cookies travel over HTTPS only (set
    MATCHMAKER_INSECURE_COOKIES=1 only behind a proxy that cannot pass the scheme on)."""
    if config["MATCHMAKER_ENV"] == "production" and not config.get("INSECURE_COOKIES"):
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_HTTPONLY"] = True


def public_address(config: dict[str, Any]) -> None:
    """Check `BASE_URL`, the one public address links are built on, and trust only its host.

    Production needs it (an `https://` address, unless MATCHMAKER_INSECURE_COOKIES says the
    site has no HTTPS); requests for any other host are then refused (Flask's TRUSTED_HOSTS,
    answered 400), so a forged `Host` or `X-Forwarded-Host` can neither reach the app nor
    shape a link. `MATCHMAKER_TRUSTED_HOSTS` (comma-separated) adds further names, for
    example an internal health-check address. Development and tests without a setting build
    links on http://127.0.0.1:$PORT and accept any host.
    """
    env = config["MATCHMAKER_ENV"]
    url = str(config.get("BASE_URL") or "").strip()
    if not url:
        if env == "production":
            raise ConfigurationError(
                "No public address is configured. Set MATCHMAKER_BASE_URL to the address "
                "people open, for example https://boerse.example.org: every link in e-mails, "
                "pages and exports is built on it, and requests for other hosts are refused."
            )
        config["BASE_URL"] = f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            f"MATCHMAKER_BASE_URL is '{url}'; it must be an absolute address such as "
            "https://boerse.example.org (optionally with a path where the app is mounted)."
        )
    if env == "production" and parts.scheme != "https" and not config.get("INSECURE_COOKIES"):
        raise ConfigurationError(
            f"MATCHMAKER_BASE_URL is '{url}'; in production it must start with https://."
        )
    config["BASE_URL"] = url.rstrip("/")
    extra = config.get("TRUSTED_HOSTS") or ()
    if isinstance(extra, str):
        extra = [name.strip() for name in extra.split(",") if name.strip()]
    config["TRUSTED_HOSTS"] = [parts.hostname, *extra]


def page_languages(config: dict[str, Any]) -> None:
    """Check LANGUAGES, the languages this installation offers (the environment gives them
    as text, "de,en,ru"): some of PAGE_LANGUAGES, the default locale among them."""
    given = config.get("LANGUAGES") or ()
    codes = given.split(",") if isinstance(given, str) else list(given)
    languages = tuple(dict.fromkeys(str(code).strip() for code in codes if str(code).strip()))
    unknown = [code for code in languages if code not in PAGE_LANGUAGES]
    if unknown or not languages:
        raise ConfigurationError(
            f"LANGUAGES is '{given}'; it must list some of {', '.join(PAGE_LANGUAGES)}, "
            "separated by commas."
        )
    default = config.get("BABEL_DEFAULT_LOCALE")
    if default not in languages:
        raise ConfigurationError(
            f"BABEL_DEFAULT_LOCALE is '{default}'; it must be one of LANGUAGES "
            f"({', '.join(languages)})."
        )
    config["LANGUAGES"] = languages
