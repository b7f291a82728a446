"""The one place where ORM records become core values and back."""

from __future__ import annotations

from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.types import Profile, Slot, SlotGrid, TimeRange
from matchmaker.models import Event, Participant


def slot_grid(event: Event) -> SlotGrid:
    return SlotGrid(
        first_start=event.first_slot_start,
        slot_minutes=event.slot_minutes,
        slot_count=event.slot_count,
        breaks=tuple(TimeRange(b.start, b.end_time) for b in event.breaks),
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
    )
