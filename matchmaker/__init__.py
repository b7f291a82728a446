"""matchmaker: B2B matchmaking for cooperation fairs (Kooperationsbörsen)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints and CLI commands. Nothing else.

    Configuration comes from `config.defaults`, then `instance/config.py` and the environment;
    a test passes `test_config` instead of the last two.
    """
    from matchmaker import auth, cli, dates, i18n, security
    from matchmaker.config import (
        defaults,
        ensure_secret_key,
        from_environment,
        page_languages,
        public_address,
        secure_cookies,
    )
    from matchmaker.extensions import babel, csrf, db, migrate
    from matchmaker.views import errors, firm, public, registration, staff, visit_host, week

    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "MATCHMAKER_INSTANCE_PATH", str(PROJECT_ROOT / "instance")
    )
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_mapping(from_environment(os.environ))
    else:
        app.config.from_mapping(test_config)
    ensure_secret_key(app.config, app.instance_path)
    public_address(app.config)
    page_languages(app.config)
    secure_cookies(app.config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    i18n.init_app(app, babel)
    dates.init_app(app)
    auth.init_app(app)
    security.init_app(app)

    app.register_blueprint(public.bp)
    app.register_blueprint(registration.bp)
    app.register_blueprint(visit_host.bp)
    app.register_blueprint(firm.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(week.bp)
    errors.register(app)
    cli.register(app)
    return app
