"""Fair-day repair on a planted fair of about 500 firms: firms absent, late and leaving early,
meetings cancelled and a table lost, from the middle of the day. Prints seconds, published
meetings kept exactly, firms whose agenda changed, wishes placed, and whether the verifier
accepts the result; beside it the simple baseline of re-planning the rest of the day from
scratch with first-fit (what a spreadsheet does).
Usage: python -m benchmarks.bench_scheduling_repair [--firms 400] [--seed 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import random
import time

from benchmarks.planted_schedule import plant
from matchmaker.core.scheduling.checks import is_valid_schedule
from matchmaker.core.scheduling.first_fit import first_fit
from matchmaker.core.scheduling.repair import FairDayChanges, repair
from matchmaker.core.scheduling.types import Placement

print = functools.partial(print, flush=True)  # progress shows when redirected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    planted = plant(args.firms, slots=24, spare_tables=0.1, seed=args.seed)
    problem, published = planted.problem, list(planted.planted)
    rng = random.Random(args.seed)
    from_slot = 9
    present = sorted({pid for m in published if m.slot == from_slot for pid in m.pair})
    picked = rng.sample(present, 15)
    slot = problem.slots[from_slot + 2]
    changes = FairDayChanges(
        absent=frozenset(picked[:5]),
        arrives=dict.fromkeys(picked[5:10], slot.start),
        leaves=dict.fromkeys(picked[10:15], slot.end),
        cancelled=frozenset(m.pair for m in rng.sample(published, 3) if m.slot >= from_slot),
        lost_tables=frozenset({1}),
        from_slot=from_slot,
    )
    print(
        f"{len(problem.profiles)} firms, {len(published)} published meetings, changes from "
        f"slot {from_slot}: 5 absent, 5 late, 5 leaving early, 3 cancelled, table 1 lost"
    )
    print(f"{'method':34} {'seconds':>8} {'kept':>6} {'firms changed':>13} {'placed':>7} valid")

    start = time.perf_counter()
    result = repair(problem, published, changes)
    seconds = time.perf_counter() - start
    changed = {c.firm for c in result.changes}
    valid = is_valid_schedule(result.problem, result.placements)
    print(
        f"{'matchmaker repair':34} {seconds:8.2f} {result.kept:6d} {len(changed):13d} "
        f"{len(result.placements):7d} {valid}"
    )

    start = time.perf_counter()
    past = tuple(m for m in published if m.slot < from_slot)
    redo = first_fit(dataclasses.replace(result.problem, pinned=past))
    seconds = time.perf_counter() - start
    kept = len(set(published) & set(redo))
    valid = is_valid_schedule(dataclasses.replace(result.problem, pinned=past), redo)
    print(
        f"{'baseline: re-plan rest (first-fit)':34} {seconds:8.2f} {kept:6d} "
        f"{len(_firms_changed(published, redo)):13d} {len(redo):7d} {valid}"
    )


def _firms_changed(before: list[Placement], after: list[Placement]) -> set[str]:
    return {pid for m in set(before) ^ set(after) for pid in m.pair}


if __name__ == "__main__":
    main()
