"""Large neighbourhood search on breaks: re-solving the meetings of a few firms exactly,
never breaking a hard rule, never more breaks, and fewer where local moves are stuck."""

from __future__ import annotations

import random

from matchmaker.core.break_lns import improve_breaks
from matchmaker.core.break_maxsat import Meeting
from matchmaker.core.break_search import reduce_breaks
from matchmaker.core.placement import PlacementTask, placement_violations
from matchmaker.core.schedule_types import gaps
from tests.test_core_break_search import total_breaks


def _random_day(seed: int) -> tuple[list[Meeting], list[int], dict[int, int]]:
    """Twelve firms, about twenty meetings over eight slots with two tables, placed at random."""
    rng = random.Random(seed)
    firms = [f"F{i}" for i in range(12)]
    pairs = sorted({tuple(sorted(rng.sample(firms, 2))) for _ in range(22)})
    tables = dict.fromkeys(range(1, 9), 3)
    meetings: list[Meeting] = []
    start: list[int] = []
    busy: set[tuple[str, int]] = set()
    used = dict.fromkeys(tables, 0)
    for a, b in pairs:
        free = [s for s in tables if (a, s) not in busy and (b, s) not in busy and used[s] < 3]
        if not free:
            continue
        slot = rng.choice(free)
        meetings.append(Meeting(a, b, tuple(tables)))
        start.append(slot)
        busy.update({(a, slot), (b, slot)})
        used[slot] += 1
    return meetings, start, tables


def test_never_worse_always_valid_and_better_than_local_moves() -> None:
    gained = 0
    for seed in range(4):
        meetings, start, tables = _random_day(seed)
        local = reduce_breaks(meetings, start, tables, set(), 5)
        result = improve_breaks(meetings, local, list(tables), tables, set(), None, 60, parts=6)
        task = PlacementTask(meetings, [1] * len(meetings), list(tables), tables)
        assert placement_violations(task, result) == []
        assert total_breaks(meetings, result) <= total_breaks(meetings, local)
        gained += total_breaks(meetings, local) - total_breaks(meetings, result)
    assert gained > 0


def _over_cap(meetings: list[Meeting], slots: list[int], cap: int) -> int:
    days: dict[str, set[int]] = {}
    for m, s in zip(meetings, slots, strict=True):
        days.setdefault(m.a, set()).add(s)
        days.setdefault(m.b, set()).add(s)
    return sum(max(0, gaps(day) - cap) for day in days.values())


def test_breaks_over_the_fairness_cap_count_first() -> None:
    for seed in range(4):
        meetings, start, tables = _random_day(seed)
        result = improve_breaks(meetings, start, list(tables), tables, set(), 1, 60, parts=6)
        assert _over_cap(meetings, result, 1) <= _over_cap(meetings, start, 1)
        if _over_cap(meetings, result, 1) == _over_cap(meetings, start, 1):
            assert total_breaks(meetings, result) <= total_breaks(meetings, start)
