"""A firm's agenda (services/agenda.py), called directly on a real database: only the
published timetable counts, its meetings with the grid's times, table, shared languages and
interpreter, the meetings dropped since an earlier publication, what is under way and next,
the printed agendas split by who has a meeting, and whose contact details a firm may see."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    EventInterpreter,
    Meeting,
    Participant,
    ScheduleStatus,
    TableSeat,
)
from matchmaker.services.agenda import (
    agenda_for,
    printable_agendas,
    published_version,
    scheduled_partner_ids,
)
from tests.factories import create_event, create_participant, create_version


def _firms(session: Session, event: Event) -> dict[str, Participant]:
    languages = {"A": ["de", "ru"], "B": ["ru", "en"], "C": ["de"], "D": ["ko"]}
    return {
        key: create_participant(session, event, key, languages=spoken)
        for key, spoken in languages.items()
    }


def test_only_the_newest_published_version_is_the_timetable(session: Session) -> None:
    event = create_event(session)
    f = _firms(session, event)
    assert published_version(session, event) is None
    create_version(session, event, [(f["A"], f["B"], 1, 1)], status=ScheduleStatus.DRAFT)
    assert published_version(session, event) is None
    first = create_version(session, event, [(f["A"], f["B"], 1, 1)])
    second = create_version(session, event, [(f["A"], f["C"], 2, 1)])
    create_version(session, event, [(f["A"], f["D"], 3, 1)], status=ScheduleStatus.DRAFT)
    assert first.number < second.number
    assert published_version(session, event) is second


def test_before_publication_the_agenda_has_only_the_seats(session: Session) -> None:
    event = create_event(session)
    f = _firms(session, event)
    session.add_all([
        TableSeat(event_id=event.id, round=2, table_number=3, theme="Pflege",
                  participant_id=f["A"].id),
        TableSeat(event_id=event.id, round=1, table_number=1, theme="Metall",
                  participant_id=f["A"].id),
        TableSeat(event_id=event.id, round=1, table_number=2, theme="Metall",
                  participant_id=f["B"].id),
    ])  # fmt: skip
    create_version(session, event, [(f["A"], f["B"], 1, 1)], status=ScheduleStatus.DRAFT)
    agenda = agenda_for(session, f["A"])
    assert agenda.version is None
    assert agenda.items == ()
    assert [(s.round, s.table, s.theme) for s in agenda.seats] == [
        (1, 1, "Metall"),
        (2, 3, "Pflege"),
    ]


def test_the_published_meetings_with_times_tables_languages_and_interpreter(
    session: Session,
) -> None:
    """Slots of 20 minutes from 09:00: slot 4 is 10:00-10:20. A meets D at slot 4 (with an
    interpreter), B at slot 2 at the named table 2; C's meeting with B is not A's."""
    event = create_event(session)
    f = _firms(session, event)
    event.tables[1].name = "Wolga"
    event.tables[1].theme = "Landwirtschaft"
    version = create_version(
        session, event,
        [(f["A"], f["D"], 4, 1), (f["B"], f["A"], 2, 2), (f["B"], f["C"], 3, 1)],
    )  # fmt: skip
    anna = EventInterpreter(event_id=event.id, name="Anna Dolmetsch", languages=["de", "ko"])
    session.add(anna)
    session.flush()
    with_d = session.scalar(
        select(Meeting).where(Meeting.schedule_id == version.id, Meeting.slot == 4)
    )
    assert with_d is not None
    with_d.interpreter_id = anna.id
    session.flush()
    session.expire_all()

    agenda = agenda_for(session, f["A"])
    assert agenda.version is version
    got = [
        (i.slot, i.start, i.end, i.partner.external_id, i.table, i.theme, i.shared_languages,
         i.interpreter)
        for i in agenda.items
    ]  # fmt: skip
    assert got == [
        (2, time(9, 20), time(9, 40), "B", "Wolga", "Landwirtschaft", ("ru",), None),
        (4, time(10, 0), time(10, 20), "D", "1", "", (), "Anna Dolmetsch"),
    ]
    assert agenda.cancelled == ()
    c_agenda = agenda_for(session, f["C"])
    assert [i.partner.external_id for i in c_agenda.items] == ["B"]


def test_a_meeting_in_a_slot_the_grid_lost_is_left_out(session: Session) -> None:
    event = create_event(session)
    f = _firms(session, event)
    create_version(session, event, [(f["A"], f["B"], 1, 1), (f["A"], f["C"], 6, 1)])
    event.slot_count = 5
    session.flush()
    assert [i.partner.external_id for i in agenda_for(session, f["A"]).items] == ["B"]


def test_meetings_dropped_since_an_earlier_publication_are_listed_once(
    session: Session,
) -> None:
    """Version 1 had A with B and C; version 2 keeps B (moved) and has D instead of C;
    version 3 keeps B only. Dropped for A: D (from version 2) and C (from version 1), each
    once, and only when asked for."""
    event = create_event(session)
    f = _firms(session, event)
    first = create_version(session, event, [(f["A"], f["B"], 1, 1), (f["A"], f["C"], 2, 1)])
    second = create_version(session, event, [(f["A"], f["B"], 3, 1), (f["A"], f["D"], 2, 1)])
    third = create_version(session, event, [(f["A"], f["B"], 5, 2)])
    first.status = second.status = ScheduleStatus.SUPERSEDED
    session.flush()
    assert agenda_for(session, f["A"]).cancelled == ()
    agenda = agenda_for(session, f["A"], cancelled=True)
    assert agenda.version is third
    assert [(i.partner.external_id, i.slot) for i in agenda.items] == [("B", 5)]
    assert sorted((i.partner.external_id, i.slot) for i in agenda.cancelled) == [
        ("C", 2),
        ("D", 2),
    ]


def test_what_is_under_way_and_next_on_the_fair_day_only(session: Session) -> None:
    event = create_event(session)
    f = _firms(session, event)
    create_version(session, event, [(f["A"], f["B"], 2, 1), (f["A"], f["C"], 5, 1)])
    agenda = agenda_for(session, f["A"])
    day = event.date

    def names(moment: datetime) -> tuple[str | None, str | None]:
        now, upcoming = agenda.now_and_next(moment)
        return (
            now.partner.external_id if now else None,
            upcoming.partner.external_id if upcoming else None,
        )

    assert names(datetime.combine(day, time(8, 0))) == (None, "B")
    assert names(datetime.combine(day, time(9, 25))) == ("B", "C")
    assert names(datetime.combine(day, time(9, 40))) == (None, "C")  # B's meeting ended
    assert names(datetime.combine(day, time(10, 30))) == ("C", None)
    assert names(datetime.combine(day, time(11, 0))) == (None, None)
    assert names(datetime(2027, 3, 17, 9, 25)) == (None, None)  # the day before


def test_printed_agendas_split_firms_with_and_without_meetings(session: Session) -> None:
    event = create_event(session)
    f = _firms(session, event)
    create_version(session, event, [(f["A"], f["B"], 1, 1)])
    printed = printable_agendas(session, [f["D"], f["B"], f["C"], f["A"]])
    assert [a.participant.external_id for a in printed.agendas] == ["B", "A"]
    assert [p.external_id for p in printed.without] == ["D", "C"]


def test_only_published_partners_see_each_other(session: Session) -> None:
    event = create_event(session)
    f = _firms(session, event)
    assert scheduled_partner_ids(session, f["A"]) == set()
    create_version(session, event, [(f["A"], f["B"], 1, 1), (f["C"], f["A"], 2, 1)])
    create_version(session, event, [(f["A"], f["D"], 3, 1)], status=ScheduleStatus.DRAFT)
    assert scheduled_partner_ids(session, f["A"]) == {f["B"].id, f["C"].id}
    assert scheduled_partner_ids(session, f["D"]) == set()
