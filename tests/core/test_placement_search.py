"""Re-solving small parts of a schedule around the meetings a construction left out: more
placed where a part has room, never fewer, never a broken rule."""

from __future__ import annotations

from benchmarks.planted_schedule import plant
from matchmaker.core.scheduling.placement import PlacementTask, placement_violations
from matchmaker.core.scheduling.placement_search import place_more
from matchmaker.core.scheduling.sweep import sweep
from matchmaker.core.scheduling.types import Meeting
from matchmaker.core.scheduling.wish_slots import placement_task, wish_slots


def test_a_left_out_meeting_is_placed_by_moving_another() -> None:
    """A-C can only be in slot 1, where A meets B; B-A may move to slot 2 or 3."""
    meetings = [Meeting("A", "B", (1, 2, 3)), Meeting("A", "C", (1,))]
    task = PlacementTask(meetings, [1, 1], [1, 2, 3], {1: 1, 2: 1, 3: 1})
    result = place_more(task, [1, None], seconds=30)
    assert result[1] == 1
    assert result[0] in (2, 3)
    assert placement_violations(task, result) == []


def test_the_weightier_meeting_wins_a_contested_slot() -> None:
    meetings = [Meeting("A", "B", (1,)), Meeting("A", "C", (1,))]
    task = PlacementTask(meetings, [1, 5], [1], {1: 1})
    assert place_more(task, [1, None], seconds=30) == [None, 1]
    assert place_more(task, [None, 1], seconds=30) == [None, 1]  # nothing better: kept


def test_never_fewer_and_always_valid_on_planted_fairs() -> None:
    for seed in range(3):
        problem = plant(40, slots=8, seed=seed).problem
        task = placement_task(problem, wish_slots(problem))
        start = sweep(task)
        result = place_more(task, start, seconds=20)
        assert placement_violations(task, result) == []
        placed = sum(w for w, s in zip(task.weights, result, strict=True) if s is not None)
        before = sum(w for w, s in zip(task.weights, start, strict=True) if s is not None)
        assert placed >= before
