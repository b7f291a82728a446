"""Matching quality on the realistic set (benchmarks/realistic/): profiles written as firms write
them, partners graded by reading. Side by side, cross-group, per writing language:

- random order (the mean of 50 shuffles);
- naive TF-IDF cosine of whole profiles (offer, request and description in one text);
- a plain encoder: multilingual-e5-small, the mean of the cosines of a's request with b's offer
  and of a's offer with b's request, whole texts, untuned;
- matchmaker as configured (its default scorer).

Prints nDCG@10, P@10 and recall@10 for the chosen part ("report" by default; "tune" is the part
parameters are chosen on) and the seconds each method took.
Usage: python -m benchmarks.bench_matching_realistic [--part report|tune|all]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from benchmarks.realistic_fairs import (
    K,
    Ranking,
    RealisticFair,
    cross_group_top,
    evaluate,
    fairs,
)
from matchmaker.core.matching.matcher import ComplementaryMatcher, MatchRules
from matchmaker.core.matching.semantic import MultilingualE5, default_readings

Method = Callable[[RealisticFair], Ranking]


def random_order(fair: RealisticFair, seed: int) -> Ranking:
    rng = np.random.default_rng(seed)
    return cross_group_top(fair, rng.random((len(fair.profiles), len(fair.profiles))) + 1e-9)


def tfidf_whole(fair: RealisticFair) -> Ranking:
    texts = [f"{p.offer} {p.request} {p.description}" for p in fair.profiles]
    matrix = TfidfVectorizer().fit_transform(texts)
    return cross_group_top(fair, (matrix @ matrix.T).toarray())


def plain_encoder(fair: RealisticFair) -> Ranking:
    e5 = MultilingualE5()
    offers = e5.encode([p.offer for p in fair.profiles])
    requests = e5.encode([p.request for p in fair.profiles])
    scores = (requests @ offers.T + offers @ requests.T) / 2
    return cross_group_top(fair, scores)


def matchmaker_default(fair: RealisticFair) -> Ranking:
    matcher = ComplementaryMatcher(readings=default_readings()).fit(list(fair.profiles))
    ranking: dict[str, list[str]] = defaultdict(list)
    for match in matcher.recommend(MatchRules(top_k=K, cross_group=True)):
        ranking[match.participant_id].append(match.partner_id)
    return ranking


METHODS: dict[str, Method] = {
    "naive TF-IDF, whole profiles": tfidf_whole,
    "plain e5-small, offer<->request": plain_encoder,
    "matchmaker": matchmaker_default,
}


def report(selected: list[RealisticFair], methods: dict[str, Method]) -> None:
    """Print every method's figures side by side, one row per method and segment."""
    print(f"{len(selected)} fairs: {', '.join(f.name for f in selected)}; cross-group, top {K}")
    print(f"{'method':34} {'segment':10} {'firms':>5} {'nDCG@10':>8} {'P@10':>6} {'R@10':>6}")
    shuffles = [evaluate((f, random_order(f, seed)) for f in selected) for seed in range(50)]
    for segment in shuffles[0]:
        ndcg = np.mean([s[segment].ndcg for s in shuffles])
        precision = np.mean([s[segment].precision for s in shuffles])
        recall = np.mean([s[segment].recall for s in shuffles])
        firms = shuffles[0][segment].firms
        print(f"{'random':34} {segment:10} {firms:5d} {ndcg:8.3f} {precision:6.3f} {recall:6.3f}")
    for name, method in methods.items():
        started = time.perf_counter()
        rankings = [(fair, method(fair)) for fair in selected]
        seconds = time.perf_counter() - started
        for segment, f in evaluate(rankings).items():
            print(
                f"{name:34} {segment:10} {f.firms:5d} {f.ndcg:8.3f} {f.precision:6.3f}"
                f" {f.recall:6.3f}"
            )
        print(f"{name:34} {seconds:.1f} s")


def bands(selected: list[RealisticFair]) -> None:
    """How many of matchmaker's listed pairs (top 10) an organiser graded, by score: the
    calibration of the bands firms see (services/partners.py)."""
    rows: list[tuple[float, int]] = []
    for fair in selected:
        matcher = ComplementaryMatcher(readings=default_readings()).fit(list(fair.profiles))
        for m in matcher.recommend(MatchRules(top_k=K, cross_group=True)):
            rows.append((m.score, fair.grade(m.participant_id, m.partner_id)))
    print(f"{'score':>10} {'pairs':>6} {'graded 1-2':>10} {'graded 2':>9}")
    for low, high in ((0, 0.5), (0.5, 1), (1, 1.5), (1.5, 2), (2, 2.5), (2.5, 3), (3, 99)):
        grades = [g for s, g in rows if low <= s < high]
        if grades:
            share = sum(g > 0 for g in grades) / len(grades)
            clear = sum(g == 2 for g in grades) / len(grades)
            print(f"{low:4.1f}-{high:<5.1f} {len(grades):6d} {share:10.2f} {clear:9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["report", "tune", "all"], default="report")
    parser.add_argument("--bands", action="store_true", help="the score band calibration")
    args = parser.parse_args()
    selected = fairs(None if args.part == "all" else args.part)
    if not selected:
        raise SystemExit("no fairs in benchmarks/realistic/ for that part")
    if args.bands:
        bands(selected)
        return
    report(selected, METHODS)


if __name__ == "__main__":
    main()
