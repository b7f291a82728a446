"""The groups' routes for a given assignment of members and interpreters, on OR-Tools'
routing solver: a team orienteering problem with time windows, which is what that solver's
optional nodes, time dimension and breaks are made for.

Vehicles are the groups. What a group gains at a host depends on who is in it, while a
routing solver's penalty for leaving a node out is the same for every vehicle; so each host
is one optional node (a disjunction) with the penalty `P(h) = max_g prize(g, h)`, and
entering it costs vehicle g `P(h) - prize(g, h)` (one arc cost evaluator per vehicle,
`SetArcCostEvaluatorOfVehicle`). A solution then costs `sum_h P(h) - (relevance gained)`,
plus a small travel term that keeps routes short (one unit a minute against 100000 a unit of
relevance). A group larger than the host takes, or one that gains nothing there, may not
visit it (`VehicleVar(index).RemoveValues`). (One node per host and group, each allowed on
one vehicle, all in one disjunction, worked too, but moving a host to another group then
took two moves at once; routes were no better.) The time dimension's transit i -> j is i's
visit plus the travel, waiting is slack; each visit start is limited to its host's windows
(`SetRange`, gaps removed with `RemoveInterval`); lunch is a fixed-length break interval
per vehicle that may not overlap a visit and lengthens the leg it falls in
(`SetBreakIntervalsOfVehicle`), which is the rule `timing.time_route` applies. Search: a
first-solution strategy (or a start: the routes so far), then local search, either to the
first local optimum (quick: tens of milliseconds on 40 hosts) or guided local search until
the time limit."""

from __future__ import annotations

from typing import Any

from ortools.constraint_solver import (  # type: ignore[import-untyped]
    pywrapcp,
    routing_enums_pb2,
)

from matchmaker.core.visits.assignment import Assignment, Routes, prizes
from matchmaker.core.visits.timing import time_route
from matchmaker.core.visits.types import Host, VisitProblem

SCALE = 100_000  # cost units per unit of relevance
TRAVEL_COST = 1  # cost units per minute of travel


def route_groups(
    problem: VisitProblem,
    assignment: Assignment,
    seconds: float,
    start: Routes | None = None,
    guided: bool = True,
    first: str = "PARALLEL_CHEAPEST_INSERTION",
) -> Routes:
    """The best routes the solver finds in `seconds` for the assignment (with `guided`
    False: the first local optimum, usually much sooner; `first`: the solver's first
    solution strategy); every route passes `time_route` (a host the solver placed where the
    timing refuses it is dropped)."""
    table = prizes(problem, assignment)
    candidates = [
        h
        for h, host in enumerate(problem.hosts)
        if _spans(host, problem.day.closes) and max(row[h] for row in table) > 0
    ]
    if not candidates:
        return [[] for _ in range(problem.day.groups)]
    model = _Model(problem, table, candidates)
    routes = model.solve(seconds, start, guided, first)
    return [_timed(problem, route) for route in routes]


def _timed(problem: VisitProblem, route: list[int]) -> list[int]:
    """The route, or its longest feasible prefix should the timing refuse it."""
    while route and time_route(problem, route) is None:
        route = route[:-1]
    return route


