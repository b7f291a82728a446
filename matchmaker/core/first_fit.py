"""First-fit greedy scheduling: the simple baseline every scheduler result is reported beside.

Wishes in order of priority (mutual ones first within a priority), each placed in the earliest
slot where both firms are present and free, its time window allows it, neither firm is at its
maximum, and a table is free. Pinned meetings are placed first, where they are. Never moves a
meeting once placed, so it leaves gaps and unplaced wishes a real solver avoids.
"""

from __future__ import annotations

from collections import Counter

from matchmaker.core.schedule_types import MeetingWish, Placement, SchedulingProblem
from matchmaker.core.slots import available_slot_numbers


def first_fit(problem: SchedulingProblem) -> list[Placement]:
    """A valid schedule (see schedule_checks) built greedily; O(wishes x slots x tables)."""
    profiles = {p.id: p for p in problem.profiles}
    available = {pid: available_slot_numbers(p, problem.slots) for pid, p in profiles.items()}
    busy: set[tuple[str, int]] = set()
    tables_used: set[tuple[int, int]] = set()
    meetings: Counter[str] = Counter()
    placed: list[Placement] = []
    done: set[frozenset[str]] = set()

    def place(m: Placement) -> None:
        placed.append(m)
        busy.update({(m.a, m.slot), (m.b, m.slot)})
        tables_used.add((m.slot, m.table))
        meetings.update((m.a, m.b))
        done.add(m.pair)

    for pin in problem.pinned:
        place(pin)
    order = sorted(problem.wishes, key=lambda w: (-w.priority, not w.mutual))
    for wish in order:
        if wish.pair in done or wish.a not in profiles or wish.b not in profiles:
            continue
        if any(_full(profiles[pid].max_meetings, meetings[pid]) for pid in (wish.a, wish.b)):
            continue
        spot = _first_spot(problem, wish, available, busy, tables_used)
        if spot is not None:
            place(Placement(wish.a, wish.b, *spot))
    return placed


def _full(limit: int | None, count: int) -> bool:
    return limit is not None and count >= limit


def _first_spot(
    problem: SchedulingProblem,
    wish: MeetingWish,
    available: dict[str, frozenset[int]],
    busy: set[tuple[str, int]],
    tables_used: set[tuple[int, int]],
) -> tuple[int, int] | None:
    for slot in problem.slots:
        n = slot.number
        if n not in available[wish.a] or n not in available[wish.b]:
            continue
        if (wish.a, n) in busy or (wish.b, n) in busy:
            continue
        if wish.earliest is not None and slot.start < wish.earliest:
            continue
        if wish.latest is not None and slot.end > wish.latest:
            continue
        if problem.seats(wish.a, wish.b):
            seat = problem.seat(wish.a, wish.b, n)
            if seat is not None:
                return n, seat
            continue
        for table in range(1, problem.tables + 1):
            if problem.table_free(n, table, tables_used):
                return n, table
    return None
