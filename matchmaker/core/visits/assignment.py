"""Who goes in which group with which interpreter, what each group gains at each host, and a
finished plan made from an assignment and the groups' routes. Shared by every solver."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matchmaker.core.visits.timing import time_route
from matchmaker.core.visits.types import GroupPlan, Visit, VisitPlan, VisitProblem

Routes = list[list[int]]


@dataclass(frozen=True, slots=True)
class Assignment:
    """The group (0-based) of each member, in the order of the problem's members, and the
    interpreter (an index of the problem's interpreters, or None) of each group."""

    group_of: tuple[int, ...]
    interpreter_of: tuple[int | None, ...]

    def members(self, group: int) -> list[int]:
        """The members (indices) of the group."""
        return [m for m, g in enumerate(self.group_of) if g == group]

    def sizes(self) -> list[int]:
        """How many members each group has."""
        counts = [0] * len(self.interpreter_of)
        for g in self.group_of:
            counts[g] += 1
        return counts


def prizes(problem: VisitProblem, assignment: Assignment) -> list[list[float]]:
    """`prizes[g][h]`: what group g gains by visiting host h; 0 where the group is larger
    than the host takes (it may not go) or nobody in it can use the visit."""
    table: list[list[float]] = []
    for g, size in enumerate(assignment.sizes()):
        index = assignment.interpreter_of[g]
        interpreter = None if index is None else problem.interpreters[index]
        members = assignment.members(g)
        table.append([
            problem.prize(members, h, interpreter) if size <= host.capacity else 0.0
            for h, host in enumerate(problem.hosts)
        ])  # fmt: skip
    return table


def routes_value(problem: VisitProblem, assignment: Assignment, routes: Routes) -> float:
    """The total relevance of the routes for the assignment (hosts a group may not visit
    count 0)."""
    table = prizes(problem, assignment)
    return sum(table[g][h] for g, route in enumerate(routes) for h in route)


def make_plan(
    problem: VisitProblem,
    assignment: Assignment,
    routes: Sequence[Sequence[int]],
    notes: Sequence[str] = (),
) -> VisitPlan:
    """The plan of the routes, timed by `time_route`; a route that cannot be timed is an
    error of the caller (every solver checks its routes)."""
    groups: list[GroupPlan] = []
    total = 0.0
    for g, route in enumerate(routes):
        timing = time_route(problem, route)
        if timing is None:
            raise ValueError(f"group {g + 1}'s route cannot be made within the day")
        index = assignment.interpreter_of[g]
        interpreter = None if index is None else problem.interpreters[index]
        members = assignment.members(g)
        visits = tuple(
            Visit(g + 1, problem.hosts[h].id, arrive, start, start + problem.hosts[h].duration)
            for h, arrive, start in zip(route, timing.arrive, timing.start, strict=True)
        )
        total += sum(problem.prize(members, h, interpreter) for h in route)
        groups.append(GroupPlan(
            number=g + 1,
            members=tuple(problem.members[m].id for m in members),
            interpreter=None if interpreter is None else interpreter.id,
            visits=visits,
            lunch=timing.lunch,
        ))  # fmt: skip
    return VisitPlan(tuple(groups), total, tuple(notes))
