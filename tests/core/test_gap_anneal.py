"""Closing gaps in firms' days by Kempe chain moves (`kempe`, `gap_anneal`): shorter waits,
what was left out placed, never fewer placed, never a broken rule, the same day for the
same seed."""

from __future__ import annotations

from benchmarks.planted_schedule import plant
from matchmaker.core.scheduling.gap_anneal import close_gaps
from matchmaker.core.scheduling.kempe import KempeDay
from matchmaker.core.scheduling.placement import PlacementTask, placement_violations
from matchmaker.core.scheduling.sweep import sweep
from matchmaker.core.scheduling.types import Meeting
from matchmaker.core.scheduling.wish_slots import placement_task, wish_slots


def _idle(task: PlacementTask, slot_of: list[int | None]) -> int:
    day = KempeDay(task, slot_of)
    return sum(day.cost(pid, None) for pid in day.firms)


def _placed(task: PlacementTask, slot_of: list[int | None]) -> int:
    return sum(w for w, s in zip(task.weights, slot_of, strict=True) if s is not None)


def test_a_chain_closes_a_gap_by_moving_what_stands_in_the_way() -> None:
    """A meets B in 1 and C in 3 and waits in 2, where C meets D. Moving A-C to 2 needs C-D
    to go to 3: one Kempe chain over slots 2 and 3."""
    meetings = [Meeting("A", "B", (1,)), Meeting("A", "C", (2, 3)), Meeting("C", "D", (2, 3))]
    task = PlacementTask(meetings, [1, 1, 1], [1, 2, 3], {1: 2, 2: 2, 3: 2})
    start: list[int | None] = [1, 3, 2]
    assert _idle(task, start) == 1
    result = close_gaps(task, start, seconds=30, moves=5000)
    assert _idle(task, result) == 0
    assert placement_violations(task, result) == []
    assert result == [1, 2, 3]


def test_a_move_that_needs_a_table_the_slot_lacks_brings_one_back() -> None:
    """One table per slot. A waits in 2, where E-F sits; A-C can move there only if E-F
    moves to 3 at the same time (a second chain over the same two slots)."""
    meetings = [Meeting("A", "B", (1,)), Meeting("A", "C", (2, 3)), Meeting("E", "F", (2, 3))]
    task = PlacementTask(meetings, [1, 1, 1], [1, 2, 3], {1: 1, 2: 1, 3: 1})
    result = close_gaps(task, [1, 3, 2], seconds=30, moves=5000)
    assert result == [1, 2, 3]
    assert placement_violations(task, result) == []


def test_a_left_out_meeting_is_placed_after_a_chain_frees_its_slot() -> None:
    """A-C fits only in 1, where A meets B; B-A moves to 2 and A-C goes in."""
    meetings = [Meeting("A", "B", (1, 2)), Meeting("A", "C", (1,))]
    task = PlacementTask(meetings, [1, 1], [1, 2], {1: 1, 2: 1})
    result = close_gaps(task, [1, None], seconds=30, moves=5000)
    assert result == [2, 1]


def test_a_heavier_meeting_takes_the_place_of_a_lighter_one_never_the_reverse() -> None:
    meetings = [Meeting("A", "B", (1,)), Meeting("A", "C", (1,))]
    light_first = PlacementTask(meetings, [1, 5], [1], {1: 1})
    assert close_gaps(light_first, [1, None], seconds=30, moves=5000) == [None, 1]
    heavy_first = PlacementTask(meetings, [5, 1], [1], {1: 1})
    assert close_gaps(heavy_first, [1, None], seconds=30, moves=5000) == [1, None]


def test_pinned_slots_and_meeting_limits_are_kept() -> None:
    """A is pinned in 2 (no move may put a meeting there) and may take two meetings more:
    A-D may take A-C's place (as much weight), but A never has three."""
    meetings = [Meeting("A", "B", (1, 3)), Meeting("A", "C", (3, 4)), Meeting("A", "D", (4,))]
    task = PlacementTask(
        meetings, [1, 1, 1], [1, 2, 3, 4], dict.fromkeys((1, 2, 3, 4), 2),
        busy=frozenset({("A", 2)}), room={"A": 2},
    )  # fmt: skip
    result = close_gaps(task, [1, 4, None], seconds=30, moves=5000)
    assert sum(s is not None for s in result) == 2
    assert 2 not in result
    assert placement_violations(task, result) == []
    assert _idle(task, result) == 0  # A busy in 1-3 or 2-4 around its pinned slot


def test_planted_fairs_with_slack_wait_less_never_lose_a_meeting_and_repeat() -> None:
    problem = plant(120, slots=16, seed=3, slack=True, spare_tables=0.02).problem
    task = placement_task(problem, wish_slots(problem))
    start = sweep(task)
    result = close_gaps(task, start, seconds=300, moves=200_000)
    assert placement_violations(task, result) == []
    assert _placed(task, result) >= _placed(task, start)
    assert _idle(task, result) < _idle(task, start)
    assert close_gaps(task, start, seconds=300, moves=200_000) == result
