"""The one place where ORM records become core values and back."""

from __future__ import annotations

from datetime import date, timedelta

from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.types import Profile, Slot, SlotGrid, TimeRange
from matchmaker.models import Event, Participant


def slot_grid(event: Event) -> SlotGrid:
    return SlotGrid(
        first_start=event.first_slot_start,
        slot_minutes=event.slot_minutes,
        slot_count=event.slot_count,
        breaks=tuple(TimeRange(b.start, b.end_time) for b in event.breaks),
        days=event.days,
    )


def event_slots(event: Event) -> tuple[Slot, ...]:
    return build_slots(slot_grid(event))


def participant_profile(participant: Participant) -> Profile:
    return Profile(
        id=participant.external_id,
        name=participant.name,
        country=participant.country,
        group=participant.group.name if participant.group else "",
        sectors=tuple(s.name for s in participant.sectors),
        offer=participant.offer,
        request=participant.request,
        description=participant.description,
        languages=tuple(participant.languages),
        available_from=participant.available_from,
        available_to=participant.available_to,
        unavailable=tuple(TimeRange(u.start, u.end_time) for u in participant.unavailable),
        max_meetings=participant.max_meetings,
        days=tuple(participant.days or ()),
    )


def fair_dates(event: Event) -> list[date]:
    """The fair's dates: its first and the days after it (the same slots each day)."""
    return [event.date + timedelta(days=day) for day in range(event.days)]


def last_fair_date(event: Event) -> date:
    """The fair's last day of meetings (its date on a fair of one day)."""
    return event.date + timedelta(days=event.days - 1)


def slot_date(event: Event, slot: Slot) -> date:
    """The date a slot of the fair lies on."""
    return event.date + timedelta(days=slot.day)


def slot_label(event: Event, slot: Slot) -> str:
    """A slot's start where a plain label will do (a chart's axis, a finding's value, a
    file): "09:00", on a fair over several days with its ISO date ("2027-03-19 09:00")."""
    start = f"{slot.start:%H:%M}"
    return f"{slot_date(event, slot).isoformat()} {start}" if event.days > 1 else start
