"""The scheduler's verifier: each hard rule caught, and the figures a schedule is judged by."""

from __future__ import annotations

from datetime import time

import pytest

from matchmaker.core.scheduling.checks import (
    FirmDay,
    is_valid_schedule,
    schedule_stats,
    schedule_violations,
)
from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem
from matchmaker.core.types import Profile, SlotGrid, TimeRange

SLOTS = build_slots(SlotGrid(time(9, 0), 30, 4))  # 09:00, 09:30, 10:00, 10:30
FIRMS = (
    Profile(id="A"),
    Profile(id="B"),
    Profile(id="C", max_meetings=1),
    Profile(id="D", unavailable=(TimeRange(time(10, 0), time(10, 30)),)),  # away in slot 3
    Profile(id="E", available_from=time(9, 30)),  # arrives for slot 2
)
WISHES = (
    MeetingWish("A", "B", priority=3, mutual=True),
    MeetingWish("A", "C"),
    MeetingWish("B", "D"),
    MeetingWish("A", "D"),
    MeetingWish("A", "E", latest=time(10, 0)),  # must end by 10:00
)


def problem(pinned: tuple[Placement, ...] = ()) -> SchedulingProblem:
    return SchedulingProblem(FIRMS, WISHES, SLOTS, tables=2, pinned=pinned)


GOOD = [
    Placement("A", "B", slot=1, table=1),
    Placement("A", "E", slot=2, table=1),
    Placement("B", "D", slot=2, table=2),
    Placement("A", "D", slot=4, table=1),
]


def test_a_valid_schedule_has_no_violations() -> None:
    assert schedule_violations(problem(), GOOD) == []
    assert is_valid_schedule(problem(pinned=(GOOD[0],)), GOOD)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (Placement("C", "A", 1, 2), "C-A in slot 1 at table 2: A already meets B then"),
        (Placement("C", "B", 1, 2), "C-B in slot 1 at table 2: B already meets A then"),
        (Placement("A", "C", 3, 1), None),  # fine on its own: checked as valid below
        (Placement("B", "D", 3, 2), "B-D in slot 3 at table 2: D is not available in slot 3"),
        (Placement("A", "C", 1, 1), "A-C in slot 1 at table 1: the table is taken by A-B"),
        (Placement("C", "E", 3, 2), "C-E in slot 3 at table 2: nobody asked for this meeting"),
        (Placement("A", "A", 3, 2), "A-A in slot 3 at table 2: a firm cannot meet itself"),
        (Placement("A", "X", 3, 2), "A-X in slot 3 at table 2: unknown firm X"),
        (Placement("A", "C", 9, 2), "A-C in slot 9 at table 2: there is no slot 9"),
        (Placement("A", "C", 3, 3), "A-C in slot 3 at table 3: there is no table 3 (tables 1-2)"),
    ],
)
def test_each_hard_rule_is_caught(extra: Placement, message: str | None) -> None:
    problems = schedule_violations(problem(), [*GOOD, extra])
    if message is None:
        assert problems == []
    else:
        assert message in problems


def test_arrival_and_wish_windows_are_kept() -> None:
    early = [Placement("A", "E", 1, 2)]  # E arrives at 09:30
    assert "A-E in slot 1 at table 2: E is not available in slot 1" in schedule_violations(
        problem(), early
    )
    late = [Placement("A", "E", 3, 1)]  # the wish says: end by 10:00
    assert schedule_violations(problem(), late) == [
        "A-E in slot 3 at table 1: outside the wished time window"
    ]


def test_limits_pairs_and_pins() -> None:
    twice = [Placement("A", "B", 1, 1), Placement("B", "A", 2, 1)]
    assert "A-B meet 2 times" in schedule_violations(problem(), twice)
    over = [Placement("A", "C", 1, 1), Placement("B", "C", 2, 1)]
    problems = schedule_violations(
        SchedulingProblem(FIRMS, (*WISHES, MeetingWish("B", "C")), SLOTS, tables=2), over
    )
    assert problems == ["C has 2 meetings, more than its maximum of 1"]
    moved = [Placement("A", "B", 2, 1)]
    assert schedule_violations(problem(pinned=(Placement("A", "B", 1, 1),)), moved) == [
        "pinned meeting A-B (slot 1, table 1) was moved or dropped"
    ]


def test_stats_count_placed_priority_and_idle_slots() -> None:
    stats = schedule_stats(problem(), GOOD)
    assert (stats.wishes, stats.placed) == (5, 4)
    assert (stats.placed_priority, stats.wished_priority) == (6, 7)
    assert [(w.a, w.b) for w in stats.unplaced] == [("A", "C")]
    a = stats.firms["A"]
    assert (a.meetings, a.first_slot, a.last_slot, a.idle_slots) == (3, 1, 4, 1)  # waits in 3
    d = stats.firms["D"]
    assert (d.meetings, d.idle_slots) == (2, 0)  # slot 3 is D's own absence, not waiting
    assert stats.firms["C"] == FirmDay(
        meetings=0, first_slot=None, last_slot=None, idle_slots=0, breaks=0, bound=1
    )
    assert stats.idle_per_firm == pytest.approx(1 / 4)  # A idles 1; B, D, E none


def test_stats_give_bounds_and_fairness() -> None:
    stats = schedule_stats(problem(), GOOD)
    # A could have 4 meetings (4 wishes, 4 slots), B 2, C 1 (its maximum), D 2 (3 slots
    # there, 2 wishes), E 1: at most 10 // 2 = 5 meetings, all five wishes.
    assert [stats.firms[f].bound for f in "ABCDE"] == [4, 2, 1, 2, 1]
    assert stats.table_slots == 8
    assert stats.placed_bound == 5
    assert stats.meetings_spread == (0, 3)  # C has none, A three
    # A waits in slot 3 (a break); D is away then, which still splits its day in two.
    assert [stats.firms[f].breaks for f in "ABDE"] == [1, 0, 1, 0]
    assert stats.breaks_spread == (0, 1)
    tight = SchedulingProblem(FIRMS, WISHES, SLOTS[:1], tables=1)
    assert schedule_stats(tight, []).placed_bound == 1  # one table, one slot
