"""The fair day at the desk (services/fair_day.py), called directly on a real database: the
desk's list found in any script, what the desk notes (and refuses), the slot under way, and
repairing the published timetable: a firm not coming loses its meetings from the freeze
point on, every other meeting stays where it was, the draft keeps its freeze point and the
repair is logged."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    RequestStatus,
    ScheduleStatus,
    StaffUser,
)
from matchmaker.services.audit import audit_log
from matchmaker.services.fair_day import (
    FairDayError,
    current_slot,
    desk_list,
    record_attendance,
    repair_published,
)
from matchmaker.services.staff import create_staff
from tests.factories import create_event, create_participant, create_version

DAY = (2027, 3, 18)  # the factories' fair day; slots of 20 minutes from 09:00, six of them
EARLY = datetime(*DAY, 8, 0)


@pytest.fixture
def desk(session: Session) -> StaffUser:
    return create_staff(session, "desk@amt.example", "a-long-password-1")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", ["Alpha AG", "Müller GmbH", "ООО «Омская мельница»"]),
        ("omsk", ["ООО «Омская мельница»"]),
        ("Muller", ["Müller GmbH"]),
        ("sokolova", ["ООО «Омская мельница»"]),
        ("barleben alpha", ["Alpha AG"]),
        ("nobody", []),
    ],
    ids=["all", "latin-for-cyrillic", "without-umlaut", "contact-person", "every-word", "none"],
)
def test_the_desk_list_finds_firms_in_any_script(
    session: Session, text: str, found: list[str]
) -> None:
    event = create_event(session)
    create_participant(session, event, "M", name="Müller GmbH", city="Magdeburg")
    create_participant(session, event, "O", name="ООО «Омская мельница»",
                       contact_person="Соколова")  # fmt: skip
    create_participant(session, event, "A", name="Alpha AG", city="Barleben")
    create_participant(session, event, "W", name="Alpha Weg", status=ParticipantStatus.WITHDRAWN)
    assert [p.name for p in desk_list(session, event, text)] == found


def _notes(firm: Participant) -> tuple[bool, bool, time | None, time | None]:
    """What the desk noted of a firm: checked in, not coming, arrives, leaves."""
    return firm.checked_in_at is not None, firm.no_show, firm.arrives_at, firm.leaves_at


def test_the_desk_notes_arrivals_and_a_reset_clears_them(session: Session, desk: StaffUser) -> None:
    event = create_event(session)
    firm = create_participant(session, event, "F")
    steps: list[tuple[str, time | None, tuple[bool, bool, time | None, time | None]]] = [
        ("absent", None, (False, True, None, None)),
        ("arrives", time(9, 40), (False, False, time(9, 40), None)),
        ("leaves", time(10, 20), (False, False, time(9, 40), time(10, 20))),
        ("check_in", None, (True, False, time(9, 40), time(10, 20))),
        ("absent", None, (False, True, time(9, 40), time(10, 20))),
        ("reset", None, (False, False, None, None)),
    ]
    for action, at, noted in steps:  # one day at the desk, step by step
        record_attendance(session, event, firm.id, action, desk, at=at)
        assert _notes(firm) == noted, action
    actions = [(e.action, e.detail) for e in reversed(audit_log(session, event))]
    assert actions[1] == ("desk.arrives", {"firm": firm.id, "at": "09:40"})
    assert [a for a, _ in actions] == [f"desk.{action}" for action, _, _ in steps]


@pytest.mark.parametrize(
    ("whose", "action", "at", "code"),
    [
        ("other", "check_in", None, "unknown"),
        ("missing", "check_in", None, "unknown"),
        ("own", "dance", None, "action"),
        ("own", "arrives", None, "time"),
        ("own", "leaves", None, "time"),
    ],
    ids=["other-events-firm", "no-such-firm", "unknown-action", "arrival-without-time",
         "departure-without-time"],
)  # fmt: skip
def test_the_desk_is_refused(
    session: Session, desk: StaffUser, whose: str, action: str, at: time | None, code: str
) -> None:
    event, other = create_event(session), create_event(session, "other")
    firms = {
        "own": create_participant(session, event, "F").id,
        "other": create_participant(session, other, "G").id,
        "missing": 999_999,
    }
    with pytest.raises(FairDayError) as refused:
        record_attendance(session, event, firms[whose], action, desk, at=at)
    assert refused.value.code == code
    assert audit_log(session, event) == []


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        (datetime(*DAY, 8, 0), 1),
        (datetime(*DAY, 9, 0), 1),
        (datetime(*DAY, 9, 39), 2),
        (datetime(*DAY, 10, 40), 6),
        (datetime(*DAY, 11, 0), None),
        (datetime(2027, 3, 17, 9, 30), None),
    ],
    ids=["before", "first-start", "in-slot-2", "last", "over", "another-day"],
)
def test_the_slot_under_way_or_next(session: Session, moment: datetime, slot: int | None) -> None:
    event = create_event(session)
    found = current_slot(event, moment)
    assert (found.number if found else None) == slot


def _day(session: Session) -> tuple[Event, dict[str, Participant]]:
    """A published timetable: A-B at slot 1, C-D at slot 1, A-C at slot 3, B-D at slot 4."""
    event = create_event(session)
    firms = {k: create_participant(session, event, k) for k in "ABCD"}
    pairs = {("A", "B"): (1, 1), ("C", "D"): (1, 2), ("A", "C"): (3, 1), ("B", "D"): (4, 1)}
    for a, b in pairs:
        session.add(MeetingRequest(event_id=event.id, from_participant_id=firms[a].id,
                                   to_participant_id=firms[b].id,
                                   status=RequestStatus.ACCEPTED))  # fmt: skip
    meetings = [(firms[a], firms[b], slot, table) for (a, b), (slot, table) in pairs.items()]
    create_version(session, event, meetings)
    return event, firms


def test_a_repair_cancels_the_absent_firms_meetings_and_keeps_the_rest(
    session: Session, desk: StaffUser
) -> None:
    event, firms = _day(session)
    record_attendance(session, event, firms["B"].id, "absent", desk)
    run = repair_published(session, event, desk, moment=EARLY)
    assert run.version.status is ScheduleStatus.DRAFT
    assert run.version.number == 2
    assert run.version.frozen_before == 1
    assert run.frozen.number == 1
    placed = {
        frozenset((m.participant_a_id, m.participant_b_id)): m.slot for m in run.version.meetings
    }
    ids = {k: p.id for k, p in firms.items()}
    assert placed == {
        frozenset((ids["C"], ids["D"])): 1,
        frozenset((ids["A"], ids["C"])): 3,
    }
    assert run.result.kept == 2
    assert frozenset((ids["A"], ids["B"])) in run.why
    entry = audit_log(session, event)[0]
    assert entry.action == "version.repair"
    assert entry.detail == {"from": 1, "to": 2, "kept": 2, "changes": len(run.result.changes),
                            "from_slot": 1}  # fmt: skip


def test_a_repair_changes_nothing_before_its_freeze_point(
    session: Session, desk: StaffUser
) -> None:
    """B does not come, but its meeting at slot 1 is before the freeze point (slot 2): it
    stays; its meeting at slot 4 is cancelled."""
    event, firms = _day(session)
    record_attendance(session, event, firms["B"].id, "absent", desk)
    run = repair_published(session, event, desk, from_slot=2, moment=EARLY)
    assert run.version.frozen_before == 2
    ids = {k: p.id for k, p in firms.items()}
    placed = {frozenset((m.participant_a_id, m.participant_b_id)) for m in run.version.meetings}
    assert frozenset((ids["A"], ids["B"])) in placed
    assert frozenset((ids["B"], ids["D"])) not in placed


def test_the_clock_moves_the_freeze_point_on_the_fair_day(
    session: Session, desk: StaffUser
) -> None:
    event, _ = _day(session)
    run = repair_published(session, event, desk, from_slot=1, moment=datetime(*DAY, 9, 50))
    assert run.version.frozen_before == 3
    assert run.frozen.start == time(9, 40)


@pytest.mark.parametrize(
    ("published", "from_slot", "moment", "code"),
    [
        (False, 1, EARLY, "unpublished"),
        (True, 1, datetime(*DAY, 11, 0), "over"),
        (True, 7, EARLY, "over"),
    ],
    ids=["nothing-published", "day-over", "freeze-past-the-grid"],
)
def test_a_repair_is_refused(
    session: Session,
    desk: StaffUser,
    published: bool,
    from_slot: int,
    moment: datetime,
    code: str,
) -> None:
    if published:
        event, _ = _day(session)
    else:
        event = create_event(session)
    with pytest.raises(FairDayError) as refused:
        repair_published(session, event, desk, from_slot=from_slot, moment=moment)
    assert refused.value.code == code
