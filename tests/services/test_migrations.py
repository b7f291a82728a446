"""The Alembic migrations build exactly the schema the models describe, and run down again."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from matchmaker.extensions import db
from matchmaker.models.job import described_by_models

pytestmark = pytest.mark.own_organisations  # events made on older schemas, without the tables


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


def test_0015_keeps_every_firm_when_it_runs_on_a_filled_database(app: Flask) -> None:
    """Migration 0015 alters `event` in place: on SQLite a batch copy would drop the old
    table and, with foreign keys on, delete every firm with it (ON DELETE CASCADE)."""
    from sqlalchemy import func, select

    from matchmaker.models import ListingRule, Participant
    from tests.factories import create_event, create_participant

    with app.app_context():
        event = create_event(db.session(), "voll")
        create_participant(db.session(), event, "A")
        db.session.commit()
        downgrade(revision="0013_link_hashes_erasure")
        upgrade()
        db.session.expire_all()
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 1
        assert db.session.get_one(type(event), event.id).listing == ListingRule.APPROVED


def count_rows(tables: list[str]) -> dict[str, int]:
    from sqlalchemy import text

    with db.engine.connect() as connection:
        return {
            t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables
        }


def test_upgrading_a_filled_database_keeps_every_row(app: Flask) -> None:
    """On SQLite a batch migration copies a table, drops the old one and renames the copy;
    with foreign keys on, the drop deletes every child row through ON DELETE CASCADE (a
    firm's unavailable times, requests, meetings). Migrations run with foreign keys off
    and are checked afterwards, so a filled fair survives every migration of this issue."""
    from datetime import time

    from matchmaker.models import Meeting, MeetingRequest, ScheduleVersion, Unavailability
    from tests.factories import create_event, create_participant

    with app.app_context():
        session = db.session()
        event = create_event(session, "voll")
        a, b = (create_participant(session, event, key) for key in "AB")
        session.add(Unavailability(participant_id=a.id, start=time(12), end_time=time(13)))
        session.add(
            MeetingRequest(event_id=event.id, from_participant_id=a.id, to_participant_id=b.id)
        )
        schedule = ScheduleVersion(event_id=event.id, number=1)
        session.add(schedule)
        session.flush()
        session.add(
            Meeting(
                event_id=event.id,
                schedule_id=schedule.id,
                participant_a_id=a.id,
                participant_b_id=b.id,
                slot=1,
                table_id=event.tables[0].id,
            )
        )
        session.commit()
        kept = [
            "event", "participant", "unavailability", "meeting_request", "schedule_version",
            "meeting", "meeting_attendee", "event_table", "participant_group",
        ]  # fmt: skip
        before = count_rows(kept)
        downgrade(revision="0011_login_failures")
        upgrade()
        assert count_rows(kept) == before
        assert before["meeting_attendee"] == 2
