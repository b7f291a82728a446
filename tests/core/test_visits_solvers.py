"""The visit solvers: on hand-made tiny days the exact optimum is the value worked out by hand,
the baseline, the planner and the exact model give plans the verifier accepts, windows,
capacity, lunch and interpreters are kept, and the planner reaches the proven optimum of
small seeded days. Solver limits are short; no test asserts on time."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from benchmarks.visit_instances import visit_day
from matchmaker.core.visits.checks import visit_findings
from matchmaker.core.visits.exact import exact_plan
from matchmaker.core.visits.greedy import greedy_plan
from matchmaker.core.visits.members import start_splits
from matchmaker.core.visits.planner import plan_visits
from matchmaker.core.visits.types import (
    Host,
    Interpreter,
    Lunch,
    Member,
    VisitDay,
    VisitPlan,
    VisitProblem,
    Window,
)

WHOLE_DAY = (Window(9 * 60, 17 * 60),)


def day(
    hosts: Sequence[Host],
    relevance: Sequence[Sequence[float]],
    languages: Sequence[tuple[str, ...]] = (),
    groups: int = 1,
    closes: int = 17 * 60,
    lunch: Lunch | None = None,
    interpreters: tuple[Interpreter, ...] = (),
) -> VisitProblem:
    """A day at a hotel (site 0) with every two places 10 minutes apart; one member a row."""
    sites = len(hosts) + 1
    travel = tuple(tuple(0 if a == b else 10 for b in range(sites)) for a in range(sites))
    members = tuple(
        Member(f"M{m + 1}", languages[m] if languages else ()) for m in range(len(relevance))
    )
    frame = VisitDay(0, 0, 9 * 60, closes, groups=groups, lunch=lunch)
    rows = tuple(tuple(row) for row in relevance)
    return VisitProblem(tuple(hosts), members, rows, travel, frame, interpreters)


def host(name: str, site: int, minutes: int = 60, capacity: int = 20, **kw: object) -> Host:
    windows = kw.get("windows", WHOLE_DAY)
    languages = kw.get("languages", ())
    return Host(name, site, capacity, minutes, windows, languages)  # type: ignore[arg-type]


def visited(plan: VisitPlan) -> set[str]:
    return {v.host for g in plan.groups for v in g.visits}


def solvers(problem: VisitProblem) -> list[VisitPlan]:
    """The plans of the three solvers, each accepted by the verifier."""
    exact = exact_plan(problem, seconds=2.0, workers=1)
    assert exact.optimal
    plans = [greedy_plan(problem), plan_visits(problem, time_limit=0.5), exact.plan]
    for plan in plans:
        assert visit_findings(problem, plan) == [], plan.notes
    return plans


def test_only_one_of_two_hosts_with_the_same_hour_fits() -> None:
    """A and B can only be visited 10:00-11:00; C any time: B (4) and C (1)."""
    hour = (Window(10 * 60, 11 * 60),)
    hosts = [host("A", 1, windows=hour), host("B", 2, windows=hour), host("C", 3)]
    problem = day(hosts, [[1.0, 2.0, 0.5], [1.0, 2.0, 0.5]])
    _, planned, exact = solvers(problem)
    assert exact.relevance_total == pytest.approx(5.0)
    assert planned.relevance_total == pytest.approx(5.0)
    assert visited(exact) == {"B", "C"}


@pytest.mark.parametrize(("groups", "optimum"), [(1, 3.0), (2, 12.0)])
def test_a_group_larger_than_a_host_takes_does_not_go(groups: int, optimum: float) -> None:
    """A takes 2 visitors (5 for each), B takes 3 (1 for each), three members: one group
    can only go to B; two groups put two members in one group that sees A and B."""
    hosts = [host("A", 1, capacity=2), host("B", 2, capacity=3)]
    problem = day(hosts, [[5.0, 1.0]] * 3, groups=groups)
    plans = solvers(problem)
    for plan in plans:
        for g in plan.groups:
            assert "A" not in {v.host for v in g.visits} or len(g.members) <= 2
    assert [p.relevance_total for p in plans[1:]] == pytest.approx([optimum, optimum])


@pytest.mark.parametrize(("lunch", "optimum"), [(None, 3.0), (Lunch(11 * 60, 13 * 60, 60), 2.0)])
def test_lunch_takes_the_time_of_a_visit(lunch: Lunch | None, optimum: float) -> None:
    """Five hours, three visits of 80 minutes and four legs of 10 fit (280 minutes); with
    an hour of lunch (340) only two do."""
    hosts = [host(name, site, minutes=80) for site, name in enumerate("ABC", start=1)]
    problem = day(hosts, [[1.0, 1.0, 1.0]], closes=14 * 60, lunch=lunch)
    plans = solvers(problem)
    assert [p.relevance_total for p in plans[1:]] == pytest.approx([optimum, optimum])
    if lunch is not None:
        for plan in plans:
            (group,) = plan.groups
            assert group.lunch is not None
            assert lunch.earliest <= group.lunch[0] < group.lunch[1] <= lunch.latest


@pytest.mark.parametrize(("interpreters", "optimum"), [(0, 0.0), (1, 4.0), (2, 8.0)])
def test_an_interpreter_opens_the_hosts_whose_language_a_member_lacks(
    interpreters: int, optimum: float
) -> None:
    """Four Russian-only members, four German hosts taking two visitors each, time for two
    visits a group: each group gains only with an interpreter (one a group at most)."""
    hosts = [host(name, site, capacity=2, languages=("de",))
             for site, name in enumerate("ABCD", start=1)]  # fmt: skip
    speakers = tuple(Interpreter(f"I{i}", ("ru", "de")) for i in range(interpreters))
    problem = day(hosts, [[1.0] * 4] * 4, [("ru",)] * 4, groups=2, closes=11 * 60 + 30,
                  interpreters=speakers)  # fmt: skip
    greedy, planned, exact = solvers(problem)
    assert exact.relevance_total == pytest.approx(optimum)
    assert planned.relevance_total == pytest.approx(optimum)
    for plan in (greedy, planned, exact):
        helped = [g.interpreter for g in plan.groups if g.interpreter]
        assert len(helped) == len(set(helped))


def test_visits_keep_to_the_hosts_windows() -> None:
    """B opens only in the afternoon, A only in the morning: both are visited, A first."""
    hosts = [
        host("A", 1, windows=(Window(9 * 60, 11 * 60),)),
        host("B", 2, windows=(Window(14 * 60, 15 * 60),)),
    ]
    problem = day(hosts, [[1.0, 1.0]])
    for plan in solvers(problem):
        (group,) = plan.groups
        assert [v.host for v in group.visits] == ["A", "B"]
        assert group.visits[1].start >= 14 * 60


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_planner_reaches_the_optimum_of_small_seeded_days(seed: int) -> None:
    problem = visit_day(7, members=6, seed=seed)
    exact = exact_plan(problem, seconds=2.0, workers=1)
    planned = plan_visits(problem, time_limit=1.0)
    assert exact.optimal
    assert visit_findings(problem, exact.plan) == []
    assert visit_findings(problem, planned) == []
    assert planned.relevance_total == pytest.approx(exact.plan.relevance_total, abs=1e-3)
    assert planned.relevance_total >= greedy_plan(problem).relevance_total - 1e-9


def test_the_plans_of_a_40_host_day_pass_the_verifier() -> None:
    problem = visit_day(40, seed=1)
    for plan in (greedy_plan(problem), plan_visits(problem, time_limit=1.0)):
        assert visit_findings(problem, plan) == []
        assert sorted(m for g in plan.groups for m in g.members) == [m.id for m in problem.members]


def test_the_exact_model_refuses_large_days() -> None:
    with pytest.raises(ValueError, match="up to 14 hosts"):
        exact_plan(visit_day(40, seed=1))


def test_the_planner_starts_from_splits_shaped_by_the_hosts_capacities() -> None:
    """Seed 6 (a small day): the optimum puts four members of one interest cluster into a
    group that fits a host taking four; an even split (6 and 5) cannot go there."""
    problem = visit_day(12, seed=6)
    splits = start_splits(problem, (None, None))
    shapes = [tuple(split.sizes()) for split in splits]
    assert sorted(shapes[0]) == [5, 6]  # as even as it goes
    assert {(4, 7), (7, 4)} <= set(shapes)
    assert len(set(splits)) == len(splits)
    assert all(len(split.group_of) == len(problem.members) for split in splits)


@pytest.mark.parametrize(
    ("hosts", "groups"),
    [(0, 2), (3, 3), (3, 1)],
    ids=["no hosts", "more groups than members", "one group"],
)
def test_edge_days_give_valid_plans(hosts: int, groups: int) -> None:
    problem = day([host(f"H{h}", h + 1) for h in range(hosts)], [[1.0] * hosts] * 2,
                  groups=groups, lunch=Lunch(11 * 60, 14 * 60, 60))  # fmt: skip
    greedy, planned = greedy_plan(problem), plan_visits(problem, time_limit=0.5)
    for plan in (greedy, planned):
        assert visit_findings(problem, plan) == []
        assert all(g.lunch is not None for g in plan.groups)
    # Both members in one group see every host; the baseline deals them to two groups.
    assert planned.relevance_total == pytest.approx(2.0 * hosts)
