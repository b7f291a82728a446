"""Speed and peak memory of matching at growing fair sizes, beside the naive computation.

Each run is its own process (so peak memory is its own), on a synthetic fair whose every text
is unique (so no encoding is saved by caching). Methods:
- naive: TF-IDF cosine over whole profiles as one dense N x N matrix, then a full sort;
- matchmaker, TF-IDF only;
- matchmaker, TF-IDF + USE-multilingual (model load included).
Prints seconds and peak resident memory (MB). A run over its time limit is stopped and shown
as such. Usage: python -m benchmarks.bench_matching_scale [--sizes 1000 5000 20000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

METHODS = ("naive", "tfidf", "semantic")


def run_one(method: str, n: int) -> dict[str, float]:
    """Inside the child process: build the fair, time the method, report peak memory."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from benchmarks.synthetic_fair import generate
    from matchmaker.core.matching.matcher import ComplementaryMatcher, MatchRules
    from matchmaker.core.matching.semantic import default_readings

    fair = generate(n, seed=7, unique_texts=True)
    start = time.perf_counter()
    if method == "naive":
        texts = [f"{p.offer} {p.request} {p.description}" for p in fair.profiles]
        matrix = TfidfVectorizer().fit_transform(texts)
        dense = (matrix @ matrix.T).toarray()
        np.fill_diagonal(dense, -1)
        top = np.argsort(-dense, axis=1)[:, :10]
        found = int(top.size)
    else:
        readings = default_readings() if method == "semantic" else ()
        matcher = ComplementaryMatcher(readings=readings).fit(fair.profiles)
        found = len(matcher.recommend(MatchRules(top_k=10, cross_group=True)))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "results": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--limit", type=float, default=600, help="seconds per run")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child[0], int(args.child[1]))))
        return
    print(f"{'firms':>6} {'method':10} {'seconds':>8} {'peak MB':>8} {'results':>8}")
    for n in args.sizes:
        for method in args.methods:
            command = [
                sys.executable,
                "-m",
                "benchmarks.bench_matching_scale",
                "--child",
                method,
                str(n),
            ]
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=args.limit, check=True
                )
            except subprocess.TimeoutExpired:
                print(f"{n:6d} {method:10} {'>' + str(int(args.limit)):>8} {'-':>8} {'-':>8}")
                continue
            except subprocess.CalledProcessError as exc:
                print(f"{n:6d} {method:10} failed: {exc.stderr.strip().splitlines()[-1]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{n:6d} {method:10} {r['seconds']:8.1f} {r['peak_mb']:8.0f} {r['results']:8d}")


if __name__ == "__main__":
    main()
