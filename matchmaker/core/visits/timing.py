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


@dataclass(frozen=True, slots=True)
class Resume:
    """Where and when a group goes on from when the rest of its day is re-planned (`replan`):
    at `site`, free from `free` (the end of its last visit begun, or the opening at the
    start site); nothing new begins before `now`; its first leg takes `extra` minutes more
    than the travel (its bus is late). `lunch`: a lunch already begun that lies in the first
    leg (after the last visit); `lunch_done`: the lunch lies before the last visit (nothing to
    place); else, when the day has a lunch, it is placed, at `lunch_wanted` (the planned
    start) when that fits, else at its earliest in a leg."""

    site: int
    free: int
    now: int
    extra: int = 0
    lunch: tuple[int, int] | None = None
    lunch_done: bool = False
    lunch_wanted: int | None = None


def time_rest(
    problem: VisitProblem, resume: Resume, route: Sequence[int], not_before: Sequence[int]
) -> RouteTiming | None:
    """The timing of the rest of a group's day, or None when it cannot be made: the rules
    and the earliest-start logic of `time_route`, from `resume` instead of the opening, with
    visit k starting no earlier than `not_before[k]` (its planned start: a host expects the
    group then, so a visit does not move earlier) nor than `resume.now`. Lunch, when still to
    place, is tried in each leg at its earliest start (never before `now`) and at its planned
    start; of the timings that work the one that delays the visits least beyond `not_before`
    is kept, then the one with lunch nearest its planned start, then the one back first
    (without `not_before`, `now` and a planned lunch, exactly `time_route`'s timing)."""
    day, lunch = problem.day, problem.day.lunch
    sites = [resume.site, *(problem.hosts[h].site for h in route), day.end_site]
    if lunch is None or resume.lunch_done:
        return _walk(problem, resume, route, not_before, sites, None)
    if resume.lunch is not None:
        return _walk(problem, resume, route, not_before, sites, (0, resume.lunch[0]))
    # The free-at time before each leg without lunch: where lunch may begin in that leg.
    free = [resume.free]
    for k, h in enumerate(route):
        timing = _walk(problem, resume, route[: k + 1], not_before, sites[: k + 2], None, False)
        if timing is None:
            break
        free.append(timing.start[-1] + problem.hosts[h].duration)
    best: tuple[tuple[int, int, int, int], RouteTiming] | None = None
    for leg, free_at in enumerate(free):
        earliest = max(free_at, lunch.earliest, day.opens, resume.now)
        wanted = resume.lunch_wanted
        later = {wanted} if wanted is not None and wanted > earliest else set()
        for begins in sorted({earliest} | later):
            timing = _walk(problem, resume, route, not_before, sites, (leg, begins))
            if timing is None:
                continue
            delay = sum(s - nb for s, nb in zip(timing.start, not_before, strict=True) if nb)
            shift = 0 if wanted is None else abs(begins - wanted)
            key = (delay, shift, timing.back, leg)
            if best is None or key < best[0]:
                best = (key, timing)
    return None if best is None else best[1]


def _walk(
    problem: VisitProblem,
    resume: Resume,
    route: Sequence[int],
    not_before: Sequence[int],
    sites: list[int],
    lunch_at: tuple[int, int] | None,
    home: bool = True,
) -> RouteTiming | None:
    """The earliest timing of the route from `resume` with lunch in leg `lunch_at[0]`
    beginning at `lunch_at[1]` (None: no lunch to place); `home` False: the way back to the
    end is not timed (a prefix)."""
    day, lunch = problem.day, problem.day.lunch
    free, arrive, start = resume.free, [], []
    span: tuple[int, int] | None = None
    back = free
    for k in range(len(route) + 1 if home else len(route)):
        travel = problem.travel[sites[k]][sites[k + 1]] + (resume.extra if k == 0 else 0)
        reached = ready = free + travel
        if lunch_at is not None and lunch_at[0] == k:
            assert lunch is not None
            begins = lunch_at[1]
            late = begins < free or begins + lunch.minutes > min(lunch.latest, day.closes)
            if late and resume.lunch is None:  # a lunch begun is a fact, whatever its window
                return None
            span = (begins, begins + lunch.minutes)
            # Arriving before lunch begins: eat at the next place; otherwise on the way.
            reached = ready if ready <= begins else ready + lunch.minutes
            ready = max(ready + lunch.minutes, span[1])
        if k == len(route):
            back = ready
            break
        host = problem.hosts[route[k]]
        begin = earliest_start(host, max(ready, not_before[k], resume.now))
        if begin is None:
            return None
        arrive.append(reached)
        start.append(begin)
        free = begin + host.duration
    if home and back > day.closes:
        return None
    if resume.lunch is not None:
        span = resume.lunch
    return RouteTiming(tuple(arrive), tuple(start), span, back)
