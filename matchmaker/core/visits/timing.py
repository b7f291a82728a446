"""When a group's route can take place: the earliest times of its visits and where its lunch
fits, or None when the route cannot be made within the day.

A route is a sequence of host indices. The group leaves the start site at the day's opening,
drives to each host (travel minutes of the day's matrix), waits if early, and starts each
visit at the earliest moment that fits the whole visit into one of the host's windows;
after the last visit it drives to the end site, where it must be by the day's close.

Lunch lies in one of the route's legs (before the first visit, between two visits, or after
the last): a leg with lunch takes its travel plus the lunch, and the lunch starts no earlier
than the end of the visit before (the group eats on the way, or at the next host before its
visit). Starting everything as early as possible is never worse for the stops after it, so
for each leg the earliest lunch is tried and the leg that brings the group back earliest is
kept: an exact feasibility test, which the greedy, the planner and the routing solver's
results all go through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matchmaker.core.visits.types import Host, VisitProblem


@dataclass(frozen=True, slots=True)
class RouteTiming:
    """The times of a feasible route: per visit the arrival and the start (the end is start +
    duration), the lunch break (None without one) and when the group is back at the end."""

    arrive: tuple[int, ...]
    start: tuple[int, ...]
    lunch: tuple[int, int] | None
    back: int


def earliest_start(host: Host, ready: int) -> int | None:
    """The earliest start at or after `ready` of a visit that fits into one of the host's
    windows, or None if there is none."""
    best: int | None = None
    for window in host.windows:
        start = max(ready, window.start)
        if start + host.duration <= window.end and (best is None or start < best):
            best = start
    return best


def time_route(problem: VisitProblem, route: Sequence[int]) -> RouteTiming | None:
    """The earliest timing of the route with its lunch in the best leg, or None when the
    route cannot be made (a window missed, no room for lunch, back too late)."""
    day = problem.day
    sites = [day.start_site, *(problem.hosts[h].site for h in route), day.end_site]
    # Without lunch: free-at times after each stop (index 0: the start, at the opening).
    free = [day.opens]
    arrive: list[int] = []
    start: list[int] = []
    for k, h in enumerate(route):
        arrive.append(free[k] + problem.travel[sites[k]][sites[k + 1]])
        begin = earliest_start(problem.hosts[h], arrive[-1])
        if begin is None:
            return None
        start.append(begin)
        free.append(begin + problem.hosts[h].duration)
    if day.lunch is None:
        back = free[-1] + problem.travel[sites[-2]][sites[-1]]
        if back > day.closes:
            return None
        return RouteTiming(tuple(arrive), tuple(start), None, back)
    best: RouteTiming | None = None
    for leg in range(len(route) + 1):
        timing = _with_lunch_in(problem, route, sites, leg, (free, arrive, start))
        if timing is not None and (best is None or timing.back < best.back):
            best = timing
    return best


def _with_lunch_in(
    problem: VisitProblem,
    route: Sequence[int],
    sites: list[int],
    leg: int,
    before: tuple[list[int], list[int], list[int]],
) -> RouteTiming | None:
    """The earliest timing with lunch in the given leg (0: before the first visit), from
    the times without lunch up to that leg."""
    day = problem.day
    lunch = day.lunch
    assert lunch is not None
    free_at, arrive_at, start_at = before
    free = free_at[leg]
    begins = max(free, lunch.earliest, day.opens)
    if begins + lunch.minutes > min(lunch.latest, day.closes):
        return None
    arrive, start = list(arrive_at[:leg]), list(start_at[:leg])
    travel = problem.travel[sites[leg]][sites[leg + 1]]
    # Arriving before lunch starts: eat at the next place; otherwise eat on the way.
    reached = free + travel if free + travel <= begins else free + travel + lunch.minutes
    ready = max(free + travel + lunch.minutes, begins + lunch.minutes)
    for k in range(leg, len(route)):
        host = problem.hosts[route[k]]
        if k > leg:
            reached = ready = free + problem.travel[sites[k]][sites[k + 1]]
        begin = earliest_start(host, ready)
        if begin is None:
            return None
        arrive.append(reached)
        start.append(begin)
        free = begin + host.duration
    back = ready if leg == len(route) else free + problem.travel[sites[-2]][sites[-1]]
    if back > day.closes:
        return None
    return RouteTiming(tuple(arrive), tuple(start), (begins, begins + lunch.minutes), back)
