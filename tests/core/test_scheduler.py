"""The constraint scheduler: valid by the verifier, every placeable meeting placed, fewest
breaks, pinned meetings kept, each unplaced wish with its reason, reproducible with a seed."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from datetime import time
from typing import Literal

import pytest

from benchmarks.planted_schedule import plant
from matchmaker.core.scheduling.checks import schedule_stats, schedule_violations
from matchmaker.core.scheduling.first_fit import first_fit
from matchmaker.core.scheduling.scheduler import ScheduleOptions, firm_breaks, schedule
from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import (
    Interpreter,
    MeetingWish,
    Placement,
    SchedulingProblem,
)
from matchmaker.core.types import Profile, SlotGrid, TimeRange

QUICK = ScheduleOptions(time_limit=20, work_limit=5)


def test_places_what_first_fit_cannot() -> None:
    """First-fit puts A-B into slot 1, so A-C and B-C (C only there in slots 1-2) cannot
    both be placed; the solver moves A-B to slot 3 and places all three. Then A or B waits
    one slot, which is proven unavoidable."""
    slots = build_slots(SlotGrid(time(9, 0), 30, 3))
    firms = (Profile(id="A"), Profile(id="B"), Profile(id="C", available_to=time(10, 0)))
    wishes = (MeetingWish("A", "B", priority=3), MeetingWish("A", "C"), MeetingWish("B", "C"))
    problem = SchedulingProblem(firms, wishes, slots, tables=1)
    assert len(first_fit(problem)) == 2
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) == 3
    assert result.unplaced == ()
    assert result.breaks == 1
    assert result.breaks_bound == 1
    assert result.proven_optimal
    assert {p.slot for p in result.placements if "C" in p.pair} == {1, 2}


def test_a_small_day_starts_when_the_fair_does() -> None:
    """Three separate pairs in a grid of six: any slots are as good for breaks, and the
    solver happened to use slots 4 and 5; the day is moved to the fair's start, each firm
    keeping its meetings and breaks, as far as the firms' hours allow."""
    slots = build_slots(SlotGrid(time(9, 0), 20, 6))
    late = Profile(id="O3", available_from=time(9, 20))
    firms = (*(Profile(id=x) for x in ("B1", "B2", "B3", "O1", "O2")), late)
    wishes = tuple(MeetingWish(f"B{i}", f"O{i}") for i in (1, 2, 3))
    problem = SchedulingProblem(firms, wishes, slots, tables=3)
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) == 3
    assert min(p.slot for p in result.placements) == 1
    assert max(p.slot for p in result.placements) <= 3


def test_the_day_does_not_move_into_slots_with_no_table_open() -> None:
    """All tables are closed in the first slot: the day moves up to the second, not into
    the first (where no table could take the meetings)."""
    slots = build_slots(SlotGrid(time(9, 0), 20, 6))
    firms = tuple(Profile(id=x) for x in ("B1", "B2", "B3", "O1", "O2", "O3"))
    wishes = tuple(MeetingWish(f"B{i}", f"O{i}") for i in (1, 2, 3))
    problem = SchedulingProblem(firms, wishes, slots, tables=2,
                                closed=frozenset({(1, 1), (1, 2)}))  # fmt: skip
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) == 3
    assert min(p.slot for p in result.placements) == 2


def test_closes_gaps_that_first_fit_leaves() -> None:
    """One table: first-fit gives A-B, C-D, A-C in that order and A waits in slot 2; the
    solver starts with C-D and nobody waits."""
    slots = build_slots(SlotGrid(time(9, 0), 20, 4))
    firms = tuple(Profile(id=x) for x in "ABCD")
    wishes = (MeetingWish("A", "B"), MeetingWish("C", "D"), MeetingWish("A", "C"))
    problem = SchedulingProblem(firms, wishes, slots, tables=1)
    assert firm_breaks(first_fit(problem))["A"] == 1
    result = schedule(problem, QUICK)
    assert len(result.placements) == 3
    assert result.breaks == 0
    assert result.max_breaks == 0
    assert result.breaks_bound == 0
    assert schedule_stats(problem, result.placements).idle_per_firm == 0


