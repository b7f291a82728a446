"""Company visits (issue 21) on seeded days with planted relevance (benchmarks/
visit_instances.py): relevance gained by the baseline (round-robin split, best-ratio
insertion), the planner and, on small days, the exact optimum (CP-SAT), side by side, with
the ratios and the seconds per day. Targets: planner >= 98 % of the optimum on small days,
>= 1.2 x the baseline on 40-host days, each day in <= 10 s on 2 cores.
Usage: python -m benchmarks.bench_visits [--seeds 1 2 3 4 5] [--time-limit 10]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time

from benchmarks.visit_instances import visit_day
from matchmaker.core.visits.checks import visit_violations
from matchmaker.core.visits.exact import exact_plan
from matchmaker.core.visits.greedy import greedy_plan
from matchmaker.core.visits.planner import plan_visits
from matchmaker.core.visits.types import VisitPlan, VisitProblem

print = functools.partial(print, flush=True)  # progress shows when redirected


def _checked(problem: VisitProblem, plan: VisitPlan, name: str) -> float:
    """The plan's relevance, after the verifier found nothing wrong with it."""
    wrong = visit_violations(problem, plan)
    if wrong:
        raise SystemExit(f"{name}: the verifier refuses the plan: {wrong[:3]}")
    return plan.relevance_total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--small", type=int, default=12, help="hosts of a small day")
    parser.add_argument("--large", type=int, default=40, help="hosts of a large day")
    parser.add_argument("--members", type=int, default=11)
    parser.add_argument("--groups", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=10.0, help="planner, s a day")
    parser.add_argument("--exact-seconds", type=float, default=300.0)
    args = parser.parse_args()
    print(f"{'hosts':>5} {'seed':>4} {'greedy':>7} {'planner':>7} {'optimum':>8} "
          f"{'plan/opt':>8} {'plan/greedy':>11} {'plan s':>6} {'exact s':>7}")  # fmt: skip
    for hosts in (args.small, args.large):
        of_optimum: list[float] = []
        of_greedy: list[float] = []
        for seed in args.seeds:
            problem = visit_day(hosts, members=args.members, groups=args.groups, seed=seed)
            greedy = _checked(problem, greedy_plan(problem), "greedy")
            start = time.perf_counter()
            planned = _checked(problem, plan_visits(problem, args.time_limit), "planner")
            took = time.perf_counter() - start
            optimum, exact_s, mark = "", "", ""
            if hosts <= 12:
                start = time.perf_counter()
                exact = exact_plan(problem, seconds=args.exact_seconds)
                exact_s = f"{time.perf_counter() - start:7.1f}"
                best = _checked(problem, exact.plan, "exact")
                mark = "" if exact.optimal else "?"  # ? : the optimum is not proven
                optimum = f"{best:7.3f}{mark or ' '}"
                of_optimum.append(planned / best if best else 1.0)
            of_greedy.append(planned / greedy if greedy else 1.0)
            ratio = f"{of_optimum[-1]:8.1%}" if optimum else f"{'':8}"
            print(f"{hosts:5d} {seed:4d} {greedy:7.3f} {planned:7.3f} {optimum:>8} {ratio} "
                  f"{of_greedy[-1]:11.2f} {took:6.1f} {exact_s:>7}")  # fmt: skip
        summary = f"{hosts:5d} hosts: planner/greedy mean {statistics.mean(of_greedy):.2f}, "
        summary += f"min {min(of_greedy):.2f}"
        if of_optimum:
            summary += f"; planner/optimum mean {statistics.mean(of_optimum):.1%}, "
            summary += f"min {min(of_optimum):.1%}"
        print(summary)


if __name__ == "__main__":
    main()
