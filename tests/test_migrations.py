"""The Alembic migrations build exactly the schema the models describe, and run down again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from matchmaker.extensions import db
from matchmaker.models.job import described_by_models


def test_migrated_schema_matches_the_models(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": described_by_models}
        )
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_base_and_up_again(app: Flask) -> None:
    with app.app_context():
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "meeting_attendee" in inspect(db.engine).get_table_names()
