"""The visit planner: members split into groups, interpreters given, routes made, within a
time limit; the plan always passes the verifier (`checks`).

What a group gains at a host depends on who is in it, and whom a group should hold depends
on where it goes, so the search alternates between the two halves, each solved well:
routes for a fixed split on OR-Tools' routing solver (`routing`), and the best split and
interpreters for fixed routes by the Hungarian method (`members`), until neither improves.
Routes for a split are the best of a few quick solver runs (three first-solution strategies,
then local search to its first local optimum, plus one run from the current routes), each
extended by insertion where a host still fits: tens of milliseconds each on 40 hosts, so
that hundreds of splits can be tried. The alternation starts from several splits (the
baseline's round-robin deal; members with similar interests together, in even groups and
in groups as large as a host takes, `members.start_splits`); then single members
are moved and pairs swapped between groups (in a seeded random order), each change routed
quickly and, when that already gains, settled and kept, until no change helps; then up to
`MAX_KICKS` times a few random changes to the best split and the same descent from there.
The last quarter of the time goes to guided local search on the routes of the best split
(and a last settling). The baseline's plan is the floor: the planner never returns less."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from matchmaker.core.visits.assignment import (
    Assignment,
    Routes,
    make_plan,
    prizes,
    routes_value,
)
from matchmaker.core.visits.checks import visit_findings
from matchmaker.core.visits.greedy import insert_routes, round_robin
from matchmaker.core.visits.members import best_members, start_splits
from matchmaker.core.visits.routing import route_groups
from matchmaker.core.visits.types import VisitPlan, VisitProblem

STRATEGIES = ("PARALLEL_CHEAPEST_INSERTION", "GLOBAL_CHEAPEST_ARC", "LOCAL_CHEAPEST_INSERTION")
MAX_KICKS = 20  # random restarts of the member search from the best split
POLISH_SHARE = 0.25  # of the time limit, for guided local search on the best split at the end


@dataclass(frozen=True, slots=True)
class _State:
    """A split, its routes and the relevance they gain."""

    assignment: Assignment
    routes: Routes
    value: float


class _Search:
    """The search's clock, its best state and its steps."""

    def __init__(self, problem: VisitProblem, time_limit: float, seed: int) -> None:
        self.problem = problem
        # A margin for the last steps (building the plan, the verifier) after the deadline.
        self.end = time.monotonic() + 0.97 * time_limit - 0.05
        self.deadline = self.end - POLISH_SHARE * time_limit
        self.rng = random.Random(seed)  # noqa: S311 (a search, not secrets)
        self.best: _State | None = None
        self.routed = self.tried = self.kept = 0

    def left(self) -> float:
        """Seconds to the deadline (negative when past)."""
        return self.deadline - time.monotonic()

    def state(self, assignment: Assignment, routes: Routes) -> _State:
        """The state of a split and routes, remembered when it is the best so far."""
        found = _State(assignment, routes, routes_value(self.problem, assignment, routes))
        if self.best is None or found.value > self.best.value + 1e-9:
            self.best = found
        return found

    def route(self, assignment: Assignment, start: Routes, runs: int = 4) -> _State:
        """The best routes for the assignment of `start` (less the hosts the group may not
        visit or gains nothing at) and of the first `runs` quick solver runs (from `start`,
        then from each first-solution strategy), each extended by insertion where a host
        still fits."""
        problem = self.problem
        table = prizes(problem, assignment)
        kept = [[h for h in route if table[g][h] > 0] for g, route in enumerate(start)]
        best = self.state(assignment, insert_routes(problem, assignment, kept))
        for first in (None, *STRATEGIES)[:runs]:
            seconds = min(0.5, self.left())
            if seconds <= 0:
                break
            warm = best.routes if first is None else None
            routes = route_groups(problem, assignment, seconds, warm, False, first or STRATEGIES[0])
            self.routed += 1
            found = self.state(assignment, insert_routes(problem, assignment, routes))
            if found.value > best.value + 1e-9:
                best = found
        return best

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

    def neighbours(self, current: Assignment) -> list[Assignment]:
        """Every split one member's move or one swap of two members away, shuffled."""
        group_of = current.group_of
        found: list[Assignment] = []
        for m, mine in enumerate(group_of):
            for g in range(self.problem.day.groups):
                if g != mine:
                    moved = (*group_of[:m], g, *group_of[m + 1 :])
                    found.append(Assignment(moved, current.interpreter_of))
            for n in range(m + 1, len(group_of)):
                if group_of[n] != mine:
                    swapped = list(group_of)
                    swapped[m], swapped[n] = group_of[n], mine
                    found.append(Assignment(tuple(swapped), current.interpreter_of))
        self.rng.shuffle(found)
        return found

    def descend(self, current: _State) -> _State:
        """Moves and swaps from the state until none helps or time is up: each neighbour
        is routed quickly (from the current routes and one strategy), and settled when that
        already beats the current state."""
        improved = True
        while improved and self.left() > 0:
            improved = False
            for neighbour in self.neighbours(current.assignment):
                if self.left() <= 0:
                    break
                self.tried += 1
                quick = self.route(neighbour, current.routes, runs=2)
                if quick.value > current.value + 1e-9:
                    current = self.settle(quick)
                    self.kept += 1
                    improved = True
                    break
        return current

    def kick(self, state: _State, moves: int = 0) -> _State:
        """The state with a few random members moved or swapped (`moves`, or two to four),
        routed and settled."""
        assignment = state.assignment
        for _ in range(moves or self.rng.randint(2, 4)):
            assignment = self.rng.choice(self.neighbours(assignment))
        return self.settle(self.route(assignment, state.routes))


def plan_visits(problem: VisitProblem, time_limit: float = 10.0, seed: int = 0) -> VisitPlan:
    """The best plan found within `time_limit` seconds (see the module's text)."""
    search = _Search(problem, time_limit, seed)
    dealt = round_robin(problem)
    floor = search.state(dealt, insert_routes(problem, dealt))
    if not problem.members or not problem.hosts:
        return _finish(search, floor, [])
    for start in (dealt, *start_splits(problem, dealt.interpreter_of)):
        if search.left() > 0:
            search.settle(search.route(start, []))
    kicks = 0
    if problem.day.groups > 1 and len(problem.members) > 1 and search.best is not None:
        search.descend(search.best)
        while search.left() > 0 and kicks < MAX_KICKS:
            search.descend(search.kick(search.best))
            kicks += 1
    notes = [f"{search.tried} member moves tried, {search.kept} kept, {kicks} kicks; "
             f"{search.routed} routing runs"]  # fmt: skip
    search.deadline = search.end
    if POLISH_SHARE > 0 and search.best is not None and search.left() > 0.05:
        best = search.best
        seconds = min(search.left(), POLISH_SHARE * time_limit)
        routes = route_groups(problem, best.assignment, seconds, best.routes, True)
        routes = insert_routes(problem, best.assignment, routes)
        search.settle(search.state(best.assignment, routes))
        notes.append(f"guided local search: {search.best.value - best.value:+.3f}")
    return _finish(search, floor, notes)


def _finish(search: _Search, floor: _State, notes: list[str]) -> VisitPlan:
    """The best state's plan; the baseline's, should the best fail the verifier (a bug)."""
    best = search.best or floor
    plan = make_plan(search.problem, best.assignment, best.routes, notes)
    if visit_findings(search.problem, plan):
        return make_plan(search.problem, floor.assignment, floor.routes, ["baseline (fallback)"])
    return plan
