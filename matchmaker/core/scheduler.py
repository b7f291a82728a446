"""Meeting scheduling: every meeting that can be placed, placed, with the fewest breaks,
fairly spread.

A firm's breaks are the runs of slots without a meeting between two of its meetings (as in
Bofill et al., JAIR 74 (2022)). Objectives, in order, solved as stages so that the first is
never traded for the second:
1. the most priority-weighted wishes placed (a mutual wish weighs double): first the sweep
   (`sweep`), then, on fairs up to `ScheduleOptions.exact_size`, CP-SAT on a Boolean per
   wish and slot with an all-different per firm, or on larger fairs re-solves of small
   parts around what is left out (`placement_search`);
2. with those meetings fixed, the fewest breaks in total with at most `max_breaks_per_firm`
   per firm (fairness): exactly on MaxSAT (`break_maxsat`) on exact-size fairs; when that
   runs out of time, and on large fairs, local search (`break_search`) then re-solves of the
   meetings of a few firms at a time (`break_lns`).
Both stages first keep each slot to an even share of the meetings (`ScheduleOptions.spread`,
lifted when impossible), so that the day is spread over the slots and not piled up where
the search happened to put it.
Tables are assigned per slot afterwards (`seating`: hosts keep theirs, pinned meetings
stay, themed tables go to meetings that fit their theme, else the lowest free table).
Interpreters are given to meetings before placement (`interpreters`).

The solver is deterministic for a given seed as long as its deterministic work limits, not
the wall-clock `time_limit`, end the search (see `ScheduleOptions`).
"""

from __future__ import annotations

import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from ortools.sat.python import cp_model

from matchmaker.core.break_lns import improve_breaks
from matchmaker.core.break_maxsat import SEQUENCE, BreakSolution, Meeting, fewest_breaks
from matchmaker.core.break_search import reduce_breaks
from matchmaker.core.interpreters import plan_interpreters
from matchmaker.core.placement import PlacementTask, spread_tables
from matchmaker.core.placement_search import place_more
from matchmaker.core.schedule_checks import schedule_violations
from matchmaker.core.schedule_types import MeetingWish, Placement, SchedulingProblem, gaps
from matchmaker.core.seating import NoTable, seat_meetings
from matchmaker.core.slots import available_slot_numbers
from matchmaker.core.sweep import repeated_sweep
from matchmaker.core.types import Profile, Slot
from matchmaker.messages import N_, Message


@dataclass(frozen=True, slots=True)
class ScheduleOptions:
    """How long and how the solver searches, and how fair the result must be.

    `time_limit` (seconds, wall clock) bounds the whole solve. `workers` is CP-SAT's
    portfolio of search strategies when the result need not be reproducible (they share
    the machine's cores). The CP-SAT stages also stop
    after `work_limit` of the solver's deterministic time units (about a second each on this
    machine): a run ended by that limit is reproducible with the same seed; MaxSAT is
    deterministic by itself. `max_breaks_per_firm` is the fairness rule (the B2B literature's
    d = 2: nobody waits in more than two gaps; lifted when no schedule can keep it).
    `reproducible` (default) keeps to deterministic search: CP-SAT with one worker, MaxSAT
    with one oracle; without it CP-SAT runs `workers` strategies and two MaxSAT oracles race,
    which can be faster but may give another, equally good schedule.
    `all_placed_share` is the part of the time given to trying to place every wish at once
    before maximising what is placed; `exact_share` the part of the remaining time given to
    the exact break minimisation before local search takes over.
    `spread` spreads the meetings over the day: the fewest breaks are first sought with
    each slot holding at most an even share of the meetings plus that part of it (None: as
    many as the slot has tables); lifted when no schedule keeps it. Off by default: it is
    a lower objective than breaks, but the exact stage solved under it reports its optimum
    under the limits (the staff's drafts use it: `services.drafts.draft_options`).
    `mode`: "exact" solves placement and breaks on CP-SAT and MaxSAT; "fast" (for large
    fairs) builds by `repeated_sweep` (`sweep_rounds`, at most `sweep_share` of the time),
    repairs by `place_more` (`search_share` of what is left) and shortens breaks by local
    search; "auto" takes "exact" up to `exact_size` possible (wish, slot) choices. Both start
    from the sweep, and a sweep that places every wish settles placement at once.
    """

    time_limit: float = 60.0
    work_limit: float | None = None
    seed: int = 0
    workers: int = 8
    max_breaks_per_firm: int | None = 2
    spread: float | None = None
    exact_share: float = 0.7
    all_placed_share: float = 0.25
    reproducible: bool = True
    mode: Literal["auto", "exact", "fast"] = "auto"
    exact_size: int = 20_000
    sweep_rounds: int = 12
    sweep_share: float = 0.3
    search_share: float = 0.6

    def stage_work_limit(self) -> float:
        return self.work_limit if self.work_limit is not None else self.time_limit / 2


