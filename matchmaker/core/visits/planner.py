"""The visit planner: members split into groups, interpreters given, routes made, within a
time limit; the plan always passes the verifier (`checks`).

What a group gains at a host depends on who is in it, and whom a group should hold depends
on where it goes, so the search alternates between the two halves, each solved well:
routes for a fixed split on OR-Tools' routing solver (`routing`), and the best split and
interpreters for fixed routes by the Hungarian method (`members`), until neither improves.
It does so from several starting splits (the baseline's round-robin deal, members with
similar interests together), then moves and swaps single members between groups, re-routes
and keeps what is better (a local search over splits), and spends the last part of the
time on guided local search for the routes of the best split. The baseline's plan is the
floor: the planner never returns less."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from matchmaker.core.visits.assignment import Assignment, Routes, make_plan, routes_value
from matchmaker.core.visits.checks import visit_findings
from matchmaker.core.visits.greedy import insert_routes, round_robin
from matchmaker.core.visits.members import best_members, similar_split
from matchmaker.core.visits.routing import route_groups
from matchmaker.core.visits.types import VisitPlan, VisitProblem

POLISH_SHARE = 0.25  # of the time limit, for guided local search on the best split


@dataclass(frozen=True, slots=True)
class _State:
    assignment: Assignment
    routes: Routes
    value: float


class _Search:
    """The search's clock, its best state and its steps."""

    def __init__(self, problem: VisitProblem, time_limit: float, seed: int) -> None:
        self.problem = problem
        self.deadline = time.monotonic() + time_limit
        self.quick = min(0.5, max(0.05, time_limit / 40))
        self.rng = random.Random(seed)  # noqa: S311 (a search, not secrets)
        self.best: _State | None = None
        self.notes: list[str] = []

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def state(self, assignment: Assignment, routes: Routes) -> _State:
        found = _State(assignment, routes, routes_value(self.problem, assignment, routes))
        if self.best is None or found.value > self.best.value + 1e-9:
            self.best = found
        return found

    def route(self, assignment: Assignment, start: Routes, guided: bool = False) -> _State:
        """Routes for the assignment (quick descent, or guided search with the time left
        before the polish's share)."""
        seconds = min(self.quick, max(0.01, self.left())) if not guided else self.left()
        routes = route_groups(self.problem, assignment, seconds, start, guided)
        if routes_value(self.problem, assignment, routes) < routes_value(
            self.problem, assignment, start
        ):  # the solver may come back with less than its start when time runs out
            routes = [list(r) for r in start]
        return self.state(assignment, routes)

    def settle(self, current: _State) -> _State:
        """Alternate: the best members for the routes, then routes for the members, until
        neither gains."""
        while self.left() > 0:
            better = best_members(self.problem, current.routes, current.assignment)
            if better is not None and better[1] > current.value + 1e-9:
                current = self.state(better[0], current.routes)
            rerouted = self.route(current.assignment, current.routes)
            if rerouted.value <= current.value + 1e-9:
                return current
            current = rerouted
        return current

    def neighbour(self, current: _State) -> Assignment:
        """A member moved to another group, or two members of two groups swapped."""
        group_of = list(current.assignment.group_of)
        groups = self.problem.day.groups
        m = self.rng.randrange(len(group_of))
        others = [n for n in range(len(group_of)) if group_of[n] != group_of[m]]
        if others and self.rng.random() < 0.5:
            n = self.rng.choice(others)
            group_of[m], group_of[n] = group_of[n], group_of[m]
        else:
            group_of[m] = self.rng.choice([g for g in range(groups) if g != group_of[m]])
        return Assignment(tuple(group_of), current.assignment.interpreter_of)


def plan_visits(problem: VisitProblem, time_limit: float = 10.0, seed: int = 0) -> VisitPlan:
    """The best plan found within about `time_limit` seconds (see the module's text)."""
    search = _Search(problem, time_limit, seed)
    dealt = round_robin(problem)
    floor = search.state(dealt, insert_routes(problem, dealt))
    if not problem.members or not problem.hosts:
        return _finish(search, floor)
    polish = time_limit * POLISH_SHARE
    for start in (dealt, similar_split(problem, dealt.interpreter_of)):
        if search.left() <= polish:
            break
        first = search.route(start, insert_routes(problem, start))
        search.settle(first)
    moves = kept = 0
    while search.left() > polish and problem.day.groups > 1 and len(problem.members) > 1:
        assert search.best is not None
        current = search.best
        moved = search.neighbour(current)
        trimmed = [[h for h in route if len(moved.members(g)) <= problem.hosts[h].capacity]
                   for g, route in enumerate(current.routes)]  # fmt: skip
        search.settle(search.route(moved, trimmed))
        moves += 1
        kept += search.best is not current
    search.notes.append(f"{moves} member moves tried, {kept} kept")
    best = search.best
    assert best is not None
    if search.left() > 0.05:
        search.route(best.assignment, best.routes, guided=True)
    return _finish(search, floor)


def _finish(search: _Search, floor: _State) -> VisitPlan:
    """The best state's plan; the baseline's, should the best fail the verifier (a bug)."""
    best = search.best or floor
    plan = make_plan(search.problem, best.assignment, best.routes, search.notes)
    if visit_findings(search.problem, plan):
        return make_plan(search.problem, floor.assignment, floor.routes, ["baseline (fallback)"])
    return plan
