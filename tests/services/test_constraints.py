"""Every integrity rule of the data model is refused by the database itself.

Several cases go through raw SQL on purpose: no ORM or application code sits between the
statement and the database that refuses it.
"""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    Meeting,
    MeetingAttendee,
    MeetingRequest,
    Participant,
    ScheduleVersion,
    TableSeat,
)
from tests.factories import create_event, create_participant

Fair = tuple[Event, ScheduleVersion, list[Participant]]
ATTENDEE_UNIQUE = (  # SQLite names the columns, PostgreSQL the constraint
    r"meeting_attendee\.schedule_id, meeting_attendee\.slot"
    r"|uq_meeting_attendee_schedule_id_slot_participant_id"
)
FOREIGN_KEY = r"FOREIGN KEY|foreign key constraint"
UNIQUE = r"UNIQUE|duplicate key"


@pytest.fixture
def fair(session: Session) -> Fair:
    event = create_event(session)
    schedule = ScheduleVersion(event_id=event.id, number=1)
    session.add(schedule)
    firms = [create_participant(session, event, f"F{i}") for i in range(1, 5)]
    session.flush()
    return event, schedule, firms


def meeting(
    event: Event, schedule: ScheduleVersion, a: Participant, b: Participant, slot: int, table: int
) -> Meeting:
    return Meeting(
        event_id=event.id,
        schedule_id=schedule.id,
        participant_a_id=a.id,
        participant_b_id=b.id,
        slot=slot,
        table_id=event.tables[table - 1].id,
    )


def test_foreign_keys_are_enforced(session: Session) -> None:
    with pytest.raises(IntegrityError, match=FOREIGN_KEY):
        session.execute(
            text(
                "INSERT INTO participant (event_id, external_id, name, country, city, offer,"
                " request, description, website, contact_person, email, phone, languages,"
                " link_salt, status, created_at, updated_at) VALUES (999, 'x', 'x', '', '',"
                " '', '', '', '', '', '', '', '[]', 'tok', 'registered', '2027-01-01',"
                " '2027-01-01')"
            )
        )


@pytest.mark.parametrize(
    ("second_pair", "seat"),
    [((0, 2), "F1 again as the first firm"), ((1, 2), "F2 now as the first firm")],
)
def test_participant_in_two_meetings_of_one_slot_is_refused(
    session: Session, fair: Fair, second_pair: tuple[int, int], seat: str
) -> None:
    """F1 meets F2 in slot 1; a second meeting in slot 1 seats one of them again ({seat})."""
    event, schedule, firms = fair
    session.add(meeting(event, schedule, firms[0], firms[1], slot=1, table=1))
    session.flush()
    a, b = second_pair
    session.add(meeting(event, schedule, firms[a], firms[b], slot=1, table=2))
    with pytest.raises(IntegrityError, match=ATTENDEE_UNIQUE):
        session.flush()


def test_double_booking_by_raw_sql_is_refused(session: Session, fair: Fair) -> None:
    """F1 meets F2 in slot 3; a second meeting F3-F4 in slot 3 tries to seat F1 as well."""
    event, schedule, (f1, f2, f3, f4) = fair
    session.add(meeting(event, schedule, f1, f2, slot=3, table=1))
    session.add(meeting(event, schedule, f3, f4, slot=3, table=2))
    session.flush()
    other_id = session.scalar(
        select(Meeting.id).where(Meeting.participant_a_id == f3.id, Meeting.slot == 3)
    )
    with pytest.raises(
        IntegrityError,
        match=r"UNIQUE constraint failed: meeting_attendee\.schedule_id, meeting_attendee\.slot,"
        r" meeting_attendee\.participant_id"
        r"|uq_meeting_attendee_schedule_id_slot_participant_id",
    ):
        session.execute(
            text(
                "INSERT INTO meeting_attendee (meeting_id, participant_id, schedule_id, slot)"
                " VALUES (:m, :p, :s, 3)"
            ),
            {"m": other_id, "p": f1.id, "s": schedule.id},
        )


def test_attendee_must_sit_in_its_meetings_slot(session: Session, fair: Fair) -> None:
    """An attendee row cannot claim another slot than its meeting's (composite foreign key)."""
    event, schedule, (f1, f2, f3, _) = fair
    first = meeting(event, schedule, f1, f2, slot=1, table=1)
    session.add(first)
    session.flush()
    with pytest.raises(IntegrityError, match=FOREIGN_KEY):
        session.execute(
            text(
                "INSERT INTO meeting_attendee (meeting_id, participant_id, schedule_id, slot)"
                " VALUES (:m, :p, :s, 5)"
            ),
            {"m": first.id, "p": f3.id, "s": schedule.id},
        )


