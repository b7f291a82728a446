"""First-fit greedy: always valid by the verifier, and honest about what it cannot place."""

from __future__ import annotations

import random
from datetime import time

from matchmaker.core.scheduling.checks import schedule_stats, schedule_violations
from matchmaker.core.scheduling.first_fit import first_fit
from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem
from matchmaker.core.types import Profile, SlotGrid, TimeRange


def test_places_by_priority_into_the_earliest_free_slot() -> None:
    slots = build_slots(SlotGrid(time(9, 0), 30, 3))
    firms = tuple(Profile(id=x) for x in "ABC")
    wishes = (MeetingWish("A", "C", priority=1), MeetingWish("A", "B", priority=5))
    problem = SchedulingProblem(firms, wishes, slots, tables=1)
    assert first_fit(problem) == [Placement("A", "B", 1, 1), Placement("A", "C", 2, 1)]


def test_keeps_pins_limits_windows_and_leaves_the_impossible_unplaced() -> None:
    slots = build_slots(SlotGrid(time(9, 0), 30, 2))
    firms = (
        Profile(id="A", max_meetings=1),
        Profile(id="B"),
        Profile(id="C", unavailable=(TimeRange(time(9, 0), time(10, 0)),)),  # away all day
        Profile(id="D"),
    )
    wishes = (
        MeetingWish("A", "B"),
        MeetingWish("A", "D"),  # A is at its maximum after A-B
        MeetingWish("B", "C"),  # C is never there
        MeetingWish("B", "D", earliest=time(9, 30)),  # not before slot 2
    )
    pin = Placement("A", "B", 2, 1)
    problem = SchedulingProblem(firms, wishes, slots, tables=1, pinned=(pin,))
    placed = first_fit(problem)
    assert schedule_violations(problem, placed) == []
    assert pin in placed
    stats = schedule_stats(problem, placed)
    assert {(w.a, w.b) for w in stats.unplaced} == {("A", "D"), ("B", "C"), ("B", "D")}


def test_random_fairs_always_give_valid_schedules() -> None:
    rng = random.Random(7)
    for _ in range(30):
        slots = build_slots(SlotGrid(time(9, 0), 20, rng.randint(2, 8)))
        firms = tuple(
            Profile(
                id=f"F{i}",
                max_meetings=rng.choice([None, 1, 2, 3]),
                available_from=rng.choice([None, time(9, 20), time(9, 40)]),
            )
            for i in range(rng.randint(4, 12))
        )
        ids = [f.id for f in firms]
        pairs = {frozenset(rng.sample(ids, 2)) for _ in range(rng.randint(3, 25))}
        ordered = [sorted(pair) for pair in pairs]
        wishes = tuple(MeetingWish(a, b, priority=rng.randint(1, 3)) for a, b in ordered)
        problem = SchedulingProblem(firms, wishes, slots, tables=rng.randint(1, 4))
        placed = first_fit(problem)
        assert schedule_violations(problem, placed) == []
        assert schedule_stats(problem, placed).placed == len(placed)
