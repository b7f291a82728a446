"""Re-planning a visit day on the day (`replan_day`): what had begun stays, a cancelled
host's visit goes, a late bus shifts the rest and drops the least relevant visit that no
longer fits, freed time takes a host nobody visits, an empty change changes nothing; and
every result passes the verifier with the record of what had happened."""

from __future__ import annotations

from dataclasses import replace

import pytest

from benchmarks.visit_instances import visit_day
from matchmaker.core import DayChange, Replan, replan_day
from matchmaker.core.visits.assignment import Assignment, make_plan
from matchmaker.core.visits.checks import DAY_KINDS, DayRecord, visit_findings
from matchmaker.core.visits.greedy import greedy_plan
from matchmaker.core.visits.planner import plan_visits
from matchmaker.core.visits.timing import Resume, time_rest, time_route
from matchmaker.core.visits.types import (
    Host,
    Lunch,
    Member,
    VisitDay,
    VisitPlan,
    VisitProblem,
    Window,
)

WHOLE_DAY = Window(9 * 60, 17 * 60)


def small_day(relevance_of_e: float = 0.0, window_of_a: Window = WHOLE_DAY) -> VisitProblem:
    """One group of two; hotel (site 0) 20 min from each host, hosts 15 min apart, visits of
    60 min; lunch 60 min between 12:00 and 14:00. D must end by 15:30; E is visited by
    nobody in `planned`. Relevance to each member: A 0.5, B 0.45, C 0.1, D 0.4, E as
    given."""
    travel = tuple(tuple(0 if a == b else 20 if 0 in (a, b) else 15 for b in range(6))
                   for a in range(6))  # fmt: skip
    hosts = (
        Host("A", 1, 10, 60, (window_of_a,)),
        Host("B", 2, 10, 60, (WHOLE_DAY,)),
        Host("C", 3, 10, 60, (WHOLE_DAY,)),
        Host("D", 4, 10, 60, (Window(14 * 60, 15 * 60 + 30),)),
        Host("E", 5, 10, 60, (WHOLE_DAY,)),
    )
    row = (0.5, 0.45, 0.1, 0.4, relevance_of_e)
    day = VisitDay(0, 0, 9 * 60, 17 * 60, groups=1, lunch=Lunch(12 * 60, 14 * 60, 60))
    return VisitProblem(hosts, (Member("M1"), Member("M2")), (row, row), travel, day)


def planned(problem: VisitProblem) -> VisitPlan:
    """A, B, C, D: 09:20-10:20, 10:35-11:35, 11:50-12:50, lunch 12:50-13:50 on the way,
    D 14:05-15:05, back 15:25."""
    return make_plan(problem, Assignment((0, 0), (None,)), [[0, 1, 2, 3]])


def spans(result: Replan, group: int = 1) -> dict[str, tuple[int, int]]:
    """Host id -> (start, end) of the group's visits in the new plan."""
    return {v.host: (v.start, v.end) for v in result.plan.groups[group - 1].visits}


def valid(result: Replan) -> bool:
    """Whether the new plan passes the verifier with the record of what had happened."""
    return visit_findings(result.problem, result.plan, result.record) == []


def test_the_small_day_is_planned_as_its_text_says() -> None:
    assert spans_of(planned(small_day())) == {
        "A": (560, 620), "B": (635, 695), "C": (710, 770), "D": (845, 905),
    }  # fmt: skip
    assert planned(small_day()).groups[0].lunch == (770, 830)


def spans_of(plan: VisitPlan) -> dict[str, tuple[int, int]]:
    """Host id -> (start, end) of the first group's visits."""
    return {v.host: (v.start, v.end) for v in plan.groups[0].visits}


