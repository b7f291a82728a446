"""Matching quality on synthetic fairs with planted complementary partners.

Side by side, cross-group (the delegation meets host firms only):
- baseline: TF-IDF cosine over whole profiles (offer + request + description), what plain
  "profile similarity" gives;
- matchmaker with TF-IDF alone (no multilingual scorer installed);
- matchmaker with TF-IDF and the multilingual sentence encoder (the default when installed).

Prints P@10, nDCG@10 (gain = number of complementary items), the share of look-alike
competitors in the top 10, overall and by the language a firm writes in.
Usage: python -m benchmarks.bench_matching_quality [--firms 500] [--seeds 3]
"""

from __future__ import annotations

import argparse
import math
import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from benchmarks.synthetic_fair import SyntheticFair, generate
from matchmaker.core.matching.matcher import ComplementaryMatcher, MatchRules
from matchmaker.core.matching.semantic import default_readings

K = 10
Ranking = dict[str, list[str]]


def baseline(fair: SyntheticFair) -> Ranking:
    profiles = fair.profiles
    texts = [f"{p.offer} {p.request} {p.description}" for p in profiles]
    matrix = TfidfVectorizer().fit_transform(texts)
    similarity = (matrix @ matrix.T).toarray()
    groups = np.array([p.group for p in profiles])
    similarity[groups[:, None] == groups[None, :]] = -1
    ranking: Ranking = {}
    for i, p in enumerate(profiles):
        top = np.argsort(-similarity[i], kind="stable")[:K]
        ranking[p.id] = [profiles[j].id for j in top if similarity[i, j] > 0]
    return ranking


def matchmaker_ranking(fair: SyntheticFair, semantic: bool) -> Ranking:
    readings = default_readings() if semantic else ()
    if semantic and not readings:
        raise SystemExit("install the 'semantic' extra to benchmark the multilingual scorer")
    matcher = ComplementaryMatcher(readings=readings).fit(fair.profiles)
    ranking: Ranking = defaultdict(list)
    for match in matcher.recommend(MatchRules(top_k=K, cross_group=True)):
        ranking[match.participant_id].append(match.partner_id)
    return ranking


def evaluate(fair: SyntheticFair, ranking: Ranking) -> dict[str, dict[str, float]]:
    ids = [p.id for p in fair.profiles]
    rows: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for a in ids:
        candidates = [b for b in ids if fair.group(b) != fair.group(a)]
        gains = sorted((fair.relevance(a, b) for b in candidates), reverse=True)[:K]
        ideal = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        got = ranking.get(a, [])[:K]
        dcg = sum(fair.relevance(a, b) / math.log2(i + 2) for i, b in enumerate(got))
        precision = sum(fair.relevance(a, b) > 0 for b in got) / K
        twins = sum(fair.offers[a] == fair.offers[b] and fair.relevance(a, b) == 0 for b in got) / K
        row = (precision, dcg / ideal if ideal else 1.0, twins)
        rows["all"].append(row)
        rows[f"writes {fair.language[a]}"].append(row)
    return {
        key: {
            "P@10": float(np.mean([r[0] for r in values])),
            "nDCG@10": float(np.mean([r[1] for r in values])),
            "competitors@10": float(np.mean([r[2] for r in values])),
            "firms": len(values),
        }
        for key, values in rows.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=500)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    methods: dict[str, Callable[[SyntheticFair], Ranking]] = {
        "baseline: TF-IDF cosine, whole profile": baseline,
        "matchmaker, TF-IDF only": lambda f: matchmaker_ranking(f, semantic=False),
        "matchmaker, TF-IDF + USE + e5": lambda f: matchmaker_ranking(f, semantic=True),
    }
    totals: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    seconds: dict[str, list[float]] = defaultdict(list)
    for seed in range(args.seeds):
        fair = generate(args.firms, seed=seed)
        for name, method in methods.items():
            start = time.perf_counter()
            ranking = method(fair)
            seconds[name].append(time.perf_counter() - start)
            for segment, figures in evaluate(fair, ranking).items():
                for metric, value in figures.items():
                    totals[f"{name}|{segment}"][metric].append(value)
    print(f"{args.firms} firms, {args.seeds} seeds, cross-group, top {K}; mean over seeds")
    print(f"{'method':42} {'segment':11} {'firms':>6} {'P@10':>6} {'nDCG@10':>8} {'compet.':>8}")
    for key, per_seed in totals.items():
        name, segment = key.split("|")
        mean = {metric: float(np.mean(values)) for metric, values in per_seed.items()}
        print(
            f"{name:42} {segment:11} {mean['firms']:6.0f} {mean['P@10']:6.3f}"
            f" {mean['nDCG@10']:8.3f} {mean['competitors@10']:8.3f}"
        )
    for name, values in seconds.items():
        print(f"time {name}: {np.mean(values):.2f} s per fair")


if __name__ == "__main__":
    main()
