"""The scheduler's exact stages on fairs up to `ScheduleOptions.exact_size`: the most weight
placed on CP-SAT (a Boolean per wish and slot, an all-different per party), then, with those
meetings fixed, the fewest breaks on MaxSAT (when MaxSAT runs out of time, the scheduler's
annealing, `gap_anneal`, takes over)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matchmaker.core.scheduling.breaks.maxsat import BreakSolution
from matchmaker.core.scheduling.breaks.race import fewest_breaks
from matchmaker.core.scheduling.breaks.search import reduce_breaks
from matchmaker.core.scheduling.options import ScheduleOptions
from matchmaker.core.scheduling.placement import PlacementTask, spread_tables
from matchmaker.core.scheduling.types import Meeting, MeetingWish, gaps
from matchmaker.core.scheduling.wish_slots import wish_weight


@dataclass
class ExactModel:
    """The CP-SAT model of a problem, and the pieces the stages and the answer need."""

    model: cp_model.CpModel
    candidates: list[tuple[MeetingWish, list[tuple[int, cp_model.IntVar]]]]
    weight: cp_model.LinearExpr
    weight_bound: int
    whens: list[cp_model.IntVar]


def build_model(
    placeable: Sequence[tuple[MeetingWish, list[int]]],
    task: PlacementTask,
) -> ExactModel:
    """The CP-SAT model of the task's meetings (parties: the two firms and any interpreter)."""
    model = cp_model.CpModel()
    candidates: list[tuple[MeetingWish, list[tuple[int, cp_model.IntVar]]]] = []
    by_party_slot: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    by_party: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    when_by_party: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    whens: list[cp_model.IntVar] = []
    weight_terms: list[tuple[cp_model.IntVar, int]] = []
    for (wish, allowed), meeting, worth in zip(placeable, task.meetings, task.weights, strict=True):
        choices = []
        for n in allowed:
            var = model.new_bool_var(f"{wish.a}|{wish.b}@{n}")
            choices.append((n, var))
            for pid in meeting.parties:
                by_party_slot[(pid, n)].append(var)
            if meeting.shared:
                by_slot[n].append(var)
            weight_terms.append((var, worth))
        model.add_at_most_one(var for _, var in choices)
        # The same choice as one integer, for the all-different constraint of each party;
        # a value of its own below 0 means "not placed", so unplaced wishes never clash.
        unplaced_value = -1 - len(candidates)
        when = model.new_int_var_from_domain(
            cp_model.Domain.from_values([unplaced_value, *allowed]), ""
        )
        for n, var in choices:
            model.add(when == n).only_enforce_if(var)
            model.add(when != n).only_enforce_if(~var)
        for pid in meeting.parties:
            by_party[pid].extend(var for _, var in choices)
            when_by_party[pid].append(when)
        whens.append(when)
        candidates.append((wish, choices))
    for group in by_party_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    # Redundant with the at-most-ones above, but its matching-based propagation is what lets
    # the solver place every meeting of a firm whose meetings fill its day (a list
    # edge-colouring): the tightly booked B2B instances went from unsolved in 15 s to 0.3 s.
    for own in when_by_party.values():
        if len(own) > 1:
            model.add_all_different(own)
    for n, group in by_slot.items():
        if len(group) > task.tables.get(n, 0):
            model.add(sum(group) <= task.tables.get(n, 0))
    for pid, group in by_party.items():
        if pid in task.room and len(group) > task.room[pid]:
            model.add(sum(group) <= task.room[pid])

    weight = cp_model.LinearExpr.weighted_sum(
        [v for v, _ in weight_terms], [w for _, w in weight_terms]
    )
    return ExactModel(model, candidates, weight, sum(task.weights), whens)


def place_exactly(
    built: ExactModel,
    start: list[int | None],
    options: ScheduleOptions,
    remaining: Callable[[], float],
    stages: list[str],
) -> tuple[list[int | None], int, bool]:
    """Most weight placed on CP-SAT, from the sweep's schedule: first, briefly, whether every
    wish fits (then each firm's all-different works on its whole day and settles tight days
    fast), else the weight maximised. The schedule, the weight bound, and whether optimal."""
    everything = built.model.clone()  # without the sweep's hint, which misleads it here
    for _, choices in built.candidates:
        everything.add_exactly_one(var for _, var in choices)
    for when in built.whens:  # no "not placed" value: all-different sees real slots only
        everything.add(when >= 1)
    for (_, choices), slot in zip(built.candidates, start, strict=True):
        for n, var in choices:
            built.model.add_hint(var, n == slot)
    solver = _solver(options, remaining() * options.all_placed_share)
    status = solver.solve(everything)
    weight_bound, optimal = built.weight_bound, True
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        stages.append(f"placement: every wish placed ({solver.wall_time:.1f} s)")
    else:
        built.model.maximize(built.weight)
        solver = _solver(options, remaining())
        status = solver.solve(built.model)
        optimal = status == cp_model.OPTIMAL
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            stages.append("placement: the sweep's (CP-SAT found nothing in time)")
            return start, weight_bound, False
        stages.append(f"placement: {solver.status_name(status).lower()} ({solver.wall_time:.1f} s)")
        weight_bound = min(weight_bound, round(solver.best_objective_bound))
    slot_of = [
        next((n for n, var in choices if solver.boolean_value(var)), None)
        for _, choices in built.candidates
    ]
    if _weight(built, slot_of) < _weight(built, start):  # the hint was not followed
        stages.append("placement: the sweep's (CP-SAT placed less in time)")
        return start, weight_bound, False
    return slot_of, weight_bound, optimal


