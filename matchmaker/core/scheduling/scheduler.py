"""Meeting scheduling: every meeting that can be placed, placed, with the fewest breaks,
fairly spread.

A firm's breaks are the runs of slots without a meeting between two of its meetings (as in
Bofill et al., JAIR 74 (2022)). Objectives, in order, solved as stages so that the first is
never traded for the second:
1. the most priority-weighted wishes placed (a mutual wish weighs double): first the sweep
   (`sweep`), then Kempe chain and ejection moves (`gap_anneal`), then, on fairs up to
   `ScheduleOptions.exact_size`, CP-SAT on a Boolean per wish and slot with an
   all-different per firm (`exact_schedule`), or on larger fairs re-solves of small parts
   around what is left out (`placement_search`);
2. with those meetings placed, the fewest breaks in total with at most
   `max_breaks_per_firm` per firm (fairness): exactly on MaxSAT (`breaks.maxsat`, driven by
   `exact_schedule`) on exact-size fairs; when that runs out of time, and on large fairs,
   the least waiting (idle slots between meetings, breaks over the cap) by simulated
   annealing over Kempe chain moves (`gap_anneal`), which also places what it can of what
   is still left out.
Both stages first keep each slot to an even share of the meetings (`ScheduleOptions.spread`,
lifted when impossible), so that the day is spread over the slots and not piled up where
the search happened to put it.
Tables are assigned per slot afterwards (`seating`: hosts keep theirs, pinned meetings
stay, themed tables go to meetings that fit their theme, else the lowest free table).
Interpreters are given to meetings before placement (`interpreters`), when the slots each
wish may take are worked out (`wish_slots`, which also says why a wish is left out).

The solver is deterministic for a given seed as long as its deterministic work limits, not
the wall-clock `time_limit`, end the search (see `ScheduleOptions`).
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from matchmaker.core.scheduling.checks import schedule_violations
from matchmaker.core.scheduling.days import schedule_days
from matchmaker.core.scheduling.exact import ExactModel, break_exactly, build_model, place_exactly
from matchmaker.core.scheduling.gap_anneal import close_gaps
from matchmaker.core.scheduling.options import ScheduleOptions
from matchmaker.core.scheduling.placement import PlacementTask, spread_tables
from matchmaker.core.scheduling.placement_search import place_more
from matchmaker.core.scheduling.sweep import repeated_sweep
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem, gaps
from matchmaker.core.scheduling.wish_slots import (
    Unplaced,
    placement_task,
    reason_left_out,
    wish_slots,
    wish_weight,
)
from matchmaker.core.tables.seating import NoTable, seat_meetings

__all__ = ["ScheduleOptions", "ScheduleResult", "firm_breaks", "schedule"]


@dataclass(frozen=True, slots=True)
class ScheduleResult:
    """A schedule and how good it provably is."""

    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    placed_weight: int
    placed_weight_bound: int
    breaks: int
    breaks_bound: int
    max_breaks: int
    proven_optimal: bool
    seconds: float
    stages: tuple[str, ...] = field(default=())


def schedule(problem: SchedulingProblem, options: ScheduleOptions | None = None) -> ScheduleResult:
    """The best schedule the solver finds within the options' limits (always a valid one:
    at worst the sweep's, which seeds the search)."""
    options = options or ScheduleOptions()
    if len({s.day for s in problem.slots}) > 1:
        return schedule_days(problem, options, _schedule_slots)
    return _schedule_slots(problem, options)


def _schedule_slots(problem: SchedulingProblem, options: ScheduleOptions) -> ScheduleResult:
    """`schedule` on the slots as one run: breaks are counted over slot numbers as they
    follow each other (on a fair of several days, across the night too)."""
    started = clock.perf_counter()

    # The searches stop a twentieth of the time limit early: tables, reasons and figures
    # for a large fair take a moment after them.
    def remaining() -> float:
        return max(0.1, options.time_limit - (clock.perf_counter() - started))

    wishes = wish_slots(problem)
    placeable, unplaceable = wishes.placeable, wishes.unplaceable
    task = placement_task(problem, wishes)
    exact = options.mode == "exact" or (
        options.mode == "auto" and sum(len(a) for _, a in placeable) <= options.exact_size
    )
    weight_bound = sum(task.weights)
    task, slot_of = _spread_sweep(task, options, remaining)
    stages = [f"sweep: {_placed_share(slot_of)} placed ({clock.perf_counter() - started:.1f} s)"]
    built = build_model(placeable, task) if exact else None
    slot_of, weight_bound, placement_optimal = _place_left_out(
        task, slot_of, built, weight_bound, options, remaining, stages
    )

    # The placed meetings stay; their slots move to give the fewest breaks.
    breaks_bound, breaks_optimal = 0, False
    if built is not None:
        placed = [k for k, s in enumerate(slot_of) if s is not None]
        slots_now, breaks_bound, breaks_optimal = break_exactly(
            task, placed, [s for s in slot_of if s is not None], options, remaining, stages
        )
        for k, slot in zip(placed, slots_now, strict=True):
            slot_of[k] = slot
    if not breaks_optimal:
        slot_of = close_gaps(
            task, slot_of, remaining() - options.time_limit / 20,
            options.max_breaks_per_firm, options.seed,
        )  # fmt: skip
        stages.append(f"waiting: annealing, {_placed_share(slot_of)} placed")
    placed = [k for k, s in enumerate(slot_of) if s is not None]
    slots_now = [s for s in slot_of if s is not None]
    chosen = [(placeable[k][0], slot) for k, slot in zip(placed, slots_now, strict=True)]
    placements = seat_meetings(problem, chosen, wishes.interpreters)
    if earlier := _moved_earlier(problem, chosen, wishes.interpreters):
        placements, shift = earlier
        stages.append(f"whole day moved {shift} slot(s) earlier")
    placed_pairs = {p.pair for p in placements}
    unplaced = [u for u in unplaceable if u.wish.pair not in placed_pairs]
    unplaced += [
        Unplaced(wish, reason_left_out(problem, wish, placements))
        for wish, _ in placeable
        if wish.pair not in placed_pairs
    ]
    per_firm = firm_breaks(placements)
    total = sum(per_firm.values())
    return ScheduleResult(
        placements=tuple(placements),
        unplaced=tuple(unplaced),
        placed_weight=sum(wish_weight(w) for w, _ in chosen),
        placed_weight_bound=weight_bound,
        breaks=total,
        breaks_bound=min(total, breaks_bound),
        max_breaks=max(per_firm.values(), default=0),
        proven_optimal=placement_optimal and (breaks_optimal or total == breaks_bound),
        seconds=clock.perf_counter() - started,
        stages=tuple(stages),
    )


