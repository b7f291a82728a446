"""A fair over two days: the same grid each day with slot numbers running on, firms there on
some days only, breaks counted within a day, and the scheduler placing every placeable
meeting on a day both firms are there."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import time

import pytest

from matchmaker.core.scheduling.checks import (
    fair_day_findings,
    schedule_stats,
    schedule_violations,
)
from matchmaker.core.scheduling.days import fair_days
from matchmaker.core.scheduling.repair import FairDayChanges, repair
from matchmaker.core.scheduling.scheduler import ScheduleOptions, firm_breaks, schedule
from matchmaker.core.scheduling.slots import available_slot_numbers, build_slots
from matchmaker.core.scheduling.types import (
    Interpreter,
    MeetingWish,
    Placement,
    SchedulingProblem,
    gaps,
)
from matchmaker.core.types import Profile, SlotGrid, TimeRange

QUICK = ScheduleOptions(time_limit=20, work_limit=5)
LUNCH = (TimeRange(time(10), time(10, 30)),)


def test_the_days_have_the_same_slots_numbered_on() -> None:
    slots = build_slots(SlotGrid(time(9), 30, 3, LUNCH, days=2))
    assert [(s.number, s.day, f"{s.start:%H:%M}") for s in slots] == [
        (1, 0, "09:00"), (2, 0, "09:30"), (3, 0, "10:30"),
        (4, 1, "09:00"), (5, 1, "09:30"), (6, 1, "10:30"),
    ]  # fmt: skip
    assert [[s.number for s in d.slots] for d in fair_days(slots)] == [[1, 2, 3], [1, 2, 3]]
    with pytest.raises(ValueError, match="1 to 3 days"):
        build_slots(SlotGrid(time(9), 30, 3, days=4))


def test_a_firm_meets_on_its_days_within_its_hours() -> None:
    slots = build_slots(SlotGrid(time(9), 30, 3, LUNCH, days=2))
    second_day_morning = Profile(id="A", days=(1,), available_to=time(10))
    assert available_slot_numbers(second_day_morning, slots) == {4, 5}
    assert available_slot_numbers(Profile(id="B"), slots) == {1, 2, 3, 4, 5, 6}


def test_the_night_is_no_break() -> None:
    day_of = {n: (n - 1) // 4 for n in range(1, 9)}  # two days of four slots
    assert gaps({3, 4, 5, 6}, day_of) == 0
    assert gaps({1, 3, 5, 6}, day_of) == 1  # a free slot 2 on day 1; day 2 back to back
    assert gaps({1, 4, 5, 8}, day_of) == 2
    placements = [Placement("A", "B", 4, 1), Placement("A", "C", 5, 1)]
    assert firm_breaks(placements, day_of) == {"A": 0, "B": 0, "C": 0}
    assert firm_breaks(placements) == {"A": 0, "B": 0, "C": 0}


def _round_robin(firms: int, days: int, per_day: int) -> SchedulingProblem:
    """Every firm wants every other: firms - 1 rounds, which fit the days' slots."""
    profiles = tuple(Profile(id=f"F{i}") for i in range(firms))
    wishes = tuple(MeetingWish(a.id, b.id) for a, b in itertools.combinations(profiles, 2))
    slots = build_slots(SlotGrid(time(9), 20, per_day, days=days))
    return SchedulingProblem(profiles, wishes, slots, tables=firms // 2)


def test_every_placeable_meeting_is_placed_over_two_days() -> None:
    """Eight firms all meeting each other need seven rounds; two days of four slots hold
    them. The day-by-day schedule places all 28, is valid, and nobody waits within a day
    more than the fairness rule allows."""
    problem = _round_robin(8, days=2, per_day=4)
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) == 28
    assert result.unplaced == ()
    day_of = {s.number: s.day for s in problem.slots}
    assert {day_of[p.slot] for p in result.placements} == {0, 1}
    assert max(firm_breaks(result.placements, day_of).values()) <= 2
    per_firm_day = Counter((pid, day_of[p.slot]) for p in result.placements for pid in p.pair)
    assert all(per_firm_day[(f"F{i}", d)] >= 3 for i in range(8) for d in (0, 1))


