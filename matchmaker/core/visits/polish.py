"""Ruin and recreate for the routes of a fixed split: a few visits are taken out (one to
three, at random), and the routes are filled again by insertion (`greedy.insert_routes`,
weighing relevance against added minutes in one of three ways, at random, and half of the
time without the hosts just taken out); the result is kept when it gains relevance, or gains
none and travels less (slack that a later insertion can use). A large-neighbourhood search
of a different kind from the routing solver's move-by-move local search, which tends to stop
where a better route needs a visit dropped and two others added. Seeded."""

from __future__ import annotations

import random
import time
from itertools import pairwise

from matchmaker.core.visits.assignment import Assignment, Routes, routes_value
from matchmaker.core.visits.greedy import insert_routes
from matchmaker.core.visits.types import VisitProblem


def _travel(problem: VisitProblem, routes: Routes) -> int:
    """The minutes the groups drive."""
    day = problem.day
    total = 0
    for route in routes:
        sites = [day.start_site, *(problem.hosts[h].site for h in route), day.end_site]
        total += sum(problem.travel[a][b] for a, b in pairwise(sites))
    return total


def ruin_and_recreate(
    problem: VisitProblem,
    assignment: Assignment,
    routes: Routes,
    seconds: float,
    rng: random.Random,
) -> Routes:
    """Better routes for the split, found within `seconds` (the routes given when none)."""
    best = [list(r) for r in routes]
    best_key = (routes_value(problem, assignment, best), -_travel(problem, best))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        visits = [(g, i) for g, route in enumerate(best) for i in range(len(route))]
        if not visits:
            return insert_routes(problem, assignment, best)
        trial = [list(r) for r in best]
        taken = rng.sample(visits, rng.randint(1, min(3, len(visits))))
        removed = {trial[g][i] for g, i in taken}
        trial = [[h for h in route if h not in removed] for route in trial]
        barred = removed if rng.random() < 0.5 else set()
        trial = insert_routes(problem, assignment, trial, barred=barred,
                              power=rng.choice((0.0, 0.5, 1.0)))  # fmt: skip
        key = (routes_value(problem, assignment, trial), -_travel(problem, trial))
        if key[0] > best_key[0] + 1e-9 or (key[0] > best_key[0] - 1e-9 and key[1] > best_key[1]):
            best, best_key = trial, key
    return best