def _weight(built: ExactModel, slot_of: Sequence[int | None]) -> int:
    return sum(
        wish_weight(wish)
        for (wish, _), slot in zip(built.candidates, slot_of, strict=True)
        if slot is not None
    )


def break_exactly(
    task: PlacementTask,
    placed: list[int],
    slots_now: list[int],
    options: ScheduleOptions,
    remaining: Callable[[], float],
    stages: list[str],
) -> tuple[list[int], int, bool]:
    """Slots for the placed meetings with the fewest breaks, exactly on MaxSAT: the slots,
    the proven bound, whether optimal (if MaxSAT runs out of time, the slots it was given,
    or the optimum without the fairness cap when only the capped solve ran out).

    The fairness cap is left out of the first solve (it slows the solver down, and the
    optimum usually keeps it anyway); only when a firm has more breaks than the cap is the
    cap added and the day solved again."""
    meetings = [task.meetings[k] for k in placed]
    cap = options.max_breaks_per_firm
    tables = dict(task.tables)
    if options.spread is not None:
        tables = spread_tables(task.tables, meetings, options.spread)
    exact = _exact_breaks(task, meetings, None, tables, remaining() * options.exact_share, options)
    if exact.infeasible and tables != task.tables:
        stages.append("breaks: the meetings cannot be spread evenly; tables are the limit")
        tables = dict(task.tables)
        exact = _exact_breaks(task, meetings, None, tables, remaining() * options.exact_share,
                              options)  # fmt: skip
    uncapped = exact.slots
    if uncapped is not None and cap is not None and _most_breaks(task, meetings, uncapped) > cap:
        capped = _exact_breaks(task, meetings, cap, tables, remaining() * options.exact_share,
                               options)  # fmt: skip
        if capped.infeasible:
            stages.append(f"breaks: no schedule with at most {cap} breaks per firm; cap lifted")
            cap = None
        elif capped.slots is not None:
            exact = capped
        else:  # out of time: the optimum without the cap, evened out by LNS below
            slots_now, exact = list(uncapped), BreakSolution(None, exact.lower_bound)
    if exact.slots is not None:
        stages.append("breaks: optimal (MaxSAT)")
        # As many breaks, but shorter ones and an earlier day where the optimum allows.
        tidy = reduce_breaks(meetings, list(exact.slots), tables, set(task.busy),
                             min(2.0, remaining() / 10), cap)  # fmt: skip
        return tidy, max(0, exact.lower_bound), True
    stages.append("breaks: MaxSAT out of time")
    return slots_now, max(0, exact.lower_bound), False


def _most_breaks(task: PlacementTask, meetings: list[Meeting], slots: Sequence[int]) -> int:
    """The most breaks any firm has with the meetings in these slots (pinned ones counted)."""
    taken: dict[str, set[int]] = defaultdict(set)
    for pid, slot in task.busy:
        taken[pid].add(slot)
    for m, slot in zip(meetings, slots, strict=True):
        taken[m.a].add(slot)
        taken[m.b].add(slot)
    return max((gaps(own) for own in taken.values()), default=0)


def _solver(options: ScheduleOptions, seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.max_deterministic_time = options.stage_work_limit()
    # One worker is deterministic; several race strategies and are not. (Interleaving
    # several deterministically was far weaker: 93 % of a 56-firm planted fair placed in
    # 60 s, against 100 % in 4 s with one worker.)
    solver.parameters.num_workers = 1 if options.reproducible else options.workers
    solver.parameters.random_seed = options.seed
    return solver


def _exact_breaks(
    task: PlacementTask,
    meetings: list[Meeting],
    cap: int | None,
    tables: dict[int, int],
    seconds: float,
    options: ScheduleOptions,
) -> BreakSolution:
    """Fewest breaks on MaxSAT with at most `tables` meetings per slot: the variants of
    `breaks.maxsat` raced on the cores (`breaks.race`), the answer being the same from run to
    run unless `options.reproducible` is off."""
    return fewest_breaks(meetings, task.slots, tables, set(task.busy), cap, seconds,
                         race=not options.reproducible)  # fmt: skip
