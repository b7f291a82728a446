"""The planted schedule is valid, gap-free, uses every table, and covers every wish."""

from __future__ import annotations

import pytest

from benchmarks.planted_schedule import plant
from matchmaker.core.scheduling.checks import schedule_stats, schedule_violations
from matchmaker.core.scheduling.slots import available_slot_numbers


@pytest.mark.parametrize(
    ("firms", "slots", "spare", "seed"),
    [
        pytest.param(50, 8, 0.0, 1, id="50-firms-no-spare-tables"),
        pytest.param(200, 24, 0.25, 2, id="200-firms-a-quarter-spare-tables"),
    ],
)
def test_planted_schedule_is_a_known_optimum(
    firms: int, slots: int, spare: float, seed: int
) -> None:
    planted = plant(firms, slots=slots, spare_tables=spare, seed=seed)
    problem = planted.problem
    assert schedule_violations(problem, planted.planted) == []
    stats = schedule_stats(problem, planted.planted)
    assert stats.placed == stats.wishes == len(planted.planted)
    assert stats.idle_per_firm == 0.0
    assert all(day.meetings > 0 for day in stats.firms.values())
    used = len({m.table for m in planted.planted})
    assert problem.tables == used + round(spare * used)


def test_same_seed_same_problem() -> None:
    assert plant(60, slots=10, seed=3) == plant(60, slots=10, seed=3)


def test_with_slack_firms_stay_longer_than_their_meetings_last() -> None:
    planted = plant(200, slots=24, seed=200, slack=True)
    problem = planted.problem
    assert schedule_violations(problem, planted.planted) == []  # max_meetings kept too
    stats = schedule_stats(problem, planted.planted)
    assert stats.placed == stats.wishes
    assert stats.idle_per_firm == 0.0
    fill = []
    for profile in problem.profiles:
        stay = len(available_slot_numbers(profile, problem.slots))
        assert profile.max_meetings == stats.firms[profile.id].meetings
        fill.append(stats.firms[profile.id].meetings / stay)
    assert max(fill) <= 0.95
    inside = [f for f in fill if f >= 0.70]  # shorter ones: runs cut at the day's end
    assert len(inside) >= 0.8 * len(fill)
