"""The scheduler on the public B2B meeting-scheduling instances (Bofill et al., JAIR 2022),
read from ../shared/benchmarks/b2b-instances, beside first-fit greedy and the published optima.

Per instance: meetings placed, total breaks (as the paper counts them), the fairness spread
(most minus fewest breaks over all participants, the paper's d; theirs is 2), the solver's
proven bound, seconds, and whether our verifier accepts the schedule.
Usage: python -m benchmarks.bench_scheduling_b2b [--time-limit 60] [--instances forum-13 ...]
"""

from __future__ import annotations

import argparse
import csv
import functools
import time

from benchmarks.b2b_instances import (
    INSTANCES,
    ORIGINALS,
    breaks,
    instance_path,
    read_instance,
    to_problem,
)
from matchmaker.core.scheduling.checks import is_valid_schedule
from matchmaker.core.scheduling.first_fit import first_fit
from matchmaker.core.scheduling.scheduler import ScheduleOptions, schedule

print = functools.partial(print, flush=True)  # progress shows when redirected


def published_optima() -> dict[str, int]:
    with (INSTANCES / "published_results_jair2022.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["instance"]: int(row["optimum_d2"]) for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--work-limit", type=float, default=None)
    parser.add_argument("--workers", type=int, default=ScheduleOptions().workers)
    parser.add_argument("--fast", action="store_true", help="not reproducible: no interleaving")
    parser.add_argument("--instances", nargs="+", default=list(ORIGINALS))
    args = parser.parse_args()
    optima = published_optima()
    print(f"{'instance':16} {'meet':>5} {'ff placed':>9} {'ff brk':>6} {'placed':>6} {'breaks':>6} "
          f"{'bound':>5} {'paper':>5} {'spread':>6} {'seconds':>7} valid")  # fmt: skip
    totals = {"breaks": 0, "paper": 0}
    for name in args.instances:
        instance = read_instance(instance_path(name))
        problem = to_problem(instance)
        greedy = first_fit(problem)
        start = time.perf_counter()
        result = schedule(
            problem,
            ScheduleOptions(
                time_limit=args.time_limit,
                work_limit=args.work_limit,
                workers=args.workers,
                reproducible=not args.fast,
            ),
        )
        seconds = time.perf_counter() - start
        per_firm = breaks(result.placements)
        everyone = [per_firm.get(f"B{p:03d}", 0) for p in range(1, instance.participants + 1)]
        total = sum(everyone)
        totals["breaks"] += total
        totals["paper"] += optima.get(name, 0)
        greedy_breaks = sum(breaks(greedy).values())
        print(
            f"{name:16} {len(problem.wishes):5d} {len(greedy):9d} {greedy_breaks:6d} "
            f"{len(result.placements):6d} {total:6d} {result.breaks_bound:5d} "
            f"{optima.get(name, '-')!s:>5} {max(everyone) - min(everyone):6d} {seconds:7.1f} "
            f"{is_valid_schedule(problem, result.placements)}"
        )
    print(f"total breaks: ours {totals['breaks']}, published optima {totals['paper']}")


if __name__ == "__main__":
    main()
