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


def test_0014_keeps_every_firm_when_it_runs_on_a_filled_database(app: Flask) -> None:
    """Migration 0014 alters `event` in place: on SQLite a batch copy would drop the old
    table and, with foreign keys on, delete every firm with it (ON DELETE CASCADE)."""
    from sqlalchemy import func, select

    from matchmaker.models import ListingRule, Participant
    from tests.conftest import create_event, create_participant

    with app.app_context():
        event = create_event(db.session(), "voll")
        create_participant(db.session(), event, "A")
        db.session.commit()
        downgrade(revision="0013_link_hashes_erasure")
        upgrade()
        db.session.expire_all()
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 1
        assert db.session.get_one(type(event), event.id).listing == ListingRule.APPROVED
