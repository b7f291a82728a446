"""A full day from recommendations: which recommended pairs become wishes so that every firm
gets the number of meetings staff ask for, as far as mutual interest and time allow.

Taking each firm's best few mutual matches (greedy top-k) gave a thin day: pairs
recommended one way only were never used, popular firms got many wishes and the rest few
or none. Here the choice is a degree-constrained matching (a b-matching) over the
recommended pairs, solved on CP-SAT: a Boolean per candidate pair; each firm takes at most
as many as it wants (staff's number, less what it is already asked for, bounded by its
own maximum and the slots it is there); the day's tables and interpreters bound the total.
The objective rewards a firm's j-th meeting by a weight falling with j (a concave utility,
so that a firm's first meeting counts more than another's sixth: the day is fair) far
above the pairs' scores, which decide among equally fair days. When a set exists in
which every firm has all it wants, it is optimal, so the solver returns one (in time).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matchmaker.core.scheduling.interpreters import interpreter_slots
from matchmaker.core.scheduling.slots import available_slot_numbers
from matchmaker.core.scheduling.types import MeetingWish, SchedulingProblem, needs_interpreter

SCALE = 100  # a pair's value in whole points: share of each firm's best score, 0-100 each way


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recommended pair and what it is worth (higher is better; any non-negative number,
    e.g. the sum of both firms' score shares)."""

    a: str
    b: str
    value: float

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True, slots=True)
class DayChoice:
    """The chosen pairs as wishes, and what each firm wanted (after what it had already)."""

    wishes: tuple[MeetingWish, ...]
    wanted: Mapping[str, int]
    optimal: bool


def wanted_meetings(problem: SchedulingProblem, per_firm: int) -> dict[str, int]:
    """How many more meetings each firm can take to reach `per_firm`: bounded by its own
    maximum and the slots it is there, less the wishes it already has."""
    asked: Counter[str] = Counter(pid for w in problem.wishes for pid in (w.a, w.b))
    wanted = {}
    for p in problem.profiles:
        room = min(per_firm, len(available_slot_numbers(p, problem.slots)))
        if p.max_meetings is not None:
            room = min(room, p.max_meetings)
        wanted[p.id] = max(0, room - asked[p.id])
    return wanted


