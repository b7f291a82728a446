"""Who goes in which group, and with which interpreter.

Given the groups' routes, the best split of the members is an assignment problem: member m
in group g gains `sum relevance[m][h]` over the hosts h of g's route where m can
communicate (with g's interpreter), and group g holds at most the smallest capacity of its
hosts. Each group is cut into that many seats, and the Hungarian method
(`scipy.optimize.linear_sum_assignment`) puts every member in a seat with the most gain in
total, which is optimal for the routes. Interpreters are tried in every way they can go with
the groups (one each at most; a few dozen ways on real days), the best kept.

The starting splits for the planner are made here too: members with similar interests (the
cosine of their relevance rows) together, the groups as even as possible."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from itertools import combinations, permutations

import numpy as np
from scipy.optimize import linear_sum_assignment

from matchmaker.core.visits.assignment import Assignment
from matchmaker.core.visits.types import VisitProblem

MAX_INTERPRETER_WAYS = 64
STAY = 1e-7  # a member's tiny preference for its current group, so ties do not shuffle


def interpreter_ways(
    groups: int, interpreters: int, current: tuple[int | None, ...]
) -> Iterator[tuple[int | None, ...]]:
    """Every way to give each group at most one interpreter (each to one group at most),
    or, when there are more than `MAX_INTERPRETER_WAYS`, the current one and those that
    change one group's interpreter."""
    ways = sum(math.comb(groups, k) * math.perm(interpreters, k)
               for k in range(min(groups, interpreters) + 1))  # fmt: skip
    if ways <= MAX_INTERPRETER_WAYS:
        for k in range(min(groups, interpreters) + 1):
            for chosen in combinations(range(groups), k):
                for people in permutations(range(interpreters), k):
                    way: list[int | None] = [None] * groups
                    for g, i in zip(chosen, people, strict=True):
                        way[g] = i
                    yield tuple(way)
        return
    yield current
    for g in range(groups):
        for i in [None, *range(interpreters)]:
            if i != current[g] and (i is None or i not in current):
                yield (*current[:g], i, *current[g + 1 :])


def best_members(
    problem: VisitProblem, routes: Sequence[Sequence[int]], current: Assignment
) -> tuple[Assignment, float] | None:
    """The best assignment of members and interpreters for the routes and what it gains;
    None when the routes' capacities cannot hold every member."""
    best: tuple[Assignment, float] | None = None
    members = len(problem.members)
    caps = [min((problem.hosts[h].capacity for h in route), default=members) for route in routes]
    seats = [g for g, cap in enumerate(caps) for _ in range(min(cap, members))]
    if len(seats) < members:
        return None
    for way in interpreter_ways(len(routes), len(problem.interpreters), current.interpreter_of):
        gain = np.zeros((members, len(routes)))
        for g, route in enumerate(routes):
            who = None if way[g] is None else problem.interpreters[way[g]]  # type: ignore[index]
            for m in range(members):
                gain[m, g] = sum(problem.relevance[m][h] for h in route
                                 if problem.communicates(m, h, who))  # fmt: skip
        bonus = np.array([[STAY if current.group_of[m] == g else 0.0 for g in seats]
                          for m in range(members)])  # fmt: skip
        matrix = gain[:, seats] + bonus
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        group_of = [0] * members
        for row, seat in zip(rows, cols, strict=True):
            group_of[int(row)] = seats[int(seat)]
        total = float(sum(gain[m, group_of[m]] for m in range(members)))
        if best is None or total > best[1] + 1e-9:
            best = (Assignment(tuple(group_of), way), total)
    return best


def similar_split(
    problem: VisitProblem,
    interpreter_of: tuple[int | None, ...],
    sizes: Sequence[int] | None = None,
) -> Assignment:
    """Members with similar interests together, in groups of the given sizes (default: as
    even as possible): the groups are seeded by members whose relevance rows are far apart
    (farthest-first), then each member, the most decided first, joins the group with room
    whose members' rows are the most similar to its own (cosine to their mean)."""
    groups, members = problem.day.groups, len(problem.members)
    if members == 0:
        return Assignment((), interpreter_of)
    rows = np.array(problem.relevance, dtype=float).reshape(members, len(problem.hosts))
    norms = np.linalg.norm(rows, axis=1)
    unit = rows / np.where(norms > 0, norms, 1.0)[:, None]
    similar = unit @ unit.T
    seeds = [int(np.argmax(norms))]
    while len(seeds) < min(groups, members):
        closest = similar[:, seeds].max(axis=1)
        closest[seeds] = np.inf
        seeds.append(int(np.argmin(closest)))
    room = list(sizes) if sizes is not None else [math.ceil(members / groups)] * groups
    group_of = [-1] * members
    sums = np.zeros((groups, len(problem.hosts)))
    for g, seed in enumerate(seeds):
        group_of[seed] = g
        room[g] -= 1
        sums[g] += unit[seed]
    rest = [m for m in range(members) if group_of[m] < 0]
    rest.sort(key=lambda m: -float(np.ptp(similar[m, seeds])) if len(seeds) > 1 else 0.0)
    for m in rest:
        options = [g for g in range(groups) if room[g] > 0] or list(range(groups))
        g = max(options, key=lambda g: float(sums[g] @ unit[m]))
        group_of[m] = g
        room[g] -= 1
        sums[g] += unit[m]
    return Assignment(tuple(group_of), interpreter_of)


def start_splits(
    problem: VisitProblem, interpreter_of: tuple[int | None, ...], most: int = 8
) -> list[Assignment]:
    """Splits to start the planner's search from: members with similar interests together
    in even groups, then with the first group as large as a host's capacity (and, for two
    groups, the other way round), the capacities nearest an even share first, since a group
    can only visit hosts that take it all."""
    groups, members = problem.day.groups, len(problem.members)
    if groups == 1:
        return [similar_split(problem, interpreter_of)]
    even = members / groups
    capacities = sorted({h.capacity for h in problem.hosts if h.capacity < members},
                        key=lambda c: (abs(c - even), c))  # fmt: skip
    shapes: list[list[int]] = [[math.ceil(even)] * groups]
    for c in capacities:
        rest = members - c
        others = [rest // (groups - 1) + (g < rest % (groups - 1)) for g in range(groups - 1)]
        shapes.append([c, *others])
        if groups == 2:
            shapes.append([*others, c])
    splits: list[Assignment] = []
    for shape in shapes:
        split = similar_split(problem, interpreter_of, shape)
        if split not in splits:
            splits.append(split)
    return splits[:most]
