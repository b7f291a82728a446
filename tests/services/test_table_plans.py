"""Themed tables of the demo fair stored in a real database: seated from the stored
recommendations, renamed and changed by staff, and checked again after every change."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from matchmaker.core.tables.rules import TableRules, Theme
from matchmaker.extensions import db
from matchmaker.models import Event, Participant, ParticipantStatus, TableSeat
from matchmaker.services.recommendations import compute_recommendations
from matchmaker.services.table_plans import (
    TablePlanError,
    check_tables,
    move_firm,
    rename_theme,
    seat_event,
)

RULES = TableRules(size=8, rounds=2, themes=(Theme("Medizintechnik"), Theme("Pflege", 2)))


def test_the_demo_fair_is_seated_stored_changed_and_checked(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        with pytest.raises(TablePlanError, match="has no themed tables yet"):
            check_tables(session, event)
        compute_recommendations(session, event, top_k=20)  # the encoders, as installed
        check = seat_event(session, event, RULES)
        session.commit()
        assert check.violations == ()
        assert session.scalar(select(func.count()).select_from(TableSeat)) == 66 * 2
        assert check.stats.repeated_pairs == 0
        assert check.stats.mixed_share == 1.0
        assert check.stats.relevant_per_firm > 1.0
        themes = [t.theme for t in check.plan.in_round(1)]
        assert themes.count("Pflege") == 2
        assert themes.count("Medizintechnik") == 1

        # Staff rename a derived theme and move a firm: the check follows each change.
        staff = ("Pflege", "Medizintechnik")
        derived = next(t for t in check.plan.in_round(1) if t.theme not in staff)
        renamed = rename_theme(session, event, 1, derived.number, "Metallverarbeitung")
        assert "Metallverarbeitung" in [t.theme for t in renamed.plan.in_round(1)]
        assert renamed.violations == ()
        firm = session.get(Participant, int(derived.members[0]))
        assert firm is not None
        other = next(t for t in check.plan.in_round(1) if t.number != derived.number)
        moved = move_firm(session, event, firm, 1, other.number)
        # 66 firms at 9 tables of 7-8: the firm's table now has one too few or the other one
        # too many, and the check says so.
        assert moved.violations
        seat = session.scalars(select(TableSeat).where(TableSeat.participant_id == firm.id,
                                                       TableSeat.round == 1)).one()  # fmt: skip
        assert seat.table_number == other.number
        assert seat.theme == other.theme

        # A firm withdrawn since the seating shows up as unknown.
        firm.status = ParticipantStatus.WITHDRAWN
        session.flush()
        assert any("unknown firm" in v for v in check_tables(session, event).violations)


def test_bad_changes_are_refused(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        compute_recommendations(session, event, top_k=10, readings=None)
        seat_event(session, event, TableRules(size=10))
        with pytest.raises(TablePlanError, match="no table 99 in round 1"):
            rename_theme(session, event, 1, 99, "Pflege")
        with pytest.raises(TablePlanError, match="a theme needs a name"):
            rename_theme(session, event, 1, 1, "  ")
        firm = session.scalars(select(Participant)).first()
        assert firm is not None
        with pytest.raises(TablePlanError, match="there is no table 1 in round 2"):
            move_firm(session, event, firm, 2, 1)