def choose_day(
    problem: SchedulingProblem,
    candidates: Sequence[Candidate],
    per_firm: int,
    *,
    seconds: float = 10.0,
    seed: int = 0,
    more: bool = True,
) -> DayChoice:
    """The candidate pairs to add to the problem's wishes so that each firm reaches
    `per_firm` meetings where it can (see the module's docstring). Pairs already wished,
    of unknown firms, never there at the same time or needing an interpreter nobody can be
    are left out. With `more`, a firm may take more than `per_firm` (up to its own limit)
    where that lets others reach it: a fair of 43 host firms and 23 guests, each host with 5
    meetings, needs about 9 per guest. Deterministic for a seed when the work, not the time,
    ends the search."""
    wanted = wanted_meetings(problem, per_firm)
    room = wanted_meetings(problem, len(problem.slots)) if more else wanted
    profiles = {p.id: p for p in problem.profiles}
    usable = _usable(problem, candidates, room)
    if not usable:
        return DayChoice((), wanted, True)
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"{c.a}|{c.b}") for c in usable]
    by_firm: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for c, var in zip(usable, chosen, strict=True):
        by_firm[c.a].append(var)
        by_firm[c.b].append(var)
    model.add(sum(chosen) <= _table_room(problem))
    interpreted = [
        v
        for c, v in zip(usable, chosen, strict=True)
        if needs_interpreter(profiles[c.a], profiles[c.b])
    ]
    if interpreted:
        model.add(sum(interpreted) <= _interpreter_room(problem))
    values = [round(min(max(c.value, 0.0), 2.0) * SCALE) for c in usable]
    step = sum(values) + 1  # one level of fairness outweighs every score together
    had: Counter[str] = Counter(pid for w in problem.wishes for pid in (w.a, w.b))
    top = max(min(per_firm, len(problem.slots)), *(had[f] + n for f, n in wanted.items()))
    levels: list[tuple[cp_model.IntVar, int]] = []
    for firm, own in by_firm.items():
        limit = min(room[firm], len(own))
        steps = [model.new_bool_var(f"{firm}#{j}") for j in range(limit)]
        model.add(sum(steps) == sum(own))
        for upper, lower in itertools.pairwise(steps):  # the j-th only after the one before
            model.add_implication(lower, upper)
        levels += [
            (var, _level_weight(j, had[firm], wanted[firm], top, step))
            for j, var in enumerate(steps)
        ]
    model.maximize(
        sum(var * weight for var, weight in levels)
        + sum(var * value for var, value in zip(chosen, values, strict=True))
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.max_deterministic_time = seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return DayChoice((), wanted, False)
    wishes = tuple(
        MeetingWish(c.a, c.b)
        for c, var in zip(usable, chosen, strict=True)
        if solver.boolean_value(var)
    )
    return DayChoice(wishes, wanted, status == cp_model.OPTIMAL)


def _level_weight(j: int, had: int, wanted: int, top: int, step: int) -> int:
    """What a firm's (j+1)-th new meeting is worth when it `had` wishes before: up to what
    it wants, falling with its whole count (fairness first: any firm's third meeting counts
    more than another's fourth); beyond, a cost growing with j, above any pair's value, so
    that a firm takes more only where that lets others reach their number, and evenly."""
    if j < wanted:
        return step * (top - had - j)
    return -(2 * SCALE + 1) * (j - wanted + 1)


def _usable(
    problem: SchedulingProblem, candidates: Sequence[Candidate], wanted: Mapping[str, int]
) -> list[Candidate]:
    """The candidates that could take place: one per pair (the best), both firms wanting
    more, a slot when both are there, and an interpreter who speaks for both if needed."""
    profiles = {p.id: p for p in problem.profiles}
    present = {pid: available_slot_numbers(p, problem.slots) for pid, p in profiles.items()}
    taken = {w.pair for w in problem.wishes} | {p.pair for p in problem.pinned}
    best: dict[frozenset[str], Candidate] = {}
    for c in candidates:
        if c.a == c.b or c.pair in taken or not {c.a, c.b} <= profiles.keys():
            continue
        if not (wanted[c.a] and wanted[c.b] and present[c.a] & present[c.b]):
            continue
        if needs_interpreter(profiles[c.a], profiles[c.b]) and not any(
            i.speaks_for(profiles[c.a], profiles[c.b]) for i in problem.interpreters
        ):
            continue
        if c.pair not in best or c.value > best[c.pair].value:
            best[c.pair] = c
    return sorted(best.values(), key=lambda c: (-c.value, min(c.a, c.b), max(c.a, c.b)))


def _table_room(problem: SchedulingProblem) -> int:
    """Meetings the day's shared tables hold, less the wishes already there (a bound: hosts'
    own tables are left out, so their meetings are counted against the shared ones)."""
    hosted = sum(len(problem.slots) for _ in problem.hosts)
    return max(0, sum(problem.open_tables().values()) + hosted - len(problem.wishes))


def _interpreter_room(problem: SchedulingProblem) -> int:
    """Meetings the interpreters can attend in their hours, less those already wished."""
    room = 0
    for i in problem.interpreters:
        hours = len(interpreter_slots(problem, i))
        room += hours if i.max_meetings is None else min(hours, i.max_meetings)
    profiles = {p.id: p for p in problem.profiles}
    asked = sum(
        1
        for w in problem.wishes
        if {w.a, w.b} <= profiles.keys() and needs_interpreter(profiles[w.a], profiles[w.b])
    )
    return max(0, room - asked)
