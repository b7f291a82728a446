"""A fair over several days: meetings placed over all its slots at once, breaks made fewest
day by day.

The days have the same slots, numbered on (`slots.build_slots`), and a firm waits only within
a day: the night is no break. Which meetings take place is one question over the whole fair
(a firm meets once per slot, on the days it is there; `max_meetings` counts over the fair),
so the single-day solver first runs on all the slots as one run of numbers: its placement,
and its bound on what any schedule places, hold for the fair as they stand. Its breaks do not
(it counts the night as a break, and one firm's last slot of a day and next day's first as
back to back), so each day is then solved again by itself with just the meetings placed on
it, for the fewest breaks within that day; a day whose re-solve would lose a meeting or
wait more keeps the first solve's. The first solve gets 60 % of the time, the days the
rest. Published (pinned) meetings stay where they are throughout.

The break bounds of the days hold for the meetings each day got, not for every split of the
meetings over the days: the result is reported proven optimal only when the placement is
proven and no firm waits.
"""

from __future__ import annotations

import time as clock
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from matchmaker.core.scheduling.options import ScheduleOptions
from matchmaker.core.scheduling.types import Placement, SchedulingProblem, gaps
from matchmaker.core.scheduling.wish_slots import unplaced_reasons
from matchmaker.core.types import Slot

if TYPE_CHECKING:
    from matchmaker.core.scheduling.scheduler import ScheduleResult

Solve = Callable[[SchedulingProblem, ScheduleOptions], "ScheduleResult"]


@dataclass(frozen=True, slots=True)
class FairDay:
    """One day of the fair: its slots, numbered from 1 as the single-day solver wants them,
    and what to add to get the fair's numbers back."""

    day: int
    offset: int
    slots: tuple[Slot, ...]

    def local(self, number: int) -> int:
        return number - self.offset

    def holds(self, number: int) -> bool:
        return 1 <= number - self.offset <= len(self.slots)


def fair_days(slots: Sequence[Slot]) -> list[FairDay]:
    """The fair's slots by day, each day's numbered from 1."""
    days: list[FairDay] = []
    for day in sorted({s.day for s in slots}):
        own = [s for s in slots if s.day == day]
        offset = min(s.number for s in own) - 1
        days.append(FairDay(day, offset, tuple(replace(s, number=s.number - offset) for s in own)))
    return days


def schedule_days(
    problem: SchedulingProblem, options: ScheduleOptions, solve: Solve
) -> ScheduleResult:
    """The fair's schedule: placed over all slots, then each day's breaks made fewest (see
    the module's docstring). `solve` is the single-run solver."""
    from matchmaker.core.scheduling.scheduler import ScheduleResult

    started = clock.perf_counter()
    days = fair_days(problem.slots)
    joint = solve(problem, _share(options, 0.6))
    stages = [f"all days: {stage}" for stage in joint.stages]
    per_day = _share(options, 0.4 / len(days))
    placements: list[Placement] = []
    for day in days:
        placements += _day_again(problem, day, joint.placements, per_day, stages)
    day_of = {s.number: s.day for s in problem.slots}
    per_firm = {firm: gaps(own, day_of) for firm, own in _taken(placements).items()}
    placed_weight = joint.placed_weight
    unplaced = unplaced_reasons(problem, placements)
    total = sum(per_firm.values())
    return ScheduleResult(
        placements=tuple(sorted(placements, key=lambda p: (p.slot, p.table))),
        unplaced=tuple(unplaced),
        placed_weight=placed_weight,
        placed_weight_bound=joint.placed_weight_bound,
        breaks=total,
        breaks_bound=0,
        max_breaks=max(per_firm.values(), default=0),
        proven_optimal=placed_weight >= joint.placed_weight_bound and total == 0,
        seconds=clock.perf_counter() - started,
        stages=tuple(stages),
    )


def _day_again(
    problem: SchedulingProblem,
    day: FairDay,
    placements: Sequence[Placement],
    options: ScheduleOptions,
    stages: list[str],
) -> list[Placement]:
    """The day's meetings of `placements` re-placed within the day for its fewest breaks
    (the fair's slot numbers); as they were when the re-solve places fewer."""
    own = [p for p in placements if day.holds(p.slot)]
    pairs = {p.pair for p in own}
    count = Counter(pid for p in own for pid in p.pair)
    interpreting = Counter(p.interpreter for p in own if p.interpreter is not None)
    pinned = tuple(replace(p, slot=day.local(p.slot)) for p in problem.pinned if day.holds(p.slot))
    alone = replace(
        problem,
        profiles=tuple(replace(f, max_meetings=count[f.id]) for f in problem.profiles),
        interpreters=tuple(  # a booked maximum over the fair: each keeps the day's share
            i if i.max_meetings is None else replace(i, max_meetings=interpreting[i.id])
            for i in problem.interpreters
        ),
        wishes=tuple(w for w in problem.wishes if w.pair in pairs),
        slots=day.slots,
        pinned=pinned,
        closed=frozenset((day.local(s), t) for s, t in problem.closed if day.holds(s)),
    )
    result = solve_day(alone, options)
    before = sum(gaps({m.slot for m in own if pid in m.pair}) for pid in count)
    if len(result.placements) < len(own) or result.breaks > before:
        stages.append(f"day {day.day + 1}: {len(own)} meetings, {before} breaks, kept as placed")
        return own
    stages.append(f"day {day.day + 1}: {len(own)} meetings, {result.breaks} breaks")
    return [replace(p, slot=p.slot + day.offset) for p in result.placements]


def solve_day(problem: SchedulingProblem, options: ScheduleOptions) -> ScheduleResult:
    from matchmaker.core.scheduling.scheduler import schedule

    return schedule(problem, options)


def _share(options: ScheduleOptions, part: float) -> ScheduleOptions:
    work = None if options.work_limit is None else options.work_limit * part
    return replace(options, time_limit=options.time_limit * part, work_limit=work)


def _taken(placements: Iterable[Placement]) -> dict[str, set[int]]:
    taken: dict[str, set[int]] = {}
    for m in placements:
        taken.setdefault(m.a, set()).add(m.slot)
        taken.setdefault(m.b, set()).add(m.slot)
    return taken
