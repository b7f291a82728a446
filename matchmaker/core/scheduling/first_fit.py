"""First-fit greedy scheduling: the simple baseline every scheduler result is reported beside.

Wishes in order of priority (mutual ones first within a priority), each placed in the earliest
slot where both firms are present and free, its time window allows it, neither firm is at its
maximum, and a table is free. Pinned meetings are placed first, where they are. Never moves a
meeting once placed, so it leaves gaps and unplaced wishes a real solver avoids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from matchmaker.core.scheduling.interpreters import interpreter_slots
from matchmaker.core.scheduling.slots import available_slot_numbers
from matchmaker.core.scheduling.types import (
    MeetingWish,
    Placement,
    SchedulingProblem,
    needs_interpreter,
)


def first_fit(problem: SchedulingProblem) -> list[Placement]:
    """A valid schedule (see schedule_checks) built greedily; O(wishes x slots x tables)."""
    profiles = {p.id: p for p in problem.profiles}
    available = {pid: available_slot_numbers(p, problem.slots) for pid, p in profiles.items()}
    busy: set[tuple[str, int]] = set()
    tables_used: set[tuple[int, int]] = set()
    meetings: Counter[str] = Counter()
    placed: list[Placement] = []
    done: set[frozenset[str]] = set()

    hours = {i.id: interpreter_slots(problem, i) for i in problem.interpreters}
    limits = {p.id: p.max_meetings for p in problem.profiles}
    limits |= {i.id: i.max_meetings for i in problem.interpreters}

    def place(m: Placement) -> None:
        placed.append(m)
        parties = (m.a, m.b) if m.interpreter is None else (m.a, m.b, m.interpreter)
        busy.update((pid, m.slot) for pid in parties)
        tables_used.add((m.slot, m.table))
        meetings.update(parties)
        done.add(m.pair)

    def interpreter_for(wish: MeetingWish, slot: int) -> str | None:
        """A free interpreter for the wish in the slot: "" when it needs none."""
        a, b = profiles[wish.a], profiles[wish.b]
        if not needs_interpreter(a, b):
            return ""
        for i in problem.interpreters:
            free = slot in hours[i.id] and (i.id, slot) not in busy
            if free and i.speaks_for(a, b) and not _full(limits[i.id], meetings[i.id]):
                return i.id
        return None

    for pin in problem.pinned:
        place(pin)
    order = sorted(problem.wishes, key=lambda w: (-w.priority, not w.mutual))
    for wish in order:
        if wish.pair in done or wish.a not in profiles or wish.b not in profiles:
            continue
        if any(_full(profiles[pid].max_meetings, meetings[pid]) for pid in (wish.a, wish.b)):
            continue
        spot = _first_spot(problem, wish, available, busy, tables_used, interpreter_for)
        if spot is not None:
            slot, table, interpreter = spot
            place(Placement(wish.a, wish.b, slot, table, interpreter or None))
    return placed


def _full(limit: int | None, count: int) -> bool:
    return limit is not None and count >= limit


def _first_spot(
    problem: SchedulingProblem,
    wish: MeetingWish,
    available: dict[str, frozenset[int]],
    busy: set[tuple[str, int]],
    tables_used: set[tuple[int, int]],
    interpreter_for: Callable[[MeetingWish, int], str | None],
) -> tuple[int, int, str] | None:
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
        interpreter = interpreter_for(wish, n)
        if interpreter is None:
            continue
        if problem.seats(wish.a, wish.b):
            seat = problem.seat(wish.a, wish.b, n)
            if seat is not None:
                return n, seat, interpreter
            continue
        for table in range(1, problem.tables + 1):
            if problem.table_free(n, table, tables_used):
                return n, table, interpreter
    return None