def test_moving_a_meeting_moves_its_attendees(session: Session, fair: Fair) -> None:
    """ON UPDATE CASCADE keeps the guard rows in step, so a moved meeting still blocks."""
    event, schedule, (f1, f2, f3, _) = fair
    moved = meeting(event, schedule, f1, f2, slot=1, table=1)
    session.add(moved)
    session.flush()
    moved.slot = 4
    session.flush()
    slots = session.scalars(
        select(MeetingAttendee.slot).where(MeetingAttendee.meeting_id == moved.id)
    ).all()
    assert slots == [4, 4]
    session.add(meeting(event, schedule, f1, f3, slot=1, table=2))
    session.flush()  # slot 1 is free for F1 now
    session.add(meeting(event, schedule, f3, f2, slot=4, table=2))
    with pytest.raises(IntegrityError, match=ATTENDEE_UNIQUE):
        session.flush()


def test_two_meetings_at_one_table_in_one_slot_are_refused(session: Session, fair: Fair) -> None:
    event, schedule, (f1, f2, f3, f4) = fair
    session.add(meeting(event, schedule, f1, f2, slot=1, table=1))
    session.flush()
    session.add(meeting(event, schedule, f3, f4, slot=1, table=1))
    with pytest.raises(
        IntegrityError,
        match=r"meeting\.schedule_id, meeting\.slot, meeting\.table_id"
        r"|uq_meeting_schedule_id_slot_table_id",
    ):
        session.flush()


def test_a_pair_meets_at_most_once_per_schedule(session: Session, fair: Fair) -> None:
    event, schedule, (f1, f2, _, _) = fair
    session.add(meeting(event, schedule, f1, f2, slot=1, table=1))
    session.flush()
    session.add(meeting(event, schedule, f2, f1, slot=2, table=1))  # same pair, either order
    with pytest.raises(
        IntegrityError,
        match=r"meeting\.schedule_id, meeting\.participant_a_id"
        r"|uq_meeting_schedule_id_participant_a_id",
    ):
        session.flush()


def test_pair_order_is_checked_by_the_database(session: Session, fair: Fair) -> None:
    event, schedule, (f1, f2, _, _) = fair
    with pytest.raises(IntegrityError, match="pair_ordered"):
        session.execute(
            text(
                "INSERT INTO meeting (event_id, schedule_id, participant_a_id, participant_b_id,"
                " slot, table_id, status, source, locked, revision, created_at)"
                " VALUES (:e, :s, :b, :a, 1, :t, 'scheduled', 'auto', false, 1, '2027-01-01')"
            ),
            {"e": event.id, "s": schedule.id, "a": f1.id, "b": f2.id, "t": event.tables[0].id},
        )


def test_meeting_cannot_join_firms_of_another_event(session: Session, fair: Fair) -> None:
    event, schedule, (f1, _, _, _) = fair
    other = create_event(session, slug="other")
    stranger = create_participant(session, other, "X1")
    session.add(meeting(event, schedule, f1, stranger, slot=1, table=1))
    with pytest.raises(IntegrityError, match=FOREIGN_KEY):
        session.flush()


def test_slot_numbers_start_at_one(session: Session, fair: Fair) -> None:
    event, schedule, (f1, f2, _, _) = fair
    session.add(meeting(event, schedule, f1, f2, slot=0, table=1))
    with pytest.raises(IntegrityError, match="slot_positive"):
        session.flush()


def test_a_firm_cannot_request_itself(session: Session, fair: Fair) -> None:
    event, _, (f1, _, _, _) = fair
    session.add(
        MeetingRequest(event_id=event.id, from_participant_id=f1.id, to_participant_id=f1.id)
    )
    with pytest.raises(IntegrityError, match="not_self"):
        session.flush()


def test_a_request_is_stored_once_per_direction(session: Session, fair: Fair) -> None:
    event, _, (f1, f2, _, _) = fair
    session.add(
        MeetingRequest(event_id=event.id, from_participant_id=f1.id, to_participant_id=f2.id)
    )
    session.add(
        MeetingRequest(event_id=event.id, from_participant_id=f2.id, to_participant_id=f1.id)
    )
    session.flush()  # a mutual wish: both directions are fine
    session.add(
        MeetingRequest(event_id=event.id, from_participant_id=f1.id, to_participant_id=f2.id)
    )
    with pytest.raises(IntegrityError, match=UNIQUE):
        session.flush()


