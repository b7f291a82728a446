"""Local search on breaks: moves and swaps that close gaps, never breaking a hard rule."""

from __future__ import annotations

import random
from collections import Counter

from matchmaker.core.scheduling.breaks.search import reduce_breaks
from matchmaker.core.scheduling.types import Meeting, gaps


def total_breaks(meetings: list[Meeting], slots: list[int]) -> int:
    days: dict[str, set[int]] = {}
    for m, s in zip(meetings, slots, strict=True):
        days.setdefault(m.a, set()).add(s)
        days.setdefault(m.b, set()).add(s)
    return sum(gaps(day) for day in days.values())


def test_gaps_count_runs_of_free_slots_between_meetings() -> None:
    assert gaps(set()) == 0
    assert gaps({3}) == 0
    assert gaps({1, 2, 3}) == 0
    assert gaps({1, 3, 4, 7}) == 2


def test_a_meeting_moves_into_the_gap() -> None:
    meetings = [Meeting("A", "B", (1, 2, 3, 4)), Meeting("A", "C", (1, 2, 3, 4))]
    slots = reduce_breaks(meetings, [1, 4], dict.fromkeys(range(1, 5), 1), set(), 5)
    assert total_breaks(meetings, slots) == 0


def test_pinned_meetings_stay_and_tables_are_kept() -> None:
    meetings = [Meeting("A", "B", (2, 3, 4))]
    pinned = {("A", 1), ("X", 1)}
    # A meets X in slot 1 (pinned). Slot 2 would close A's gap, but it has no free table;
    # slot 3 leaves the break, but a shorter one (one free slot for A, not two).
    assert reduce_breaks(meetings, [4], {2: 0, 3: 1, 4: 1}, pinned, 5) == [3]
    assert reduce_breaks(meetings, [4], {2: 0, 3: 0, 4: 1}, pinned, 5) == [4]
    assert reduce_breaks(meetings, [4], {2: 1, 3: 1, 4: 1}, pinned, 5) == [2]


def test_as_many_breaks_but_shorter_and_a_firm_over_the_cap_gets_no_more() -> None:
    # A meets B in 1 and C in 6: one break of four free slots; in slot 3 or 4 it stays one
    # break, but shorter, and shortest in 3.
    meetings = [Meeting("A", "B", (1,)), Meeting("A", "C", (3, 4, 6))]
    assert reduce_breaks(meetings, [1, 6], dict.fromkeys(range(1, 7), 1), set(), 5) == [1, 3]
    # A is busy in 1, 3 and 5 already, C in 1 and 6. Meeting in 4 instead of 7 takes two
    # breaks off A and gives C a second one: fewer in all, but over a cap of one for C.
    meetings = [Meeting("A", "C", (4, 7))]
    pinned = {("A", 1), ("A", 3), ("A", 5), ("C", 1), ("C", 6)}
    tables = dict.fromkeys(range(1, 8), 1)
    assert reduce_breaks(meetings, [7], tables, pinned, 5) == [4]
    assert reduce_breaks(meetings, [7], tables, pinned, 5, cap=1) == [7]


def test_random_days_never_get_worse_and_stay_valid() -> None:
    rng = random.Random(3)
    for _ in range(20):
        firms = [f"F{i}" for i in range(8)]
        pairs = sorted({tuple(sorted(rng.sample(firms, 2))) for _ in range(12)})
        meetings = [Meeting(a, b, tuple(range(1, 11))) for a, b in pairs]
        start: list[int] = []
        busy: set[tuple[str, int]] = set()
        for m in meetings:  # a valid random start
            free = [s for s in m.slots if (m.a, s) not in busy and (m.b, s) not in busy]
            slot = rng.choice(free)
            busy.update({(m.a, slot), (m.b, slot)})
            start.append(slot)
        tables = dict.fromkeys(range(1, 11), 3)
        tables.update({s: max(tables[s], n) for s, n in Counter(start).items()})
        slots = reduce_breaks(meetings, start, tables, set(), 5)
        assert total_breaks(meetings, slots) <= total_breaks(meetings, start)
        seen: set[tuple[str, int]] = set()
        for m, s in zip(meetings, slots, strict=True):
            assert s in m.slots
            assert (m.a, s) not in seen
            assert (m.b, s) not in seen
            seen.update({(m.a, s), (m.b, s)})
        assert all(n <= tables[s] for s, n in Counter(slots).items())
