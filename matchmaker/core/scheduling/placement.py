"""What placing meetings into slots needs to know, stripped of firms' profiles and times:
the meetings with the slots each may take and what each is worth, the tables per slot, the
slots firms are already busy in, and how many more meetings each firm may take.

The fast placement (`sweep`), its repair (`placement_search`) and the fair-day repair all
work on this form; `scheduler` builds it from a `SchedulingProblem`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from matchmaker.core.scheduling.types import Meeting


@dataclass(frozen=True, slots=True)
class PlacementTask:
    """Meetings to place, at most once each, into slots (in the day's order).

    `tables[t]` is how many shared tables slot t still has (a meeting at a host's own
    table, `Meeting.shared` False, needs none); `busy` holds (firm, slot) pairs
    already taken by meetings that stay where they are; `room[firm]` is how many more
    meetings the firm may take (a firm not named has no limit)."""

    meetings: Sequence[Meeting]
    weights: Sequence[int]
    slots: Sequence[int]
    tables: Mapping[int, int]
    busy: frozenset[tuple[str, int]] = field(default=frozenset())
    room: Mapping[str, int] = field(default_factory=dict)

    def by_firm(self) -> dict[str, list[int]]:
        """Indices of each party's meetings (firms and interpreters)."""
        found: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(self.meetings):
            for pid in m.parties:
                found[pid].append(i)
        return found


def placement_violations(task: PlacementTask, slot_of: Sequence[int | None]) -> list[str]:
    """Every rule an assignment breaks (the verifier of `sweep` and `placement_search`)."""
    problems: list[str] = []
    taken: set[tuple[str, int]] = set(task.busy)
    used: Counter[int] = Counter()
    count: Counter[str] = Counter()
    for i, (m, slot) in enumerate(zip(task.meetings, slot_of, strict=True)):
        if slot is None:
            continue
        if slot not in m.slots:
            problems.append(f"meeting {i} ({m.a}-{m.b}) in slot {slot}, not one of its slots")
        for pid in m.parties:
            if (pid, slot) in taken:
                problems.append(f"meeting {i}: {pid} is already busy in slot {slot}")
            taken.add((pid, slot))
            count[pid] += 1
        if m.shared:
            used[slot] += 1
    problems += [
        f"slot {slot} holds {n} meetings, more than its {task.tables.get(slot, 0)} tables"
        for slot, n in used.items()
        if n > task.tables.get(slot, 0)
    ]
    problems += [
        f"{pid} takes {n} meetings, more than the {task.room[pid]} it may"
        for pid, n in count.items()
        if pid in task.room and n > task.room[pid]
    ]
    return problems


def spread_tables(
    tables: Mapping[int, int], meetings: Sequence[Meeting], margin: float
) -> dict[int, int]:
    """Tables per slot lowered to an even share of the day's shared meetings plus `margin`
    (a part of the share, at least one meeting): slots taken as a limit, they spread the
    meetings over the day instead of piling them up where the search happened to put them
    (12 at 15:00 and 1-2 in each morning slot). A slot never gets more than it has."""
    shared = sum(1 for m in meetings if m.shared)
    open_slots = [s for s, n in tables.items() if n > 0]
    if not shared or not open_slots:
        return dict(tables)
    even = -(-shared // len(open_slots))  # ceiling
    ceiling = even + max(1, round(even * margin))
    return {s: min(n, ceiling) for s, n in tables.items()}
