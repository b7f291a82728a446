"""The fair day as the verifier sees it: the desk's notes (who does not come, who arrives
late or leaves early) and the freeze point, before which a draft must leave the published
timetable as it is: the slots a repair was told not to change, and on the fair day every
slot already over."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from matchmaker.core.scheduling.checks import DayFacts
from matchmaker.core.scheduling.types import Placement
from matchmaker.models import Event, Participant, ScheduleStatus, ScheduleVersion
from matchmaker.services.convert import event_slots


def first_open_slot(event: Event, moment: datetime) -> int | None:
    """The first slot not over at `moment` (event time) on the fair day; None when the day's
    last slot is over. Before or after the fair day the clock closes nothing (a rehearsal,
    or the record afterwards): slot 1."""
    slots = event_slots(event)
    if moment.date() != event.date:
        return slots[0].number
    return next((s.number for s in slots if s.end > moment.time()), None)


def desk_facts(firms: Sequence[Participant]) -> DayFacts:
    """What the desk noted: firms not coming, and the others' arrival and departure times."""
    present = [p for p in firms if not p.no_show]
    return DayFacts(
        arrives={str(p.id): p.arrives_at for p in present if p.arrives_at},
        leaves={str(p.id): p.leaves_at for p in present if p.leaves_at},
        absent=frozenset(str(p.id) for p in firms if p.no_show),
    )


def day_facts(
    event: Event,
    firms: Sequence[Participant],
    version: ScheduleVersion,
    published: Sequence[Placement],
    moment: datetime,
) -> DayFacts:
    """What the desk noted about `firms`; for a draft also the freeze point (its repair's,
    or the first slot not over, whichever is later) and the published timetable it must
    keep before it. A published or superseded version is judged by the desk's notes only."""
    facts = desk_facts(firms)
    if version.status != ScheduleStatus.DRAFT or not published:
        return facts
    open_slot = first_open_slot(event, moment)
    last = event_slots(event)[-1].number + 1
    frozen = max(version.frozen_before or 1, last if open_slot is None else open_slot)
    return DayFacts(facts.arrives, facts.leaves, facts.absent, frozen, tuple(published))
