"""The planted schedule is valid, gap-free, uses every table, and covers every wish."""

from __future__ import annotations

from benchmarks.planted_schedule import plant
from matchmaker.core.schedule_checks import schedule_stats, schedule_violations


def test_planted_schedule_is_a_known_optimum() -> None:
    for firms, slots, spare, seed in ((50, 8, 0.0, 1), (200, 24, 0.25, 2)):
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
