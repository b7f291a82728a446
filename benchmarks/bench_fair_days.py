"""A fair over two days: the scheduler's day-by-day method beside the simple baseline.

Instances: firms there on day 1 only, day 2 only or both (a quarter, a quarter, half), each
wishing to meet firms it shares a day with, on average about three quarters as many as it
has slots; tables for two thirds of the firms at once. Both methods are given the same
time:
- baseline, "one run": the single-day solver on all slots as one run of numbers (what the
  scheduler did before it knew days: the night counts as a break, and a firm's last slot of
  day 1 and first of day 2 count as back to back); its breaks are then counted per day;
- day by day (`scheduler.schedule`): that run's placement, then each day solved again by
  itself with its meetings for the fewest breaks within the day.
Printed per instance: meetings placed, their weight (priority, doubled for a mutual wish:
what the scheduler maximises) of the solver's bound on what any schedule places, breaks in
all (counted within days), the most breaks of one firm, mean idle slots per firm (within
days), and seconds. Every schedule is checked by the verifier.

    python -m benchmarks.bench_fair_days [--firms 60 200] [--slots 8] [--seconds 20]
"""

from __future__ import annotations

import argparse
import functools
import random
import time
from dataclasses import dataclass
from datetime import time as clock

from matchmaker.core.scheduling.checks import schedule_stats, schedule_violations
from matchmaker.core.scheduling.scheduler import ScheduleOptions, ScheduleResult, firm_breaks
from matchmaker.core.scheduling.scheduler import _schedule_slots as one_run
from matchmaker.core.scheduling.scheduler import schedule as day_by_day
from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import MeetingWish, SchedulingProblem
from matchmaker.core.types import Profile, SlotGrid

print = functools.partial(print, flush=True)  # progress shows when redirected


def two_day_fair(firms: int, slots: int, seed: int) -> SchedulingProblem:
    """`firms` firms over two days of `slots` 20-minute slots from 09:00; tables for two
    thirds of the firms to meet at once."""
    rng = random.Random(seed)
    grid = SlotGrid(clock(9), 20, slots, days=2)
    kinds = [(0,), (1,), ()]
    profiles = tuple(
        Profile(id=f"F{i:04d}", days=kinds[0 if r < 0.25 else 1 if r < 0.5 else 2])
        for i, r in enumerate(rng.random() for _ in range(firms))
    )
    on = {p.id: set(p.days or (0, 1)) for p in profiles}
    wanted = {p.id: rng.randint(slots // 2, slots) * len(on[p.id]) for p in profiles}
    pairs: set[tuple[str, str]] = set()
    ids = [p.id for p in profiles]
    for a in ids:
        partners = [b for b in ids if b != a and on[a] & on[b]]
        rng.shuffle(partners)
        for b in partners[: wanted[a] // 2]:
            pairs.add((min(a, b), max(a, b)))
    wishes = tuple(
        MeetingWish(a, b, priority=rng.choice((1, 1, 2)), mutual=rng.random() < 0.3)
        for a, b in sorted(pairs)
    )
    return SchedulingProblem(profiles, wishes, build_slots(grid), tables=firms // 3)


@dataclass(frozen=True, slots=True)
class Figures:
    placed: int
    weight: int
    bound: int
    breaks: int
    max_breaks: int
    idle: float
    seconds: float


def figures(problem: SchedulingProblem, result: ScheduleResult, seconds: float) -> Figures:
    problems = schedule_violations(problem, result.placements)
    if problems:
        raise SystemExit(f"invalid schedule: {problems[:3]}")
    day_of = {s.number: s.day for s in problem.slots}
    per_firm = firm_breaks(result.placements, day_of)
    stats = schedule_stats(problem, result.placements)
    return Figures(
        len(result.placements),
        result.placed_weight,
        result.placed_weight_bound,
        sum(per_firm.values()),
        max(per_firm.values(), default=0),
        stats.idle_per_firm,
        seconds,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, nargs="+", default=[60, 200])
    parser.add_argument("--slots", type=int, default=8, help="slots per day")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    options = ScheduleOptions(time_limit=args.seconds)
    print(f"two days of {args.slots} slots; {args.seconds:g} s per method and instance")
    head = (
        f"{'firms':>5} {'wishes':>6}  {'method':<11} {'meetings':>8} {'weight':>11} {'breaks':>6} "
    )
    print(head + f"{'max':>4} {'idle/firm':>9} {'s':>6}")
    for firms in args.firms:
        problem = two_day_fair(firms, args.slots, args.seed)
        for name, solve in (("one run", one_run), ("day by day", day_by_day)):
            started = time.perf_counter()
            result = solve(problem, options)
            f = figures(problem, result, time.perf_counter() - started)
            print(
                f"{firms:>5} {len(problem.wishes):>6}  {name:<11} "
                f"{f.placed:>8} {f'{f.weight} of {f.bound}':>11} {f.breaks:>6} {f.max_breaks:>4} "
                f"{f.idle:>9.2f} {f.seconds:>6.1f}"
            )


if __name__ == "__main__":
    main()
