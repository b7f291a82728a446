"""Matching time of one fair of typical size with the encoder already loaded (as in the running
app, which loads it once per process), beside the naive baseline. The time of a cold
command-line run adds the model load, printed separately.
Usage: python -m benchmarks.bench_matching_fair [--firms 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from sklearn.feature_extraction.text import TfidfVectorizer

from benchmarks.synthetic_fair import generate
from matchmaker.core.matching.matcher import ComplementaryMatcher, MatchRules
from matchmaker.core.matching.semantic import default_readings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fair = generate(args.firms, seed=0, unique_texts=True)
    start = time.perf_counter()
    readings = default_readings()
    if not readings:
        raise SystemExit("the semantic extra is not installed")
    for reading in readings:
        reading.needs.encode(["warm-up"])
    load = time.perf_counter() - start
    runs: list[tuple[float, float]] = []
    baseline: list[float] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        texts = [f"{p.offer} {p.request} {p.description}" for p in fair.profiles]
        matrix = TfidfVectorizer().fit_transform(texts)
        (matrix @ matrix.T).toarray().argsort(axis=1)
        baseline.append(time.perf_counter() - start)
        start = time.perf_counter()
        matcher = ComplementaryMatcher(readings=readings).fit(fair.profiles)
        fitted = time.perf_counter()
        matcher.recommend(MatchRules(top_k=10, cross_group=True))
        runs.append((fitted - start, time.perf_counter() - fitted))
    fit = statistics.median(f for f, _ in runs)
    recommend = statistics.median(r for _, r in runs)
    print(f"{args.firms} firms, median of {args.repeat}, encoder loaded:")
    print(f"  baseline (TF-IDF cosine, dense sort): {statistics.median(baseline):.2f} s")
    print(f"  matchmaker: fit {fit:.2f} s + recommend {recommend:.2f} s = {fit + recommend:.2f} s")
    print(f"  one-time model load of a cold process: {load:.2f} s")


if __name__ == "__main__":
    main()