class _Model:
    """The routing model of one assignment: node 0 the start, node 1 the end, node 2 + k the
    k-th candidate host."""

    def __init__(self, problem: VisitProblem, table: list[list[float]], hosts: list[int]) -> None:
        self.problem, self.hosts, self.table = problem, hosts, table
        day = problem.day
        groups = day.groups
        sites = [day.start_site, day.end_site, *(problem.hosts[h].site for h in hosts)]
        service = [0, 0, *(problem.hosts[h].duration for h in hosts)]
        best = [max(table[g][h] for g in range(groups)) for h in hosts]
        travel = [[problem.travel[a][b] for b in sites] for a in sites]
        self.manager: Any = pywrapcp.RoutingIndexManager(len(sites), groups, [0] * groups,
                                                         [1] * groups)  # fmt: skip
        self.routing: Any = pywrapcp.RoutingModel(self.manager)
        routing, manager = self.routing, self.manager
        times = routing.RegisterTransitMatrix(
            [[service[i] + travel[i][j] for j in range(len(sites))] for i in range(len(sites))]
        )
        for g in range(groups):
            entry = [0, 0, *(round(SCALE * (best[k] - table[g][h])) for k, h in enumerate(hosts))]
            costs = routing.RegisterTransitMatrix(
                [[TRAVEL_COST * travel[i][j] + entry[j] for j in range(len(sites))]
                 for i in range(len(sites))]
            )  # fmt: skip
            routing.SetArcCostEvaluatorOfVehicle(costs, g)
        routing.AddDimension(times, day.closes - day.opens, day.closes, False, "time")
        self.time: Any = routing.GetDimensionOrDie("time")
        for g in range(groups):
            self.time.CumulVar(routing.Start(g)).SetRange(day.opens, day.closes)
            self.time.CumulVar(routing.End(g)).SetRange(day.opens, day.closes)
        for k, h in enumerate(hosts):
            index = manager.NodeToIndex(2 + k)
            barred = [g for g in range(groups) if table[g][h] <= 0]
            if barred:
                routing.VehicleVar(index).RemoveValues(barred)
            _limit_to_windows(self.time.CumulVar(index), problem.hosts[h], day.closes)
            routing.AddDisjunction([index], round(SCALE * best[k]))
        if day.lunch is not None:
            visit = [service[manager.IndexToNode(i)] for i in range(routing.Size())]
            lunch, solver = day.lunch, routing.solver()
            earliest = max(lunch.earliest, day.opens)
            latest = min(lunch.latest, day.closes) - lunch.minutes
            for g in range(groups):
                brk = solver.FixedDurationIntervalVar(earliest, latest, lunch.minutes, False,
                                                      f"lunch {g}")  # fmt: skip
                self.time.SetBreakIntervalsOfVehicle([brk], g, visit)

    def solve(self, seconds: float, start: Routes | None, guided: bool, first: str) -> Routes:
        """Routes as host indices per group; empty routes when the solver finds nothing."""
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, first)
        meta = routing_enums_pb2.LocalSearchMetaheuristic
        params.local_search_metaheuristic = (
            meta.GUIDED_LOCAL_SEARCH if guided else meta.GREEDY_DESCENT
        )
        params.time_limit.FromMilliseconds(max(10, int(seconds * 1000)))
        solution = None
        if start:
            initial = self.routing.ReadAssignmentFromRoutes(self._indices(start), True)
            if initial is not None:
                solution = self.routing.SolveFromAssignmentWithParameters(initial, params)
        if solution is None:
            solution = self.routing.SolveWithParameters(params)
        if solution is None:
            return [[] for _ in range(self.problem.day.groups)]
        return self._routes(solution)

    def _indices(self, routes: Routes) -> list[list[int]]:
        """A start's routes as the solver's indices, less the hosts a group may not visit."""
        node = {h: 2 + k for k, h in enumerate(self.hosts)}
        return [
            [self.manager.NodeToIndex(node[h]) for h in route if h in node and self.table[g][h] > 0]
            for g, route in enumerate(routes)
        ]

    def _routes(self, solution: Any) -> Routes:
        """The solution's routes as host indices, in visiting order."""
        routes: Routes = []
        for g in range(self.problem.day.groups):
            route: list[int] = []
            index = self.routing.Start(g)
            while True:
                index = solution.Value(self.routing.NextVar(index))
                if self.routing.IsEnd(index):
                    break
                route.append(self.hosts[self.manager.IndexToNode(index) - 2])
            routes.append(route)
        return routes


def _spans(host: Host, closes: int) -> list[tuple[int, int]]:
    """The ranges of a visit's start that keep the whole visit inside one of the host's
    windows and the day, sorted."""
    return sorted(
        (w.start, min(w.end, closes) - host.duration)
        for w in host.windows
        if w.start <= min(w.end, closes) - host.duration
    )


def _limit_to_windows(cumul: Any, host: Host, closes: int) -> None:
    """The visit start of a copy: inside one of the host's windows with the whole visit."""
    spans = _spans(host, closes)
    cumul.SetRange(spans[0][0], max(end for _, end in spans))
    reach = spans[0][1]
    for begin, end in spans[1:]:
        if begin > reach + 1:
            cumul.RemoveInterval(reach + 1, begin - 1)
        reach = max(reach, end)
