"""The fair day as the verifier sees it: the desk's notes (who does not come, who arrives
late or leaves early) and the freeze point, before which a draft must leave the published
timetable as it is: the slots a repair was told not to change, and on the fair day every
slot already over."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Literal

from matchmaker.core.scheduling.checks import DayFacts
from matchmaker.core.scheduling.types import Placement
from matchmaker.core.types import Slot
from matchmaker.models import Event, Participant, ScheduleStatus, ScheduleVersion
from matchmaker.services.convert import event_slots, fair_dates, slot_date


def first_open_slot(event: Event, moment: datetime) -> int | None:
    """The first slot not over at `moment` (event time) on a fair day; None when the last
    slot of the fair is over. Before or after the fair's days the clock closes nothing (a
    rehearsal, or the record afterwards): slot 1."""
    slots = event_slots(event)
    if moment.date() not in fair_dates(event):
        return slots[0].number
    return next((s.number for s in slots if slot_at(event, s, "end") > moment), None)


def slot_at(event: Event, slot: Slot, edge: Literal["start", "end"]) -> datetime:
    """When the slot starts or ends (event time, naive), on its day of the fair."""
    return datetime.combine(slot_date(event, slot), slot.start if edge == "start" else slot.end)


def note_day(event: Event, moment: datetime) -> int | None:
    """The day of the fair (0-based) the desk's notes at `moment` are about on a fair over
    several days: today, or the nearest fair day; None on a fair of one day."""
    if event.days <= 1:
        return None
    return min(max((moment.date() - event.date).days, 0), event.days - 1)


def desk_facts(firms: Sequence[Participant], day: int | None = None) -> DayFacts:
    """What the desk noted: firms not coming, and the others' arrival and departure times
    (on a fair over several days, about `day`)."""
    present = [p for p in firms if not p.no_show]
    return DayFacts(
        arrives={str(p.id): p.arrives_at for p in present if p.arrives_at},
        leaves={str(p.id): p.leaves_at for p in present if p.leaves_at},
        absent=frozenset(str(p.id) for p in firms if p.no_show),
        day=day,
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
    facts = desk_facts(firms, note_day(event, moment))
    if version.status != ScheduleStatus.DRAFT or not published:
        return facts
    open_slot = first_open_slot(event, moment)
    slots = event_slots(event)
    last = slots[-1].number + 1
    frozen = max(version.frozen_before or 1, last if open_slot is None else open_slot)
    day = (
        next((s.day for s in slots if s.number == frozen), facts.day)
        if facts.day is not None
        else None
    )
    return replace(facts, frozen_before=frozen, published=tuple(published), day=day)
