"""Scheduling an event stored in a real (migrated SQLite) database: accepted requests become
meetings of a new draft version, hosts keep their tables, locked meetings stay, and the
stored version passes the verifier."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.core.scheduling.scheduler import ScheduleOptions
from matchmaker.models import (
    EventInterpreter,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    ScheduleVersion,
)
from matchmaker.models.participant import ParticipantStatus
from matchmaker.services.drafts import generate_draft
from matchmaker.services.schedules import SchedulingError, event_problem, version_report
from tests.factories import create_event, create_participant

QUICK = ScheduleOptions(time_limit=5)


def _request(
    session: Session, a: Participant, b: Participant, status: RequestStatus, **values: object
) -> MeetingRequest:
    request = MeetingRequest(
        event_id=a.event_id,
        from_participant_id=a.id,
        to_participant_id=b.id,
        status=status,
        **values,
    )
    session.add(request)
    session.flush()
    return request


def test_accepted_requests_become_a_draft_that_passes_the_verifier(session: Session) -> None:
    event = create_event(session)
    firms = [create_participant(session, event, x) for x in ("O1", "O2", "B1", "B2", "B3")]
    o1, o2, b1, b2, b3 = firms
    for o in (o1, o2):
        for b in (b1, b2, b3):
            _request(session, o, b, RequestStatus.ACCEPTED)
    _request(session, b1, b2, RequestStatus.PENDING)  # not scheduled unless asked for
    _request(session, b3, o1, RequestStatus.DECLINED)  # the pair's accepted request counts
    run = generate_draft(session, event, options=QUICK, name="first draft")
    session.commit()
    assert run.wishes == 6
    assert run.version.number == 1
    meetings = session.scalars(select(Meeting).where(Meeting.schedule_id == run.version.id)).all()
    assert len(meetings) == 6
    pairs = {frozenset((m.participant_a_id, m.participant_b_id)) for m in meetings}
    assert frozenset((b1.id, b2.id)) not in pairs
    report = version_report(session, event, run.version)
    assert report.violations == ()
    assert report.stats.placed == 6

    with_pending = generate_draft(session, event, options=QUICK, include_pending=True)
    assert with_pending.version.number == 2
    assert with_pending.wishes == 7
    assert len(with_pending.result.placements) == 7


def test_a_host_keeps_its_table_and_locked_meetings_stay(session: Session) -> None:
    event = create_event(session)
    host = create_participant(session, event, "HOST")
    guests = [create_participant(session, event, f"G{i}") for i in range(4)]
    event.tables[1].host_participant_id = host.id  # table number 2
    for g in guests:
        _request(session, g, host, RequestStatus.ACCEPTED)
    _request(session, guests[0], guests[1], RequestStatus.ACCEPTED, earliest=time(9, 40))
    first = generate_draft(session, event, options=QUICK)
    table_2 = event.tables[1].id
    for m in first.version.meetings:
        host_meeting = host.id in (m.participant_a_id, m.participant_b_id)
        assert (m.table_id == table_2) == host_meeting
    g01 = next(m for m in first.version.meetings if {m.participant_a_id, m.participant_b_id}
               == {guests[0].id, guests[1].id})  # fmt: skip
    assert g01.slot >= 3  # 09:40 is the third slot
    g01.locked = True
    session.flush()
    second = generate_draft(session, event, options=QUICK, start_from=first.version)
    kept = next(m for m in second.version.meetings if m.locked)
    assert (kept.participant_a_id, kept.participant_b_id, kept.slot, kept.table_id) == (
        g01.participant_a_id,
        g01.participant_b_id,
        g01.slot,
        g01.table_id,
    )
    assert version_report(session, event, second.version).violations == ()


def test_a_withdrawn_firm_shows_up_in_the_report_of_an_older_version(session: Session) -> None:
    event = create_event(session)
    a, b = create_participant(session, event, "A"), create_participant(session, event, "B")
    _request(session, a, b, RequestStatus.ACCEPTED)
    run = generate_draft(session, event, options=QUICK)
    b.status = ParticipantStatus.WITHDRAWN
    session.flush()
    report = version_report(session, event, run.version)
    assert any("unknown firm" in v for v in report.violations)
    assert event_problem(session, event).problem.wishes == ()


def test_an_event_without_tables_is_refused(session: Session) -> None:
    event = create_event(session, slug="no-tables")
    event.tables = []
    session.flush()
    with pytest.raises(SchedulingError, match="no-tables has no tables"):
        generate_draft(session, event, options=QUICK)
    assert session.scalars(select(ScheduleVersion)).all() == []


def test_an_interpreter_of_the_event_is_booked_and_stored_with_the_meeting(
    session: Session,
) -> None:
    event = create_event(session)
    event.interpreters = [EventInterpreter(name="Irina Petrova", languages=["ru", "de"])]
    omsk = [create_participant(session, event, f"O{i}", languages=["ru"]) for i in (1, 2)]
    borde = create_participant(session, event, "B1", languages=["de"])
    english = create_participant(session, event, "B2", languages=["de", "en"])
    for o in omsk:
        _request(session, o, borde, RequestStatus.ACCEPTED)
        _request(session, o, english, RequestStatus.ACCEPTED)
    run = generate_draft(session, event, options=QUICK)
    session.commit()
    irina = event.interpreters[0]
    assert len(run.version.meetings) == 4
    assert {m.interpreter_id for m in run.version.meetings} == {irina.id}
    assert len({m.slot for m in run.version.meetings}) == 4  # one interpreter: one at a time
    assert version_report(session, event, run.version).violations == ()


def test_the_database_refuses_an_interpreter_in_two_meetings_of_a_slot(session: Session) -> None:
    event = create_event(session)
    event.interpreters = [EventInterpreter(name="Irina", languages=["ru", "de"])]
    firms = [create_participant(session, event, x) for x in ("A", "B", "C", "D")]
    version = ScheduleVersion(event_id=event.id, number=1)
    session.add(version)
    session.flush()
    irina, tables = event.interpreters[0].id, event.tables
    for (a, b), table in zip(((0, 1), (2, 3)), tables, strict=False):
        session.add(
            Meeting(
                event_id=event.id,
                schedule_id=version.id,
                participant_a_id=firms[a].id,
                participant_b_id=firms[b].id,
                slot=1,
                table_id=table.id,
                interpreter_id=irina,
            )
        )
    with pytest.raises(IntegrityError):
        session.flush()
