"""Themed tables on synthetic fairs with known relevance (benchmarks/synthetic_fair.py):
relevant tablemates per firm against random seating with the same table sizes, repeated
pairs over the rounds, mixed tables, tables sharing a language, seconds (matching and
seating). Usage: python -m benchmarks.bench_tables [--sizes 300 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import functools
import random
import time
from collections.abc import Callable

from benchmarks.synthetic_fair import generate
from matchmaker.core.matching.matcher import ComplementaryMatcher, MatchRules
from matchmaker.core.matching.semantic import default_readings
from matchmaker.core.tables.rules import (
    SeatedTable,
    TablePlan,
    TableRules,
    affinity_from_scores,
    shared_languages,
    table_sizes,
    table_stats,
)
from matchmaker.core.tables.search import seat_tables
from matchmaker.core.types import Profile

print = functools.partial(print, flush=True)  # progress shows when redirected


def random_plan(profiles: list[Profile], rules: TableRules, seed: int) -> TablePlan:
    """The baseline: everyone seated at random, same table sizes, every round."""
    rng = random.Random(seed)
    ids = [p.id for p in profiles]
    by_id = {p.id: p for p in profiles}
    tables: list[SeatedTable] = []
    for round_number in range(1, rules.rounds + 1):
        rng.shuffle(ids)
        start = 0
        for number, size in enumerate(table_sizes(len(ids), rules), start=1):
            members = tuple(ids[start : start + size])
            shared = shared_languages([by_id[m] for m in members])
            tables.append(SeatedTable(round_number, number, "", members, shared, not shared))
            start += size
    return TablePlan(tuple(tables))


def _relevant(relevance: Callable[[str, str], int], a: str, b: str) -> bool:
    return relevance(a, b) > 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 5000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--table-size", type=int, default=8)
    parser.add_argument("--partners", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    readings = default_readings()
    print(f"{'firms':>6} {'seating':22} {'relevant/firm':>13} {'x random':>8} {'repeats':>7} "
          f"{'mixed':>6} {'language':>8} {'match s':>7} {'seat s':>7}")  # fmt: skip
    for size in args.sizes:
        fair = generate(size, seed=args.seed)
        rules = TableRules(size=args.table_size, rounds=args.rounds, seed=args.seed)
        start = time.perf_counter()
        matcher = ComplementaryMatcher(readings=readings).fit(fair.profiles)
        matches = matcher.recommend(MatchRules(top_k=args.partners))
        affinity = affinity_from_scores([(m.participant_id, m.partner_id, m.score)
                                         for m in matches])  # fmt: skip
        matched = time.perf_counter() - start
        start = time.perf_counter()
        plan = seat_tables(fair.profiles, affinity, rules)
        seated = time.perf_counter() - start
        relevant = functools.partial(_relevant, fair.relevance)
        baseline = table_stats(fair.profiles, random_plan(fair.profiles, rules, args.seed),
                               relevant)  # fmt: skip
        for name, stats, seconds in (
            ("random (baseline)", baseline, (0.0, 0.0)),
            ("matchmaker", table_stats(fair.profiles, plan, relevant), (matched, seated)),
        ):
            ratio = stats.relevant_per_firm / baseline.relevant_per_firm
            shares = f"{stats.mixed_share:6.1%} {stats.shared_language_share:8.1%}"
            took = f"{seconds[0]:7.1f} {seconds[1]:7.1f}"
            print(f"{size:6d} {name:22} {stats.relevant_per_firm:13.2f} {ratio:8.2f} "
                  f"{stats.repeated_pairs:7d} {shares} {took}")  # fmt: skip


if __name__ == "__main__":
    main()
