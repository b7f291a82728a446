"""The slot grid of a fair's days and which slots a firm can meet in."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from matchmaker.core.types import Profile, Slot, SlotGrid, from_minutes, to_minutes

DAY_MINUTES = 24 * 60
MAX_DAYS = 3


def build_slots(grid: SlotGrid) -> tuple[Slot, ...]:
    """Lay the grid's slots out on the day, pushing any slot that meets a break past it; on
    a fair of several days, the same slots each day, numbered on.

    Raises ValueError when the grid is not usable: a non-positive length or count,
    overlapping breaks, slots that would run past midnight, or not 1-3 days.

    >>> from datetime import time
    >>> from matchmaker.core.types import TimeRange
    >>> grid = SlotGrid(time(9), 30, 3, (TimeRange(time(9, 30), time(10)),))
    >>> [f"{s.start:%H:%M}-{s.end:%H:%M}" for s in build_slots(grid)]
    ['09:00-09:30', '10:00-10:30', '10:30-11:00']
    >>> [(s.number, s.day) for s in build_slots(SlotGrid(time(9), 30, 2, days=2))]
    [(1, 0), (2, 0), (3, 1), (4, 1)]
    """
    if grid.slot_minutes <= 0:
        raise ValueError("slot length must be a positive number of minutes")
    if grid.slot_count <= 0:
        raise ValueError("there must be at least one slot")
    breaks = sorted(grid.breaks, key=lambda b: b.start)
    for earlier, later in itertools.pairwise(breaks):
        if earlier.overlaps(later):
            raise ValueError(f"breaks {earlier} and {later} overlap")
    slots: list[Slot] = []
    start = to_minutes(grid.first_start)
    for number in range(1, grid.slot_count + 1):
        for pause in breaks:
            if (
                start < to_minutes(pause.end)
                and to_minutes(pause.start) < start + grid.slot_minutes
            ):
                start = to_minutes(pause.end)
        end = start + grid.slot_minutes
        if end >= DAY_MINUTES:
            raise ValueError(f"slot {number} would end after midnight; use fewer or shorter slots")
        slots.append(Slot(number, from_minutes(start), from_minutes(end)))
        start = end
    if not 1 <= grid.days <= MAX_DAYS:
        raise ValueError(f"a fair lasts 1 to {MAX_DAYS} days, not {grid.days}")
    return tuple(
        Slot(slot.number + day * len(slots), slot.start, slot.end, day)
        for day in range(grid.days)
        for slot in slots
    )


def available_slot_numbers(profile: Profile, slots: Sequence[Slot]) -> frozenset[int]:
    """Slots on the firm's days lying wholly inside its stay and overlapping none of its
    unavailable ranges.

    This is the rule of docs/FORMATS.md: an empty stay bound means from the first or until the
    last slot (of each day).
    """
    stay_start = profile.available_from
    stay_end = profile.available_to
    available: set[int] = set()
    for slot in slots:
        if not profile.there_on(slot.day):
            continue
        if stay_start is not None and slot.start < stay_start:
            continue
        if stay_end is not None and slot.end > stay_end:
            continue
        if any(slot.range.overlaps(away) for away in profile.unavailable):
            continue
        available.add(slot.number)
    return frozenset(available)