def test_keeps_pins_and_says_why_a_wish_is_left_out() -> None:
    slots = build_slots(SlotGrid(time(9, 0), 30, 2))
    firms = (
        Profile(id="A", max_meetings=1),
        Profile(id="B"),
        Profile(id="C", unavailable=(TimeRange(time(9, 0), time(10, 0)),)),  # away all day
        Profile(id="D"),
        Profile(id="E", available_to=time(9, 30)),
    )
    pin = Placement("A", "B", 2, 1)
    wishes = (
        MeetingWish("A", "B"),  # pinned already
        MeetingWish("A", "D"),  # A is at its maximum with the pinned meeting
        MeetingWish("B", "C"),  # C is never there
        MeetingWish("D", "E", earliest=time(9, 30)),  # E is gone by then
        MeetingWish("B", "X"),  # unknown firm
        MeetingWish("B", "D"),
    )
    problem = SchedulingProblem(firms, wishes, slots, tables=1, pinned=(pin,))
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    assert pin in result.placements
    assert Placement("B", "D", 1, 1) in result.placements
    reasons = {(u.wish.a, u.wish.b): u.reason for u in result.unplaced}
    assert reasons == {
        ("A", "D"): "A has reached its maximum of 1 meetings",
        ("B", "C"): "B and C are never there at the same time",
        ("D", "E"): "no slot inside the wished time window while both are there",
        ("B", "X"): "unknown firm X",
    }


def test_tables_bound_each_slot_and_weight_decides_who_is_left_out() -> None:
    slots = build_slots(SlotGrid(time(9, 0), 30, 1))
    firms = tuple(Profile(id=x) for x in "ABCDEF")
    wishes = (
        MeetingWish("A", "B", priority=1),
        MeetingWish("C", "D", priority=1, mutual=True),
        MeetingWish("E", "F", priority=3),
    )
    result = schedule(SchedulingProblem(firms, wishes, slots, tables=2), QUICK)
    assert {p.pair for p in result.placements} == {frozenset("CD"), frozenset("EF")}
    assert {p.table for p in result.placements} == {1, 2}
    assert [u.wish.pair for u in result.unplaced] == [frozenset("AB")]
    assert result.placed_weight == 5
    assert result.placed_weight_bound == 5


def test_planted_problem_is_solved_completely_and_reproducibly() -> None:
    planted = plant(40, slots=8, seed=3)
    problem = planted.problem
    result = schedule(problem, QUICK)
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) == len(problem.wishes)
    assert schedule_stats(problem, result.placements).idle_per_firm == 0
    again = schedule(problem, QUICK)
    assert again.placements == result.placements


def test_random_fairs_give_valid_schedules_no_worse_than_first_fit() -> None:
    rng = random.Random(11)
    for _ in range(12):
        slots = build_slots(SlotGrid(time(9, 0), 20, rng.randint(2, 6)))
        firms = tuple(
            Profile(
                id=f"F{i}",
                max_meetings=rng.choice([None, 1, 2, 3]),
                available_from=rng.choice([None, time(9, 20)]),
            )
            for i in range(rng.randint(4, 10))
        )
        ids = [f.id for f in firms]
        pairs = sorted({tuple(sorted(rng.sample(ids, 2))) for _ in range(rng.randint(3, 20))})
        wishes = tuple(MeetingWish(a, b, priority=rng.randint(1, 3)) for a, b in pairs)
        problem = SchedulingProblem(firms, wishes, slots, tables=rng.randint(1, 4))
        result = schedule(problem, QUICK)
        assert schedule_violations(problem, result.placements) == []
        greedy = schedule_stats(problem, first_fit(problem))
        assert result.placed_weight >= sum(
            w.priority for w in wishes if w.pair not in {u.pair for u in greedy.unplaced}
        )
        assert len(result.placements) + len(result.unplaced) == len(wishes)


def test_a_tiny_time_limit_still_gives_a_valid_schedule() -> None:
    """Out of time before CP-SAT's first solution: the sweep's schedule, still valid."""
    problem = plant(200, slots=12, seed=5).problem
    options = ScheduleOptions(time_limit=1, work_limit=0.001, mode="exact", sweep_rounds=1)
    result = schedule(problem, options)
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) + len(result.unplaced) == len(problem.wishes)
    assert result.stages[0].startswith("sweep: ")
    assert "placement: the sweep's (CP-SAT found nothing in time)" in result.stages


def _delegation(tables: int) -> SchedulingProblem:
    """Two visiting firms keep tables 1 and 2; four local firms come to them and also meet
    each other."""
    slots = build_slots(SlotGrid(time(9, 0), 20, 6))
    firms = tuple(Profile(id=x) for x in ("V1", "V2", "L1", "L2", "L3", "L4"))
    pairs = [("V1", f"L{i}") for i in range(1, 5)] + [("V2", f"L{i}") for i in range(1, 5)]
    pairs += [("L1", "L2"), ("L3", "L4"), ("L1", "L3"), ("L2", "L4"), ("V1", "V2")]
    wishes = tuple(MeetingWish(a, b) for a, b in pairs)
    return SchedulingProblem(firms, wishes, slots, tables=tables, hosts={"V1": 1, "V2": 2})


