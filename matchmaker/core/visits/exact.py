"""The proven optimum of a small visit day (up to about 12 hosts, 2 groups and 12 members) on
CP-SAT, to measure the planner against; larger days are refused.

Model: `x[m, g]` member m in group g (exactly one), `y[h, g]` group g visits host h (at most
one group), `z[i, g]` interpreter i with group g (at most one each way); `p[m, h, g] <=
x[m, g], y[h, g]` and, when m and h share no language, `<= sum of z[i, g]` over the
interpreters who speak for both; maximise `sum relevance[m][h] * p[m, h, g]` (relevance in
units of 1/10000, so the optimum is exact up to that rounding). Capacity: `y[h, g]` implies
the group's size is at most the host's. Each group's route is an `AddCircuit` over the
depot and the hosts, a host left out by its self-loop `not y[h, g]`, the empty route by the
depot's self-loop. `s[h]` is the visit start, its domain the host's windows (the whole
visit inside one); an arc p -> q implies `s[q] >= end(p) + travel(p, q)`, from the depot
`end = opening`, into it `s = back <= close`. One arc per group carries the lunch: that arc
needs travel + lunch, and the lunch (inside its window) starts after end(p) and ends before
s[q]: the rule of `timing.time_route`. Redundant constraints tighten the bound: the
visits of a group, and those a member gains at, each with its shortest leg in, fit into the
day with lunch; at most capacity(h) members gain at h. The first member is put in the first
group, as the groups are interchangeable. The search starts from the baseline's plan (a
hint; it does not change what is proven)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise, product

from ortools.sat.python import cp_model

from matchmaker.core.visits.assignment import Assignment, Routes, make_plan
from matchmaker.core.visits.greedy import insert_routes, round_robin
from matchmaker.core.visits.types import VisitPlan, VisitProblem

WEIGHT = 10_000  # objective units per unit of relevance


@dataclass(frozen=True, slots=True)
class ExactResult:
    """The best plan found, whether it is proven optimal, and the bound on the relevance."""

    plan: VisitPlan
    optimal: bool
    bound: float


def exact_plan(problem: VisitProblem, seconds: float = 60.0, workers: int = 2) -> ExactResult:
    """The optimum plan (proven when `optimal`) of a small day; ValueError on larger ones."""
    if len(problem.hosts) > 14 or problem.day.groups > 3 or len(problem.members) > 14:
        raise ValueError("the exact model is for days of up to 14 hosts, 3 groups, 14 members")
    built = _Built(problem)
    dealt = round_robin(problem)
    built.hint(dealt, insert_routes(problem, dealt))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise ValueError("no plan found in time (an empty plan always exists: a solver limit)")
    assignment, routes = built.read(solver)
    plan = make_plan(problem, assignment, routes, ("exact (CP-SAT)",))
    return ExactResult(plan, status == cp_model.OPTIMAL, solver.best_objective_bound / WEIGHT)


class _Built:
    """The CP-SAT model of a day and the variables the answer is read from."""

    def __init__(self, problem: VisitProblem) -> None:
        self.problem = problem
        self.model = model = cp_model.CpModel()
        members, hosts = range(len(problem.members)), range(len(problem.hosts))
        groups, speakers = range(problem.day.groups), range(len(problem.interpreters))
        self.x = {(m, g): model.new_bool_var(f"x{m},{g}") for m in members for g in groups}
        self.y = {(h, g): model.new_bool_var(f"y{h},{g}") for h in hosts for g in groups}
        self.z = {(i, g): model.new_bool_var(f"z{i},{g}") for i in speakers for g in groups}
        for m in members:
            model.add_exactly_one(self.x[m, g] for g in groups)
        if len(problem.members) > 0:
            model.add(self.x[0, 0] == 1)
        for h in hosts:
            model.add_at_most_one(self.y[h, g] for g in groups)
        for g in groups:
            model.add_at_most_one(self.z[i, g] for i in speakers)
            size = sum(self.x[m, g] for m in members)
            for h in hosts:
                model.add(size <= problem.hosts[h].capacity).only_enforce_if(self.y[h, g])
        for i in speakers:
            model.add_at_most_one(self.z[i, g] for g in groups)
        self._objective()
        starts = [self._start_var(h) for h in hosts]
        self.arcs: dict[int, list[tuple[int, int, cp_model.LiteralT]]] = {}
        self.empty: dict[int, cp_model.IntVar] = {}
        for g in groups:
            self._route(g, starts)
            self._time_budget(g)

    def _objective(self) -> None:
        """The gain literals and the total relevance to maximise."""
        problem, model = self.problem, self.model
        terms: list[cp_model.LinearExprT] = []
        self.gains: dict[tuple[int, int, int], cp_model.IntVar] = {}
        groups = range(problem.day.groups)
        for m, h in product(range(len(problem.members)), range(len(problem.hosts))):
            weight = round(WEIGHT * problem.relevance[m][h])
            if weight <= 0:
                continue
            direct = problem.communicates(m, h, None)
            helpers = [i for i, who in enumerate(problem.interpreters)
                       if problem.communicates(m, h, who)]  # fmt: skip
            if not direct and not helpers:
                continue
            for g in groups:
                gain = model.new_bool_var(f"p{m},{h},{g}")
                model.add_implication(gain, self.x[m, g])
                model.add_implication(gain, self.y[h, g])
                if not direct:
                    model.add_bool_or([self.z[i, g] for i in helpers]).only_enforce_if(gain)
                terms.append(weight * gain)
                self.gains[m, h, g] = gain
        model.maximize(sum(terms))

    def _start_var(self, h: int) -> cp_model.IntVar:
        """The visit start of host h, within its windows (whole visit inside one, and the
        day); a host with no such start is never visited."""
        host, day = self.problem.hosts[h], self.problem.day
        spans = [
            [max(w.start, day.opens), min(w.end, day.closes) - host.duration]
            for w in host.windows
            if max(w.start, day.opens) <= min(w.end, day.closes) - host.duration
        ]
        if not spans:
            for g in range(day.groups):
                self.model.add(self.y[h, g] == 0)
            spans = [[day.opens, day.opens]]
        return self.model.new_int_var_from_domain(cp_model.Domain.from_intervals(spans), f"s{h}")

    def _route(self, g: int, starts: list[cp_model.IntVar]) -> None:
        """Group g's circuit with its times and its lunch."""
        problem, model, day = self.problem, self.model, self.problem.day
        lunch = day.lunch
        back = model.new_int_var(day.opens, day.closes, f"back{g}")
        eat = None
        if lunch is not None:
            first = max(lunch.earliest, day.opens)
            eat = model.new_int_var(first, min(lunch.latest, day.closes) - lunch.minutes, "")
        n = len(problem.hosts)
        site = [day.start_site, *(h.site for h in problem.hosts)]
        arcs: list[tuple[int, int, cp_model.LiteralT]] = []
        lunch_arcs: list[cp_model.IntVar] = []
        empty = model.new_bool_var(f"empty{g}")
        self.empty[g] = empty
        arcs.append((0, 0, empty))
        for h in range(n):
            arcs.append((h + 1, h + 1, ~self.y[h, g]))
            model.add_implication(empty, ~self.y[h, g])
        for p, q in product(range(n + 1), repeat=2):
            if p == q and p != 0:
                continue
            arc = empty if p == q else model.new_bool_var(f"a{g},{p},{q}")
            if p != q:
                arcs.append((p, q, arc))
            leaves = day.opens if p == 0 else starts[p - 1] + problem.hosts[p - 1].duration
            reaches = back if q == 0 else starts[q - 1]
            travel = problem.travel[site[p]][site[q] if q else day.end_site]
            model.add(reaches >= leaves + travel).only_enforce_if(arc)
            if lunch is None or eat is None:
                continue
            with_lunch = model.new_bool_var("")
            model.add_implication(with_lunch, arc)
            model.add(reaches >= leaves + travel + lunch.minutes).only_enforce_if(with_lunch)
            model.add(eat >= leaves).only_enforce_if(with_lunch)
            model.add(eat + lunch.minutes <= reaches).only_enforce_if(with_lunch)
            lunch_arcs.append(with_lunch)
        model.add_circuit(arcs)
        if lunch_arcs:
            model.add_exactly_one(lunch_arcs)
        self.arcs[g] = [(p, q, lit) for p, q, lit in arcs if p != q]

    def _time_budget(self, g: int) -> None:
        """Redundant, for a tighter bound: the visits of a group, each with the shortest leg
        into it, and the lunch fit into the day; so do the visits a member gains at; no more
        members gain at a host than it takes."""
        problem, day = self.problem, self.problem.day
        sites = [day.start_site, *(h.site for h in problem.hosts)]
        need = []
        for h, host in enumerate(problem.hosts):
            into = min(problem.travel[a][host.site] for i, a in enumerate(sites) if i != h + 1)
            need.append(host.duration + into)
        lunch = day.lunch.minutes if day.lunch else 0
        budget = day.closes - day.opens - lunch
        self.model.add(sum(need[h] * self.y[h, g] for h in range(len(need))) <= budget)
        for m in range(len(problem.members)):
            mine = [(h, gain) for (who, h, group), gain in self.gains.items()
                    if who == m and group == g]  # fmt: skip
            if mine:
                used = sum(need[h] * gain for h, gain in mine)
                self.model.add(used <= budget * self.x[m, g])
        for h, host in enumerate(problem.hosts):
            gaining = [gain for (_, at, group), gain in self.gains.items()
                       if at == h and group == g]  # fmt: skip
            if len(gaining) > host.capacity:
                self.model.add(sum(gaining) <= host.capacity * self.y[h, g])

    def hint(self, assignment: Assignment, routes: Routes) -> None:
        """Start the search from a plan (the baseline's): its members, interpreters, hosts
        and arcs."""
        model = self.model
        for (m, g), var in self.x.items():
            model.add_hint(var, assignment.group_of[m] == g)
        for (i, g), var in self.z.items():
            model.add_hint(var, assignment.interpreter_of[g] == i)
        for (h, g), var in self.y.items():
            model.add_hint(var, h in routes[g])
        for g, route in enumerate(routes):
            nodes = [0, *(h + 1 for h in route), 0]
            used = set(pairwise(nodes))
            model.add_hint(self.empty[g], not route)
            for p, q, literal in self.arcs[g]:
                if isinstance(literal, cp_model.IntVar):
                    model.add_hint(literal, (p, q) in used)

    def read(self, solver: cp_model.CpSolver) -> tuple[Assignment, list[list[int]]]:
        """The assignment and the routes (host indices in visiting order) of the solution."""
        problem = self.problem
        groups = range(problem.day.groups)
        group_of = tuple(
            next(g for g in groups if solver.boolean_value(self.x[m, g]))
            for m in range(len(problem.members))
        )
        interpreter_of = tuple(
            next((i for i in range(len(problem.interpreters))
                  if solver.boolean_value(self.z[i, g])), None)
            for g in groups
        )  # fmt: skip
        routes: list[list[int]] = []
        for g in groups:
            following = {p: q for p, q, lit in self.arcs[g] if solver.boolean_value(lit)}
            route, node = [], following.get(0, 0)
            while node != 0:
                route.append(node - 1)
                node = following[node]
            routes.append(route)
        return Assignment(group_of, interpreter_of), routes
