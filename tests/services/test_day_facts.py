"""The fair day as the verifier sees it (services/day_facts.py), called directly on a real
database: the first slot not over, the desk's notes, and the freeze point a draft is held to
(its repair's, or the clock's, whichever is later; published versions are judged by the
desk's notes only)."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy.orm import Session

from matchmaker.core.scheduling.types import Placement
from matchmaker.models import ScheduleStatus
from matchmaker.services.day_facts import day_facts, desk_facts, first_open_slot
from tests.factories import create_event, create_participant, create_version

DAY = (2027, 3, 18)  # the factories' fair day; slots of 20 minutes from 09:00, six of them


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        (datetime(2027, 3, 17, 23, 0), 1),
        (datetime(2027, 3, 19, 10, 0), 1),
        (datetime(*DAY, 8, 0), 1),
        (datetime(*DAY, 9, 19), 1),
        (datetime(*DAY, 9, 20), 2),
        (datetime(*DAY, 10, 39), 5),
        (datetime(*DAY, 10, 40), 6),
        (datetime(*DAY, 11, 0), None),
    ],
    ids=["day-before", "day-after", "morning", "in-slot-1", "slot-1-over", "in-slot-5",
         "slot-5-over", "all-over"],
)  # fmt: skip
def test_the_first_slot_not_over(session: Session, moment: datetime, slot: int | None) -> None:
    event = create_event(session)
    assert first_open_slot(event, moment) == slot


def test_the_desk_notes_leave_firms_not_coming_out_of_the_times(session: Session) -> None:
    event = create_event(session)
    late = create_participant(session, event, "L", arrives_at=time(10, 0))
    early = create_participant(session, event, "E", leaves_at=time(10, 20))
    away = create_participant(
        session, event, "X", no_show=True, arrives_at=time(9, 40), leaves_at=time(10, 0)
    )
    create_participant(session, event, "N")
    facts = desk_facts([late, early, away])
    assert facts.arrives == {str(late.id): time(10, 0)}
    assert facts.leaves == {str(early.id): time(10, 20)}
    assert facts.absent == frozenset({str(away.id)})
    assert facts.frozen_before == 1
    assert facts.published == ()


@pytest.mark.parametrize(
    ("repair_from", "moment", "frozen"),
    [
        (None, datetime(2027, 3, 1, 12, 0), 1),
        (4, datetime(2027, 3, 1, 12, 0), 4),
        (2, datetime(*DAY, 9, 45), 3),
        (5, datetime(*DAY, 9, 45), 5),
        (None, datetime(*DAY, 12, 0), 7),
    ],
    ids=["rehearsal", "repair-point", "clock-later", "repair-later", "day-over"],
)
def test_a_draft_is_frozen_at_the_later_of_its_repair_and_the_clock(
    session: Session, repair_from: int | None, moment: datetime, frozen: int
) -> None:
    event = create_event(session)
    a, b = create_participant(session, event, "A"), create_participant(session, event, "B")
    draft = create_version(session, event, [(a, b, 2, 1)], status=ScheduleStatus.DRAFT)
    draft.frozen_before = repair_from
    published = (Placement(str(a.id), str(b.id), 1, 1),)
    facts = day_facts(event, [a, b], draft, published, moment)
    assert facts.frozen_before == frozen
    assert facts.published == published


@pytest.mark.parametrize("judged", ["published", "draft-without-timetable"])
def test_published_versions_and_drafts_without_a_timetable_keep_only_the_desk_notes(
    session: Session, judged: str
) -> None:
    event = create_event(session)
    a = create_participant(session, event, "A", no_show=True)
    b = create_participant(session, event, "B")
    published = create_version(session, event, [(a, b, 1, 1)])
    draft = create_version(session, event, status=ScheduleStatus.DRAFT)
    draft.frozen_before = 4
    placed = (Placement(str(a.id), str(b.id), 1, 1),)
    moment = datetime(*DAY, 10, 30)
    if judged == "published":
        facts = day_facts(event, [a, b], published, placed, moment)
    else:
        facts = day_facts(event, [a, b], draft, (), moment)
    assert facts.absent == frozenset({str(a.id)})
    assert (facts.frozen_before, facts.published) == (1, ())