@pytest.mark.parametrize("mode", ["exact", "fast"])
def test_fixed_seats_keep_each_host_at_its_table(mode: Literal["exact", "fast"]) -> None:
    problem = _delegation(tables=3)
    result = schedule(problem, ScheduleOptions(time_limit=10, mode=mode))
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) == len(problem.wishes)
    for m in result.placements:
        if "V1" in m.pair:
            assert m.table == 1, m
        elif "V2" in m.pair:
            assert m.table == 2, m
        else:
            assert m.table == 3, m  # the only shared table
    local = Counter(m.slot for m in result.placements if not {"V1", "V2"} & m.pair)
    assert max(local.values()) == 1


def test_fixed_seats_are_checked() -> None:
    problem = _delegation(tables=3)
    wrong = [Placement("V1", "L1", 1, 3), Placement("L2", "L3", 1, 2)]
    problems = schedule_violations(problem, wrong)
    assert any("belongs at its own table 1" in p for p in problems)
    assert any("the table is a host's own" in p for p in problems)
    with pytest.raises(ValueError, match="cannot both keep table 1"):
        SchedulingProblem(problem.profiles, (), problem.slots, 3, hosts={"V1": 1, "V2": 1})
    with pytest.raises(ValueError, match="fixed table 4 is not one of 1-3"):
        SchedulingProblem(problem.profiles, (), problem.slots, 3, hosts={"V1": 4})


def test_first_fit_seats_hosts_too() -> None:
    problem = _delegation(tables=3)
    assert schedule_violations(problem, first_fit(problem)) == []


def _needing_interpreters(**irina: object) -> SchedulingProblem:
    """Four Russian-speaking and one German-speaking firm: each Russian firm meets the German
    one through Irina (ru-de); R1-R2 share Russian."""
    slots = build_slots(SlotGrid(time(9, 0), 20, 5))
    russian = [Profile(id=f"R{i}", languages=("ru",)) for i in range(1, 5)]
    firms = (Profile(id="D", languages=("de",)), *russian)
    wishes = (*(MeetingWish(r.id, "D") for r in russian), MeetingWish("R1", "R2"))
    interpreters = (Interpreter("Irina", ("ru", "de"), **irina),)  # type: ignore[arg-type]
    return SchedulingProblem(firms, wishes, slots, tables=2, interpreters=interpreters)


@pytest.mark.parametrize("mode", ["exact", "fast"])
def test_meetings_without_a_common_language_get_an_interpreter(
    mode: Literal["exact", "fast"],
) -> None:
    problem = _needing_interpreters()
    result = schedule(problem, ScheduleOptions(time_limit=10, mode=mode))
    assert schedule_violations(problem, result.placements) == []
    assert len(result.placements) == 5
    assert {m.interpreter for m in result.placements if "D" in m.pair} == {"Irina"}
    assert next(m for m in result.placements if "D" not in m.pair).interpreter is None


def test_an_interpreter_s_hours_and_limit_leave_meetings_out_with_the_reason() -> None:
    problem = _needing_interpreters(available_to=time(10, 0), max_meetings=2)
    result = schedule(problem, ScheduleOptions(time_limit=10))
    assert schedule_violations(problem, result.placements) == []
    with_irina = [m for m in result.placements if m.interpreter == "Irina"]
    assert len(with_irina) == 2
    assert {m.slot for m in with_irina} <= {1, 2, 3}
    reasons = {u.reason for u in result.unplaced}
    assert reasons == {"every interpreter for ru and de is fully booked"}
    alone = dataclasses.replace(problem, interpreters=())
    result = schedule(alone, ScheduleOptions(time_limit=10))
    assert {u.reason for u in result.unplaced} == {
        f"R{i} and D share no language; no interpreter speaks ru and de" for i in range(1, 5)
    }
    assert len(result.placements) == 1


def test_the_verifier_checks_interpreters() -> None:
    problem = _needing_interpreters(available_to=time(9, 40))
    wrong = [
        Placement("R1", "D", 1, 1),  # no interpreter
        Placement("R2", "D", 2, 1, "Irina"),
        Placement("R3", "R4", 2, 2, "Irina"),  # Irina twice in slot 2 (and not wished)
        Placement("R4", "D", 3, 1, "Irina"),  # after her hours
        Placement("R1", "R2", 4, 1, "Boris"),
    ]
    found = "\n".join(schedule_violations(problem, wrong))
    assert "R1-D in slot 1 at table 1: the firms share no language and have no interpreter" in found
    assert "interpreter Irina is already with R2-D" in found
    assert "interpreter Irina is not there in slot 3" in found
    assert "unknown interpreter Boris" in found
    assert schedule_violations(problem, first_fit(problem)) == []