def test_firms_of_one_day_meet_on_it_and_the_maximum_counts_over_the_fair() -> None:
    slots = build_slots(SlotGrid(time(9), 30, 4, days=2))
    firms = (
        Profile(id="H", max_meetings=5),  # both days, at most five meetings in all
        *(Profile(id=f"M{i}", days=(0,)) for i in range(4)),
        *(Profile(id=f"T{i}", days=(1,)) for i in range(4)),
    )
    wishes = tuple(MeetingWish("H", f.id) for f in firms[1:])
    wishes += (MeetingWish("M0", "T0"),)  # never there on the same day
    problem = SchedulingProblem(firms, wishes, slots, tables=2)
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    day_of = {s.number: s.day for s in slots}
    assert len(result.placements) == 5
    for p in result.placements:
        other = p.b if p.a == "H" else p.a
        assert day_of[p.slot] == (0 if other.startswith("M") else 1), p
    reasons = {tuple(sorted(u.wish.pair)): u.reason for u in result.unplaced}
    assert reasons[("M0", "T0")] == "M0 and T0 are never there at the same time"
    assert sum(1 for r in reasons.values() if "maximum of 5" in r) == 3
    assert not result.proven_optimal or result.breaks == 0


def test_a_published_meeting_stays_on_its_day() -> None:
    problem = _round_robin(6, days=2, per_day=3)
    pinned = (Placement("F0", "F1", 5, 2),)
    problem = SchedulingProblem(problem.profiles, problem.wishes, problem.slots, 3, pinned)
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    assert pinned[0] in result.placements
    assert len(result.placements) == 15


def test_waiting_is_counted_within_a_day() -> None:
    """A firm with the last slot of day one and the first of day two does not wait."""
    problem = _round_robin(4, days=2, per_day=3)
    placements = [Placement("F0", "F1", 3, 1), Placement("F0", "F2", 4, 1)]
    stats = schedule_stats(problem, placements)
    assert stats.firms["F0"].idle_slots == 0
    assert stats.firms["F0"].breaks == 0
    waits = [Placement("F0", "F1", 4, 1), Placement("F0", "F2", 6, 1)]
    assert schedule_stats(problem, waits).firms["F0"].idle_slots == 1


def test_a_repair_on_the_second_day_leaves_the_first_as_it_was() -> None:
    """F0 does not come on day two and F1 arrives late: their meetings of day two change,
    those of day one (history) and the pairs met then stay as they were."""
    problem = _round_robin(6, days=2, per_day=3)
    published = schedule(problem, QUICK).placements
    day_of = {s.number: s.day for s in problem.slots}
    changes = FairDayChanges(absent=frozenset({"F0"}), arrives={"F1": time(9, 20)}, from_slot=4)
    result = repair(problem, published, changes, QUICK)
    first_day = {p for p in published if day_of[p.slot] == 0}
    assert first_day <= set(result.placements)
    assert not [p for p in result.placements if day_of[p.slot] == 1 and "F0" in p.pair]
    assert not [p for p in result.placements if p.slot == 4 and "F1" in p.pair]
    assert schedule_violations(result.problem, result.placements) == []
    facts = changes.facts(published, day=1)
    assert fair_day_findings(result.problem, result.placements, facts) == []
    cancelled = {c.before for c in result.changes if c.kind == "cancelled"}
    assert cancelled
    assert all(c is not None and day_of[c.slot] == 1 for c in cancelled)
    met = [p.pair for p in result.placements]
    assert len(met) == len(set(met))


def test_a_wish_of_firms_on_different_days_is_not_counted_as_possible() -> None:
    slots = build_slots(SlotGrid(time(9), 30, 3, days=2))
    firms = (Profile(id="A", days=(0,)), Profile(id="B", days=(1,)), Profile(id="C"))
    wishes = (MeetingWish("A", "B"), MeetingWish("A", "C"), MeetingWish("B", "C"))
    problem = SchedulingProblem(firms, wishes, slots, tables=2)
    result = schedule(problem, QUICK)
    stats = schedule_stats(problem, result.placements)
    assert (stats.placed, stats.wishes, stats.placed_bound) == (2, 3, 2)


def test_an_interpreters_maximum_counts_over_the_fair() -> None:
    """Two interpreters, one booked for at most two meetings in all: the day-by-day
    re-solves keep to it, and the verifier finds nothing."""
    slots = build_slots(SlotGrid(time(9), 30, 3, days=2))
    german = tuple(Profile(id=f"D{i}", languages=("de",)) for i in range(3))
    russian = tuple(Profile(id=f"R{i}", languages=("ru",)) for i in range(3))
    wishes = tuple(MeetingWish(d.id, r.id) for d in german for r in russian)
    interpreters = (
        Interpreter("irina", ("de", "ru"), max_meetings=2),
        Interpreter("sergej", ("de", "ru")),
    )
    problem = SchedulingProblem(german + russian, wishes, slots, tables=2,
                                interpreters=interpreters)  # fmt: skip
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) == 8  # six slots for Sergej, two meetings for Irina
    assert sum(1 for p in result.placements if p.interpreter == "irina") == 2