def _place_left_out(
    task: PlacementTask,
    slot_of: list[int | None],
    built: ExactModel | None,
    weight_bound: int,
    options: ScheduleOptions,
    remaining: Callable[[], float],
    stages: list[str],
) -> tuple[list[int | None], int, bool]:
    """What the sweep left out, placed where it can be: first by the annealing's placing
    moves, then exactly (CP-SAT, exact mode) or by re-solving parts (fast mode). The
    schedule, the bound on the placed weight and whether the placement is optimal."""
    if None in slot_of:
        seconds, cap = remaining() * options.moves_share, options.max_breaks_per_firm
        slot_of = close_gaps(task, slot_of, seconds, cap, options.seed, until_placed=True)
        stages.append(f"placement by moves: {_placed_share(slot_of)} placed")
    if None not in slot_of:
        return slot_of, weight_bound, True
    if built is not None:
        return place_exactly(built, slot_of, options, remaining, stages)
    slot_of = place_more(task, slot_of, remaining() * options.search_share, options.seed)
    stages.append(f"placement search: {_placed_share(slot_of)} placed")
    return slot_of, weight_bound, False


def _moved_earlier(
    problem: SchedulingProblem,
    chosen: Sequence[tuple[MeetingWish, int]],
    interpreters: dict[frozenset[str], str],
) -> tuple[list[Placement], int] | None:
    """When the first slots stay empty (a small fair: any slots are as good for breaks),
    the same day moved as far earlier as the rules allow, so that it starts when the fair
    does. Every firm keeps its meetings in the same order and its breaks; the verifier
    decides. None when nothing moves (or meetings are pinned, which stay where they are)."""
    if problem.pinned or not chosen:
        return None
    first = min(slot for _, slot in chosen)
    for shift in range(first - 1, 0, -1):
        moved = [(wish, slot - shift) for wish, slot in chosen]
        try:
            placements = seat_meetings(problem, moved, interpreters)
        except NoTable:  # fewer tables open in the earlier slots
            continue
        if not schedule_violations(problem, placements):
            return placements, shift
    return None


def _spread_sweep(
    task: PlacementTask, options: ScheduleOptions, remaining: Callable[[], float]
) -> tuple[PlacementTask, list[int | None]]:
    """The sweep's schedule, first with each slot holding an even share of the meetings
    (`ScheduleOptions.spread`): when that places every wish, the stages after keep to the
    same limits and the day stays spread (the sweep alone fills the morning first; the
    fewest breaks do not care when). Else the sweep with every table."""
    seconds = remaining() * options.sweep_share
    if options.spread is not None:
        even = replace(task, tables=spread_tables(task.tables, task.meetings, options.spread))
        slot_of = repeated_sweep(even, options.sweep_rounds, seconds / 2)
        if None not in slot_of:
            return even, slot_of
    return task, repeated_sweep(task, options.sweep_rounds, seconds)


def _placed_share(slot_of: Sequence[int | None]) -> str:
    placed = sum(1 for s in slot_of if s is not None)
    return f"{placed} of {len(slot_of)}"


def firm_breaks(
    placements: Iterable[Placement], day_of: Mapping[int, int] | None = None
) -> dict[str, int]:
    """Breaks per firm with a meeting: runs of slots without a meeting between two of its
    meetings (slot numbers are consecutive over the day; a lunch break is not a slot), of
    each day with `day_of` (slot number to day)."""
    taken: dict[str, set[int]] = defaultdict(set)
    for m in placements:
        taken[m.a].add(m.slot)
        taken[m.b].add(m.slot)
    return {firm: gaps(own, day_of) for firm, own in taken.items()}
