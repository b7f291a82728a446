"""The baseline: what a careful person with a spreadsheet would do.

Members are dealt to the groups round-robin, the one with the most relevance in total first
(so that every group gets some of the most interested members); each group in turn takes
the free interpreter who opens the most relevance to it. Then routes grow by insertion: at
each step, over all groups, hosts and positions, the feasible insertion (checked by
`timing.time_route`, capacity respected) with the best ratio of relevance gained to minutes
added (the host's visit plus the detour) is made, until none is left. Deterministic."""

from __future__ import annotations

from collections.abc import Sequence

from matchmaker.core.visits.assignment import Assignment, Routes, make_plan, prizes
from matchmaker.core.visits.timing import time_route
from matchmaker.core.visits.types import VisitPlan, VisitProblem


def round_robin(problem: VisitProblem) -> Assignment:
    """Members dealt round-robin by descending total relevance; interpreters given to the
    groups in turn, each the free one that opens the most relevance."""
    groups = problem.day.groups
    order = sorted(
        range(len(problem.members)), key=lambda m: (-sum(problem.relevance[m]), m)
    )  # fmt: skip
    group_of = [0] * len(problem.members)
    for rank, m in enumerate(order):
        group_of[m] = rank % groups
    interpreter_of: list[int | None] = [None] * groups
    free = set(range(len(problem.interpreters)))
    for g in range(groups):
        members = [m for m, mine in enumerate(group_of) if mine == g]
        best, best_gain = None, _opened(problem, members, None)
        for i in sorted(free):
            gain = _opened(problem, members, i)
            if gain > best_gain + 1e-9:
                best, best_gain = i, gain
        if best is not None:
            interpreter_of[g] = best
            free.discard(best)
    return Assignment(tuple(group_of), tuple(interpreter_of))


def _opened(problem: VisitProblem, members: list[int], interpreter: int | None) -> float:
    """The relevance of all hosts to the members that the interpreter lets them use."""
    who = None if interpreter is None else problem.interpreters[interpreter]
    return sum(problem.prize(members, h, who) for h in range(len(problem.hosts)))


def insert_routes(
    problem: VisitProblem, assignment: Assignment, routes: Sequence[Sequence[int]] = ()
) -> Routes:
    """Routes grown by best-ratio insertion (relevance per added minute) from `routes` (or
    empty ones) until no host can be added."""
    table = prizes(problem, assignment)
    current = [list(r) for r in routes] or [[] for _ in range(problem.day.groups)]
    used = {h for route in current for h in route}
    while True:
        best: tuple[float, int, int, int] | None = None  # ratio, group, position, host
        for g, route in enumerate(current):
            for h in range(len(problem.hosts)):
                if h in used or table[g][h] <= 0:
                    continue
                for position in range(len(route) + 1):
                    added = _added_minutes(problem, route, position, h)
                    ratio = table[g][h] / max(added, 1)
                    if best is not None and ratio <= best[0]:
                        continue
                    candidate = [*route[:position], h, *route[position:]]
                    if time_route(problem, candidate) is not None:
                        best = (ratio, g, position, h)
        if best is None:
            return current
        _, g, position, h = best
        current[g].insert(position, h)
        used.add(h)


def _added_minutes(problem: VisitProblem, route: Sequence[int], position: int, host: int) -> int:
    """The minutes a host adds at the position: its visit and the detour to it."""
    day = problem.day
    sites = [day.start_site, *(problem.hosts[h].site for h in route), day.end_site]
    a, b, c = sites[position], problem.hosts[host].site, sites[position + 1]
    travel = problem.travel
    return problem.hosts[host].duration + travel[a][b] + travel[b][c] - travel[a][c]


def greedy_plan(problem: VisitProblem) -> VisitPlan:
    """The baseline plan: round-robin split, best-ratio insertion."""
    assignment = round_robin(problem)
    return make_plan(problem, assignment, insert_routes(problem, assignment), ("greedy",))