@dataclass(frozen=True, slots=True)
class Unplaced:
    wish: MeetingWish
    why: Message

    @property
    def reason(self) -> str:
        """Why, in English with the firms' ids."""
        return str(self.why)


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


def wish_weight(wish: MeetingWish) -> int:
    """What placing a wish is worth: its priority, doubled when both firms asked."""
    return max(1, wish.priority) * (2 if wish.mutual else 1)


@dataclass
class _Model:
    """The CP-SAT model of a problem, and the pieces the stages and the answer need."""

    model: cp_model.CpModel
    candidates: list[tuple[MeetingWish, list[tuple[int, cp_model.IntVar]]]]
    weight: cp_model.LinearExpr
    weight_bound: int
    whens: list[cp_model.IntVar]


def schedule(problem: SchedulingProblem, options: ScheduleOptions | None = None) -> ScheduleResult:
    """The best schedule the solver finds within the options' limits (always a valid one:
    at worst the sweep's, which seeds the search)."""
    options = options or ScheduleOptions()
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
    built = _build(placeable, task) if exact else None
    placement_optimal = None not in slot_of
    if placement_optimal:
        pass
    elif built is not None:
        slot_of, weight_bound, placement_optimal = _place_exactly(
            built, slot_of, options, remaining, stages
        )
    else:
        slot_of = place_more(task, slot_of, remaining() * options.search_share, options.seed)
        stages.append(f"placement search: {_placed_share(slot_of)} placed")

    # The placed meetings stay; their slots move to give the fewest breaks.
    placed = [k for k, s in enumerate(slot_of) if s is not None]
    meetings = [task.meetings[k] for k in placed]
    slots_now = [s for s in slot_of if s is not None]
    breaks_bound, breaks_optimal = 0, False
    if built is not None:
        slots_now, breaks_bound, breaks_optimal = _fewest_breaks(
            task, placed, slots_now, options, remaining, stages
        )
    else:
        slots_now = reduce_breaks(
            meetings, slots_now, dict(task.tables), set(task.busy), remaining() * 0.5
        )
        slots_now = improve_breaks(
            meetings, slots_now, task.slots, dict(task.tables), set(task.busy),
            options.max_breaks_per_firm, remaining() - options.time_limit / 20, options.seed,
        )  # fmt: skip
        stages.append("breaks: local search, then LNS (large fair)")
    chosen = [(placeable[k][0], slot) for k, slot in zip(placed, slots_now, strict=True)]
    placements = seat_meetings(problem, chosen, wishes.interpreters)
    if earlier := _moved_earlier(problem, chosen, wishes.interpreters):
        placements, shift = earlier
        stages.append(f"whole day moved {shift} slot(s) earlier")
    placed_pairs = {p.pair for p in placements}
    unplaced = [u for u in unplaceable if u.wish.pair not in placed_pairs]
    unplaced += [
        Unplaced(wish, _reason_left_out(problem, wish, placements))
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


def _place_exactly(
    built: _Model,
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


def _weight(built: _Model, slot_of: Sequence[int | None]) -> int:
    return sum(
        wish_weight(wish)
        for (wish, _), slot in zip(built.candidates, slot_of, strict=True)
        if slot is not None
    )


def _fewest_breaks(
    task: PlacementTask,
    placed: list[int],
    slots_now: list[int],
    options: ScheduleOptions,
    remaining: Callable[[], float],
    stages: list[str],
) -> tuple[list[int], int, bool]:
    """Slots for the placed meetings with the fewest breaks: exactly on MaxSAT; if that runs
    out of time, local search then LNS. The slots, the proven bound, whether optimal."""
    meetings = [task.meetings[k] for k in placed]
    cap = options.max_breaks_per_firm
    tables = dict(task.tables)
    if options.spread is not None:
        tables = spread_tables(task.tables, meetings, options.spread)
    exact = _exact_breaks(task, meetings, cap, tables, remaining() * options.exact_share, options)
    if exact.infeasible and tables != task.tables:
        stages.append("breaks: the meetings cannot be spread evenly; tables are the limit")
        tables = dict(task.tables)
        exact = _exact_breaks(task, meetings, cap, tables, remaining() * options.exact_share,
                              options)  # fmt: skip
    if exact.infeasible and cap is not None:
        stages.append(f"breaks: no schedule with at most {cap} breaks per firm; cap lifted")
        cap = None
        exact = _exact_breaks(task, meetings, cap, tables, remaining() * options.exact_share,
                              options)  # fmt: skip
    if exact.slots is not None:
        stages.append("breaks: optimal (MaxSAT)")
        return list(exact.slots), max(0, exact.lower_bound), True
    slots_now = reduce_breaks(
        meetings, slots_now, dict(task.tables), set(task.busy), remaining() * 0.5
    )
    slots_now = improve_breaks(
        meetings, slots_now, task.slots, dict(task.tables), set(task.busy), cap,
        remaining() - options.time_limit / 20, options.seed,
    )  # fmt: skip
    stages.append("breaks: local search, then LNS (MaxSAT out of time)")
    return slots_now, max(0, exact.lower_bound), False


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
    """Fewest breaks on MaxSAT with at most `tables` meetings per slot: two oracles racing,
    or, reproducibly, one after the other (`break_maxsat.SEQUENCE`), each answer being the
    same whenever it is found."""
    busy = set(task.busy)
    if not options.reproducible:
        return fewest_breaks(meetings, task.slots, tables, busy, cap, seconds, race=True)
    bound = 0
    for oracle, share in SEQUENCE:
        found = fewest_breaks(
            meetings, task.slots, tables, busy, cap, seconds * share, oracle=oracle
        )
        if found.slots is not None or found.infeasible:
            return found
        bound = max(bound, found.lower_bound)
    return BreakSolution(None, bound)


@dataclass(frozen=True, slots=True)
class WishSlots:
    """Each placeable wish with the slots it may take and the interpreter it takes (by pair),
    and the wishes that cannot be placed at all, with the reason."""

    placeable: list[tuple[MeetingWish, list[int]]]
    unplaceable: list[Unplaced]
    interpreters: dict[frozenset[str], str]


def wish_slots(problem: SchedulingProblem) -> WishSlots:
    """The slots each wish may take: both firms there and not held by a pinned meeting,
    inside its window, a table left, and its interpreter there and free."""
    profiles = {p.id: p for p in problem.profiles}
    slots = {s.number: s for s in problem.slots}
    available = {pid: available_slot_numbers(p, problem.slots) for pid, p in profiles.items()}
    pinned_busy = {(pid, pin.slot) for pin in problem.pinned for pid in (pin.a, pin.b)}
    tables_left = problem.open_tables()
    pinned_pairs = {pin.pair for pin in problem.pinned}
    placeable: list[tuple[MeetingWish, list[int]]] = []
    unplaceable: list[Unplaced] = []
    seen: set[frozenset[str]] = set()
    for wish in problem.wishes:
        reason = _why_impossible(wish, profiles, seen | pinned_pairs)
        seen.add(wish.pair)
        if reason is not None:
            if wish.pair not in pinned_pairs:
                unplaceable.append(Unplaced(wish, reason))
            continue
        allowed = [
            n
            for n in sorted(available[wish.a] & available[wish.b])
            if (wish.a, n) not in pinned_busy
            and (wish.b, n) not in pinned_busy
            and _inside(wish, slots[n])
            and (
                problem.seat(wish.a, wish.b, n) is not None
                if problem.seats(wish.a, wish.b)
                else tables_left[n] > 0
            )
        ]
        if allowed:
            placeable.append((wish, allowed))
        else:
            unplaceable.append(Unplaced(wish, _no_common_slot(wish, available, slots)))
    plan = plan_interpreters(problem, placeable)
    unplaceable += [Unplaced(placeable[k][0], reason) for k, reason in plan.refused.items()]
    kept = [
        (wish, plan.slots.get(k, allowed))
        for k, (wish, allowed) in enumerate(placeable)
        if k not in plan.refused
    ]
    interpreters = {placeable[k][0].pair: pid for k, pid in plan.interpreter.items()}
    return WishSlots(kept, unplaceable, interpreters)


def placement_task(problem: SchedulingProblem, wishes: WishSlots) -> PlacementTask:
    """The placeable wishes as a `PlacementTask` around the pinned meetings; an interpreter
    is a third party of the meetings they go with."""
    busy = [(pid, pin.slot) for pin in problem.pinned for pid in _parties(pin)]
    pinned_count: Counter[str] = Counter(pid for pid, _ in busy)
    limits = [(p.id, p.max_meetings) for p in problem.profiles]
    limits += [(i.id, i.max_meetings) for i in problem.interpreters]
    return PlacementTask(
        meetings=[
            Meeting(
                w.a,
                w.b,
                tuple(allowed),
                shared=not problem.seats(w.a, w.b),
                extra=(wishes.interpreters[w.pair],) if w.pair in wishes.interpreters else (),
            )
            for w, allowed in wishes.placeable
        ],
        weights=[wish_weight(w) for w, _ in wishes.placeable],
        slots=[s.number for s in problem.slots],
        tables=problem.open_tables(),
        busy=frozenset(busy),
        room={pid: max(0, limit - pinned_count[pid]) for pid, limit in limits if limit is not None},
    )


def _parties(m: Placement) -> tuple[str, ...]:
    return (m.a, m.b) if m.interpreter is None else (m.a, m.b, m.interpreter)


def _build(
    placeable: Sequence[tuple[MeetingWish, list[int]]],
    task: PlacementTask,
) -> _Model:
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
    return _Model(model, candidates, weight, sum(task.weights), whens)


def _why_impossible(
    wish: MeetingWish, profiles: dict[str, Profile], done: set[frozenset[str]]
) -> Message | None:
    unknown = [pid for pid in (wish.a, wish.b) if pid not in profiles]
    if unknown:
        return Message(N_("unknown firm %(firms)s"), {"firms": ", ".join(unknown)})
    if wish.a == wish.b:
        return Message(N_("a firm cannot meet itself"))
    if wish.pair in done:
        return Message(N_("the pair already meets"))
    return None


def _inside(wish: MeetingWish, slot: Slot) -> bool:
    if wish.earliest is not None and slot.start < wish.earliest:
        return False
    return not (wish.latest is not None and slot.end > wish.latest)


def _no_common_slot(
    wish: MeetingWish, available: dict[str, frozenset[int]], slots: dict[int, Slot]
) -> Message:
    common = available[wish.a] & available[wish.b]
    if not common:
        return Message(N_("%(a)s and %(b)s are never there at the same time"),
                       {"a": wish.a, "b": wish.b})  # fmt: skip
    if not any(_inside(wish, slots[n]) for n in common):
        return Message(N_("no slot inside the wished time window while both are there"))
    return Message(N_("every slot both could use is taken by pinned meetings"))


def unplaced_reasons(problem: SchedulingProblem, placements: Sequence[Placement]) -> list[Unplaced]:
    """The wishes a schedule (any, e.g. one staff edited) leaves out, each with the reason."""
    placed = {p.pair for p in placements}
    impossible = {u.wish.pair: u for u in wish_slots(problem).unplaceable}
    return [
        impossible.get(w.pair) or Unplaced(w, _reason_left_out(problem, w, placements))
        for w in problem.wishes
        if w.pair not in placed
    ]


def _reason_left_out(
    problem: SchedulingProblem, wish: MeetingWish, placements: Sequence[Placement]
) -> Message:
    """Why a placeable-looking wish was left out of the schedule."""
    count: Counter[str] = Counter(pid for p in placements for pid in (p.a, p.b))
    limits = {p.id: p.max_meetings for p in problem.profiles}
    for pid in (wish.a, wish.b):
        limit = limits[pid]
        if limit is not None and count[pid] >= limit:
            return Message(N_("%(firm)s has reached its maximum of %(limit)d meetings"),
                           {"firm": pid, "limit": limit})  # fmt: skip
    return Message(N_("no slot where both firms and a table are free (the others weigh more)"))


def firm_breaks(placements: Iterable[Placement]) -> dict[str, int]:
    """Breaks per firm with a meeting: runs of slots without a meeting between two of its
    meetings (slot numbers are consecutive over the day; a lunch break is not a slot)."""
    taken: dict[str, set[int]] = defaultdict(set)
    for m in placements:
        taken[m.a].add(m.slot)
        taken[m.b].add(m.slot)
    return {firm: gaps(own) for firm, own in taken.items()}