def test_a_firm_sits_once_per_round(session: Session, fair: Fair) -> None:
    event, _, (f1, _, _, _) = fair
    session.add(TableSeat(event_id=event.id, round=1, table_number=1, participant_id=f1.id))
    session.add(TableSeat(event_id=event.id, round=1, table_number=2, participant_id=f1.id))
    with pytest.raises(IntegrityError, match=UNIQUE):
        session.flush()


def test_external_ids_are_unique_within_an_event(session: Session, fair: Fair) -> None:
    event, _, _ = fair
    create_participant(session, create_event(session, slug="second"), "F1")  # other event: fine
    with pytest.raises(IntegrityError, match=UNIQUE):
        create_participant(session, event, "F1")


@pytest.mark.parametrize(
    ("column", "value", "constraint"),
    [
        ("slot_minutes", 0, "slot_minutes_positive"),
        ("slot_count", -1, "slot_count_positive"),
        ("state", "archived", "event_state"),
    ],
)
def test_event_checks(session: Session, column: str, value: object, constraint: str) -> None:
    values: dict[str, object] = {
        "slug": "x",
        "name": "x",
        "description": "",
        "venue": "",
        "city": "",
        "date": "2027-03-18",
        "timezone": "Europe/Berlin",
        "first_slot_start": "09:00:00.000000",
        "slot_minutes": 20,
        "slot_count": 6,
        "cross_group_only": False,
        "state": "draft",
        "created_at": "2027-01-01",
    }
    values[column] = value
    columns = ", ".join(values)
    placeholders = ", ".join(f":{name}" for name in values)
    with pytest.raises(IntegrityError, match=constraint):
        session.execute(text(f"INSERT INTO event ({columns}) VALUES ({placeholders})"), values)


def test_stay_must_end_after_it_starts(session: Session) -> None:
    event = create_event(session)
    with pytest.raises(IntegrityError, match="stay_ends_after_start"):
        create_participant(
            session, event, "late", available_from=time(14, 0), available_to=time(10, 0)
        )


def test_unknown_enum_value_is_refused_before_it_reaches_the_database(session: Session) -> None:
    event = create_event(session)
    event.state = "archived"  # type: ignore[assignment]
    with pytest.raises(StatementError, match="archived"):
        session.flush()


@pytest.mark.parametrize(
    "table", ["participant", "meeting", "meeting_attendee", "schedule_version", "event_table"]
)
def test_deleting_an_event_removes_all_it_owns(session: Session, fair: Fair, table: str) -> None:
    event, schedule, (f1, f2, _, _) = fair
    session.add(meeting(event, schedule, f1, f2, slot=1, table=1))
    session.flush()
    assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() > 0
    session.execute(text("DELETE FROM event WHERE id = :e"), {"e": event.id})
    assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0


def test_outbox_mails_stay_in_their_event_and_say_why_they_failed(session: Session) -> None:
    """A mail to another event's firm, a failed mail without a reason and a sent mail without a
    time are refused by the database itself (raw SQL)."""
    from sqlalchemy import text

    one, other = create_event(session, "eins"), create_event(session, "zwei")
    firm = create_participant(session, one, "F1", email="f@firm.example")
    session.commit()
    insert = text(
        "INSERT INTO outbox_mail (event_id, participant_id, kind, address, locale, figures, "
        "state, attempts, error, error_values, created_at, sent_at) VALUES (:event, :firm, "
        "'invitation', 'f@firm.example', 'de', '{}', :state, 0, :error, '{}', "
        "CURRENT_TIMESTAMP, :sent)"
    )
    refused = [
        ({"event": other.id, "state": "queued", "error": "", "sent": None}, FOREIGN_KEY),
        ({"event": one.id, "state": "failed", "error": "", "sent": None}, "CHECK|check"),
        ({"event": one.id, "state": "sent", "error": "", "sent": None}, "CHECK|check"),
    ]
    for values, refusal in refused:
        with pytest.raises(IntegrityError, match=refusal):
            session.execute(insert, {"firm": firm.id, **values})
        session.rollback()
    session.execute(insert, {"firm": firm.id, "event": one.id, "state": "queued", "error": "",
                             "sent": None})  # fmt: skip
    session.commit()