@pytest.mark.parametrize("now", [540, 600, 700, 800, 900, 1000])
def test_nothing_changes_when_nothing_happened(now: int) -> None:
    problem = small_day(relevance_of_e=0.3)
    plan = planned(problem)
    result = replan_day(problem, plan, DayChange(now))
    assert result.plan.groups == plan.groups
    assert result.changed() == []
    assert valid(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("now", [600, 720, 840])
def test_nothing_changes_on_benchmark_days_when_nothing_happened(seed: int, now: int) -> None:
    problem = visit_day(12, seed=seed)
    plan = greedy_plan(problem)
    result = replan_day(problem, plan, DayChange(now))
    assert result.plan.groups == plan.groups
    assert result.changed() == []


def test_nothing_changes_in_the_planners_plan_when_nothing_happened() -> None:
    problem = visit_day(12, seed=4)
    plan = plan_visits(problem, time_limit=1)
    result = replan_day(problem, plan, DayChange(12 * 60))
    assert result.plan.groups == plan.groups
    assert valid(result)


def test_an_afternoon_cancellation_drops_only_that_visit_and_keeps_the_morning() -> None:
    """Benchmark day 1 (greedy): group 1 visits H09 14:00-14:45; it cancels at 13:00."""
    problem = visit_day(12, seed=1)
    plan = greedy_plan(problem)
    result = replan_day(problem, plan, DayChange(13 * 60, cancelled=frozenset({"H09"})))
    dropped = [(c.host, c.why) for c in result.changes if c.kind == "dropped"]
    assert dropped == [("H09", "cancelled")]
    old = plan.groups[0].visits
    assert [v for v in result.plan.groups[0].visits if v.start < 13 * 60] == [
        v for v in old if v.start < 13 * 60
    ]
    assert [c for c in result.changes if c.kind == "shifted"] == []
    assert result.plan.groups[1] == plan.groups[1]
    assert spans(result)["H07"] == (911, 971)
    assert valid(result)


@pytest.mark.parametrize("now", [600, 625], ids=["on-a-visit", "on-the-road"])
def test_a_late_bus_shifts_the_rest_and_drops_the_least_relevant_visit(now: int) -> None:
    """40 min late (at 10:00 on the visit at A, or at 10:25 on the way to B): B moves from
    10:35 to 11:15; after it C and D no longer both fit (D must end by 15:30); dropping C
    (0.2 in all) loses least (B 0.9, D 0.8); lunch and D keep their times."""
    problem = small_day()
    result = replan_day(problem, planned(problem), DayChange(now, late={1: 40}))
    dropped = [(c.host, c.why) for c in result.changes if c.kind == "dropped"]
    assert dropped == [("C", "no-longer-fits")]
    assert spans(result)["B"] == (675, 735)
    assert spans(result)["D"] == (845, 905)
    assert result.plan.groups[0].lunch == (770, 830)
    assert result.plan.relevance_total == pytest.approx(2 * (0.5 + 0.45 + 0.4))
    assert valid(result)


def test_a_visit_reached_late_is_recorded_as_it_happened() -> None:
    """On the visit at A at 10:00, 40 min late: A took place 10:00-11:00, the rest goes on
    from there."""
    problem = small_day()
    result = replan_day(problem, planned(problem), DayChange(600, late={1: 40}))
    visit = result.plan.groups[0].visits[0]
    assert (visit.arrive, visit.start, visit.end) == (600, 600, 660)
    assert result.record.visits == (visit,)
    change = result.changes_for(1)[0]
    assert (change.host, change.kind, change.why) == ("A", "shifted", "late")


def test_a_late_past_breaking_a_rule_is_taken_as_fact() -> None:
    """A may only take place 09:00-10:30; reached 40 min late, it ran 10:00-11:00. The
    verifier without the record calls that a broken window, with it the plan is valid."""
    problem = small_day(window_of_a=Window(9 * 60, 10 * 60 + 30))
    result = replan_day(problem, planned(problem), DayChange(600, late={1: 40}))
    assert {f.kind for f in visit_findings(result.problem, result.plan)} == {"window"}
    assert valid(result)


def test_a_cancelled_hosts_time_takes_a_relevant_host_nobody_visits() -> None:
    """B cancels at 10:00: E (0.3 each) fits into B's time, C and D keep theirs."""
    problem = small_day(relevance_of_e=0.3)
    plan = planned(problem)
    result = replan_day(problem, plan, DayChange(600, cancelled=frozenset({"B"})))
    kinds = {c.host: (c.kind, c.why) for c in result.changes if c.host}
    assert kinds["B"] == ("dropped", "cancelled")
    assert kinds["E"] == ("added", "free-time")
    assert [v.host for v in result.plan.groups[0].visits] == ["A", "E", "C", "D"]
    assert {h: spans(result)[h] for h in "ACD"} == {h: spans_of(plan)[h] for h in "ACD"}
    added = next(c for c in result.changes if c.kind == "added")
    assert added.relevance == pytest.approx(0.6)
    assert valid(result)


def test_no_host_is_added_that_gains_nothing() -> None:
    problem = small_day(relevance_of_e=0.0)
    result = replan_day(problem, planned(problem), DayChange(600, cancelled=frozenset({"B"})))
    assert [v.host for v in result.plan.groups[0].visits] == ["A", "C", "D"]


def test_a_visit_begun_stays_though_its_host_cancels() -> None:
    problem = small_day()
    plan = planned(problem)
    result = replan_day(problem, plan, DayChange(600, cancelled=frozenset({"A"})))
    assert result.plan.groups == plan.groups


def test_members_who_drop_out_count_no_more_where_they_have_not_been() -> None:
    problem = small_day()
    result = replan_day(
        problem, planned(problem), DayChange(700, unavailable_members=frozenset({"M2"}))
    )
    assert result.problem.relevance[1] == (0.5, 0.45, 0.0, 0.0, 0.0)
    assert result.plan.relevance_total == pytest.approx(0.5 + 0.45 + 0.1 + 0.4 + 0.5 + 0.45)
    assert valid(result)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("now", [570, 660, 750, 840, 930])
def test_every_re_plan_passes_the_verifier(seed: int, now: int) -> None:
    """Cancellations and delays on benchmark days; where a delay leaves no valid rest of a
    group's day (a visit reached so late that lunch or the way back no longer fits), the
    group visits nothing more and only that is found."""
    problem = visit_day(12, seed=seed)
    plan = greedy_plan(problem)
    visited = sorted(v.host for g in plan.groups for v in g.visits)
    for late in (0, 20, 40):
        change = DayChange(now, frozenset(visited[seed % 3 :: 3]), {1: late, 2: late // 2})
        result = replan_day(problem, plan, change)
        assert list(result.findings) == visit_findings(result.problem, result.plan, result.record)
        for finding in result.findings:
            assert finding.kind in {"day", "lunch-window"}
            group = result.plan.groups[(finding.group or 0) - 1]
            assert all(v in result.record.visits for v in group.visits)


def test_time_rest_from_the_opening_is_time_route() -> None:
    problem = visit_day(12, seed=2)
    start = Resume(problem.day.start_site, problem.day.opens, 0)
    for first in range(12):
        for second in range(12):
            route = [first, second, (first + second) % 12]
            if len(set(route)) == 3:
                assert time_rest(problem, start, route, [0, 0, 0]) == time_route(problem, route)


def test_the_verifier_finds_a_changed_past_and_a_new_past() -> None:
    problem = small_day()
    plan = planned(problem)
    first = plan.groups[0].visits[0]
    record = DayRecord(600, (first,), {})
    moved = replace(first, arrive=first.arrive + 5, start=first.start + 5, end=first.end + 5)
    visits = (moved, *plan.groups[0].visits[1:])
    changed = replace(plan, groups=(replace(plan.groups[0], visits=visits),))
    assert "past-changed" in {f.kind for f in visit_findings(problem, changed, record)}
    early = DayRecord(700, (first,), {})
    kinds = {f.kind for f in visit_findings(problem, plan, early)}
    assert kinds == {"past"}
    assert set(DAY_KINDS) == {"past", "past-changed"}


@pytest.mark.parametrize(
    "change",
    [DayChange(600, cancelled=frozenset({"Z"})), DayChange(600, late={3: 10}),
     DayChange(600, late={1: -5}), DayChange(600, unavailable_members=frozenset({"X"}))],
)  # fmt: skip
def test_unknown_names_and_negative_delays_are_refused(change: DayChange) -> None:
    problem = small_day()
    with pytest.raises(ValueError, match=r"unknown|no group|cannot be"):
        replan_day(problem, planned(problem), change)
