"""Item similarity for the matcher: the lexical and semantic similarity of items blended
(`similarity`), cross-language expansion of the embeddings, CSLS radii against hub items
(`_neighbourhoods`), and the soft count of needs one firm's items cover of another's.

`ItemSimilarity` is the base of `matching.ComplementaryMatcher`, which sets the parameters
and learns the item matrices it reads (see there)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from matchmaker.core.items import FloatArray, IntArray, ItemMatrices, TextMatrices, subset
from matchmaker.core.semantic import expand_across_languages

CSLS_MIN_NEIGHBOURS = 10  # as in Conneau et al.; fewer would cancel an item's best match
T = TypeVar("T")


class ItemSimilarity:
    """Similarities of a fair's items; the parameters and learned state are
    `ComplementaryMatcher`'s (set by its `__init__` and `fit`)."""

    semantic_weight: float
    semantic_floor: float
    item_power: float
    csls_share: float
    expansion_neighbours: int
    expansion_weight: float
    neighbourhood_sample: int
    random_state: int
    chunk_size: int
    workers: int | None
    offer_items_: ItemMatrices
    request_items_: ItemMatrices
    request_radius_: FloatArray
    offer_radius_: FloatArray

    def similarity(self, rows: TextMatrices, row_index: slice, cols: TextMatrices) -> FloatArray:
        """s(rows[row_index], every column) as a dense (rows x columns) array."""
        own = rows.lexical[row_index]
        if own.shape[0] * 8 < cols.lexical.shape[0]:
            # A few rows against many columns: transpose the small side, not the large one
            # (scipy converts the right operand of a product to row order).
            lexical = np.asarray((cols.lexical @ own.T).toarray().T, np.float32)
        else:
            lexical = np.asarray((own @ cols.lexical.T).toarray(), np.float32)
        if rows.semantic is None or cols.semantic is None:
            return lexical
        semantic = self._calibrate(rows.semantic[row_index] @ cols.semantic.T)
        same = rows.language[row_index][:, None] == cols.language[None, :]
        blended = (1 - self.semantic_weight) * lexical + self.semantic_weight * semantic
        return np.where(same, blended, semantic).astype(np.float32)

    def _calibrate(self, cosine: npt.NDArray[np.floating]) -> FloatArray:
        """Unrelated texts have embedding cosines well above zero; map the floor to 0."""
        floor = self.semantic_floor
        scaled: FloatArray = np.clip((cosine - floor) / (1 - floor), 0.0, 1.0).astype(np.float32)
        return scaled

    def _scaled(
        self, s: FloatArray, row_radius: FloatArray, column_radius: FloatArray
    ) -> FloatArray:
        """CSLS-adjusted item similarity, clipped at 0 and sharpened by `item_power`."""
        if self.csls_share > 0:
            s = 2 * s - row_radius[:, None] - column_radius[None, :]
        return np.clip(s, 0.0, None, out=s) ** self.item_power

    def _item_scores(
        self,
        seeker: ItemMatrices,
        giver: ItemMatrices,
        first: int,
        last: int,
        seekers_are_rows: bool,
    ) -> FloatArray:
        """Soft count of needs covered, between firms first..last and every firm."""
        if seekers_are_rows:
            rows = seeker.rows_of(first, last)
            s = self.similarity(seeker.items, rows, giver.items)
            s = self._scaled(s, self.request_radius_[rows], self.offer_radius_)
            covered = np.maximum.reduceat(s, giver.starts, axis=1)
            local = seeker.starts[first:last] - seeker.starts[first]
            return np.add.reduceat(covered, local, axis=0)
        rows = giver.rows_of(first, last)
        s = self.similarity(giver.items, rows, seeker.items)
        s = self._scaled(s, self.offer_radius_[rows], self.request_radius_)
        local = giver.starts[first:last] - giver.starts[first]
        best = np.maximum.reduceat(s, local, axis=0)
        return np.add.reduceat(best, seeker.starts, axis=1)

    def _expand_items(self) -> None:
        """Cross-language query expansion of every item embedding, offers and requests as
        one pool (see `expand_across_languages`)."""
        offers, requests = self.offer_items_.items, self.request_items_.items
        if offers.semantic is None or requests.semantic is None or self.expansion_neighbours <= 0:
            return
        vectors = np.vstack([offers.semantic, requests.semantic])
        languages = np.concatenate([offers.language, requests.language])
        expanded = expand_across_languages(
            vectors,
            languages,
            self.expansion_neighbours,
            self.expansion_weight,
            pool=self._sample(len(vectors)),
        )
        n = len(offers.semantic)
        offers.semantic[:] = expanded[:n]
        requests.semantic[:] = expanded[n:]

    def _neighbourhoods(self) -> tuple[FloatArray, FloatArray]:
        """Each item's mean similarity to its nearest items on the other side (CSLS radii);
        the neighbourhood is `csls_share` of those items, since at a fair many firms offer the
        same thing and an item's true counterparts grow in number with the fair.

        Some items are close to everything ("hubs"); subtracting these radii, as cross-domain
        similarity local scaling does (Conneau et al. 2018), lets each item's true counterpart
        stand out. The other side is represented by a sample of `neighbourhood_sample` items
        (all of them in a smaller fair), which estimates a mean over its nearest share.
        """
        requests, offers = self.request_items_.items, self.offer_items_.items
        n_requests, n_offers = requests.lexical.shape[0], offers.lexical.shape[0]
        if self.csls_share <= 0:
            return np.zeros(n_requests, np.float32), np.zeros(n_offers, np.float32)
        return (
            self._radius(requests, offers, self._sample(n_offers)),
            self._radius(offers, requests, self._sample(n_requests)),
        )

    def _radius(self, rows: TextMatrices, cols: TextMatrices, sample: IntArray) -> FloatArray:
        """Mean similarity of every row to its nearest `csls_share` of the sampled columns."""
        sampled = subset(cols, sample)
        k = min(max(CSLS_MIN_NEIGHBOURS, round(self.csls_share * len(sample))), len(sample))
        n = rows.lexical.shape[0]
        radius = np.zeros(n, np.float32)

        def block(start: int) -> None:
            own = slice(start, min(start + self.chunk_size * 4, n))
            s = self.similarity(rows, own, sampled)
            radius[own] = np.partition(s, s.shape[1] - k, axis=1)[:, -k:].mean(axis=1)

        self._in_parallel(block, range(0, n, max(1, self.chunk_size * 4)))
        return radius

    def _sample(self, n: int) -> IntArray:
        """All of 0..n-1, or a fixed-seed sample of `neighbourhood_sample` of them."""
        if n <= self.neighbourhood_sample:
            return np.arange(n, dtype=np.int64)
        rng = np.random.default_rng(self.random_state)
        return np.sort(rng.choice(n, self.neighbourhood_sample, replace=False)).astype(np.int64)

    def _in_parallel(self, work: Callable[[int], T], starts: range) -> list[T]:
        """`work` over the starts of independent chunks, in order, on `workers` threads.

        The heavy parts of a chunk (sparse and dense products, reductions, partitions) run
        in numpy and scipy without the GIL, so threads share the cores; BLAS gets one thread
        per worker so that they do not compete for them.
        """
        workers = min(self.workers or os.cpu_count() or 1, len(starts))
        if workers <= 1:
            return [work(start) for start in starts]
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
            return list(pool.map(work, starts))
