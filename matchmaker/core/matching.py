"""Complementary partner recommendation: what one firm seeks against what another offers.

Offers and requests are cut into the items they list ("CNC-Frästeile", "Titanstangen"). For
firms a and b, with `s` the similarity of two items:

    forward  f(a, b) = sum over a's needs r of  max over b's offers o of s(r, o)
                       + c * sim(request_a, context_b)
    backward g(a, b) = the same with a and b swapped
    score          = H(f, g) + w * max(f, g),   H the harmonic mean

f is a soft count of a's needs that b covers, so a partner covering two needs outranks one
covering one. The harmonic mean rewards pairs where each side wants what the other has
(reciprocal recommendation, as in RECON, Pizzato et al. 2010); the small one-sided term keeps
firms that only one side needs, ordered by strength. A pair is *mutual* when f and g both reach
`mutual_threshold`; mutual pairs rank above one-sided ones. `context` (description and
sectors) is a weaker, lexical signal. The offer-to-offer similarity ("peer") is reported beside
each match as a competitor signal and never raises a score: look-alikes are not partners.

`s` is TF-IDF (word stems plus character n-grams) for two items in the same language, blended
with a multilingual sentence embedding when one is available; for items in different languages
it is the embedding alone, since shared letters across languages mean little.

Scores are computed in chunks of firms, so memory is O(chunk x items), never N x N; each
chunk keeps only its top k. Up to `stage_above` firms every pair is scored item by item;
a larger fair first picks candidates per firm from dense firm-level vectors, and only those
are scored item by item (see `recommend`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Self, TypeVar

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matchmaker.core.items import (
    FloatArray,
    IntArray,
    ItemMatrices,
    ItemSplit,
    TextMatrices,
    group_rows,
    projector,
    subset,
    summed_semantic,
    whole_lexical,
)
from matchmaker.core.lexical import fit_lexical
from matchmaker.core.semantic import Embedder, expand_across_languages
from matchmaker.core.text import LANGUAGES
from matchmaker.core.types import Profile

ItemPair = tuple[int, int, float]  # (need row, offer row, strength)
CSLS_MIN_NEIGHBOURS = 10  # as in Conneau et al.; fewer would cancel an item's best match
T = TypeVar("T")
RERANK_BLOCK = 16  # firms scored together against the union of their candidates


@dataclass(frozen=True, slots=True)
class Match:
    """A recommended partner for a participant; `forward`: the partner offers what the
    participant seeks; `backward`: the participant offers what the partner seeks."""

    participant_id: str
    partner_id: str
    rank: int
    score: float
    forward: float
    backward: float
    peer: float
    mutual: bool


@dataclass(frozen=True, slots=True)
class MatchRules:
    """Which pairs may be recommended, and how many per firm."""

    top_k: int = 10
    cross_group: bool = False
    excluded_pairs: frozenset[frozenset[str]] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise ValueError("top_k must be at least 1")


@dataclass(frozen=True, slots=True)
class _Block:
    """Consecutive firms against the union of their partners: scaled item similarities both
    ways, and where each union firm's items sit among the gathered columns."""

    firms: range
    union: IntArray
    needs_vs_offers: FloatArray
    offers_vs_needs: FloatArray
    offers_vs_offers: FloatArray
    own_needs: slice
    own_offers: slice
    offer_idx: IntArray
    offer_groups: IntArray
    request_idx: IntArray
    request_groups: IntArray

    def columns(self, partners: IntArray) -> IntArray:
        """Positions of the partners in `union`."""
        return np.searchsorted(self.union, partners).astype(np.int64)


@dataclass(frozen=True, slots=True)
class _Scores:
    """A chunk's scores, rows x positions; `columns` says which partner each position is."""

    columns: npt.NDArray[np.int64]
    key: FloatArray
    score: FloatArray
    forward: FloatArray
    backward: FloatArray
    mutual: FloatArray
    peer: FloatArray


class ComplementaryMatcher:
    """Fit on a fair's profiles, then `recommend` partners.

    Parameters follow scikit-learn's conventions: `__init__` only stores them, `fit` learns the
    fair's vocabulary (TF-IDF is fitted per fair) and returns self; learned state ends in `_`.
    """

    def __init__(
        self,
        *,
        embedder: Embedder | None = None,
        word_weight: float = 0.6,
        semantic_weight: float = 0.8,
        semantic_floor: float = 0.0,
        item_power: float = 2.0,
        csls_share: float = 0.1,
        expansion_neighbours: int = 10,
        expansion_weight: float = 1.0,
        context_weight: float = 0.2,
        one_sided_weight: float = 0.1,
        mutual_threshold: float = 0.1,
        mutual_bonus: float = 10.0,
        neighbourhood_sample: int = 2000,
        candidates: int | None = 150,
        stage_above: int = 3000,
        random_state: int = 0,
        chunk_size: int = 256,
        workers: int | None = None,
    ) -> None:
        self.embedder = embedder
        self.word_weight = word_weight
        self.semantic_weight = semantic_weight
        self.semantic_floor = semantic_floor
        self.item_power = item_power
        self.csls_share = csls_share
        self.expansion_neighbours = expansion_neighbours
        self.expansion_weight = expansion_weight
        self.context_weight = context_weight
        self.one_sided_weight = one_sided_weight
        self.mutual_threshold = mutual_threshold
        self.mutual_bonus = mutual_bonus
        self.neighbourhood_sample = neighbourhood_sample
        self.candidates = candidates
        self.stage_above = stage_above
        self.random_state = random_state
        self.chunk_size = chunk_size
        self.workers = workers

    # ---- fitting ------------------------------------------------------------------------

    def fit(self, profiles: Sequence[Profile]) -> Self:
        ids = [p.id for p in profiles]
        if len(set(ids)) != len(ids):
            raise ValueError("profile ids must be unique")
        self.profiles_ = list(profiles)
        self.index_ = {pid: i for i, pid in enumerate(ids)}
        offers = ItemSplit.of([p.offer for p in profiles])
        requests = ItemSplit.of([p.request for p in profiles])
        # One pass of text analysis: the vocabulary is fitted on the items and contexts it
        # will compare, and whole texts are derived from their items.
        contexts = [context_text(p) for p in profiles]
        languages = [
            *_language_names(offers.languages),
            *_language_names(requests.languages),
            *(None for _ in contexts),
        ]
        lexical = fit_lexical(
            [*offers.cores, *requests.cores, *contexts], languages, self.word_weight
        )
        n_offer, n_request = len(offers.cores), len(requests.cores)
        self.offer_items_ = self._items(offers, lexical[:n_offer])
        self.request_items_ = self._items(requests, lexical[n_offer : n_offer + n_request])
        self.context_lexical_ = lexical[n_offer + n_request :]
        self._expand_items()
        self.request_radius_, self.offer_radius_ = self._neighbourhoods()
        self.request_lexical_ = whole_lexical(self.request_items_)
        self.groups_ = _codes([p.group for p in profiles])
        self.organisations_ = _codes([p.organisation for p in profiles])
        return self

    def _items(self, split: ItemSplit, lexical: sp.csr_matrix) -> ItemMatrices:
        semantic = self.embedder.encode(split.cores) if self.embedder is not None else None
        return ItemMatrices(
            TextMatrices(sp.csr_matrix(lexical), semantic, split.languages),
            split.shown,
            split.cores,
            split.starts,
        )

    # ---- similarity -----------------------------------------------------------------------

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

    def _scaled(
        self, s: FloatArray, row_radius: FloatArray, column_radius: FloatArray
    ) -> FloatArray:
        """CSLS-adjusted item similarity, clipped at 0 and sharpened by `item_power`."""
        if self.csls_share > 0:
            s = 2 * s - row_radius[:, None] - column_radius[None, :]
        return np.clip(s, 0.0, None, out=s) ** self.item_power

    def directional(self, first: int, last: int) -> tuple[FloatArray, FloatArray]:
        """f (partner covers the row firm's needs) and g (row firm covers the partner's)."""
        requests, offers = self.request_items_, self.offer_items_
        forward = self._item_scores(requests, offers, first, last, seekers_are_rows=True)
        backward = self._item_scores(requests, offers, first, last, seekers_are_rows=False)
        context_forward, context_backward = self.context_scores(first, last)
        forward += context_forward
        backward += context_backward
        return forward.astype(np.float32), backward.astype(np.float32)

    def context_scores(self, first: int, last: int) -> tuple[FloatArray, FloatArray]:
        """The weak context terms of f and g: a firm's request against the other's description
        and sectors, both ways, for rows first..last against every firm."""
        rows = slice(first, last)
        c = self.context_weight
        forward = c * (self.request_lexical_[rows] @ self.context_lexical_.T).toarray()
        backward = c * (self.context_lexical_[rows] @ self.request_lexical_.T).toarray()
        return forward.astype(np.float32), backward.astype(np.float32)

    def combine(self, forward: FloatArray, backward: FloatArray) -> tuple[FloatArray, FloatArray]:
        """The reciprocal score and the mutual flag (as 0/1) of directional scores."""
        total = forward + backward
        harmonic = np.divide(
            2 * forward * backward, total, out=np.zeros_like(total), where=total > 0
        )
        score = harmonic + self.one_sided_weight * np.maximum(forward, backward)
        mutual = (np.minimum(forward, backward) >= self.mutual_threshold).astype(np.float32)
        return score.astype(np.float32), mutual

    def best_item_pairs(
        self, firms: range, partner_lists: Sequence[IntArray]
    ) -> list[list[tuple[ItemPair, ItemPair]]]:
        """For each firm and each of its partners, the strongest item pair of each direction:
        (the firm's need, the partner's offer) and (the partner's need, the firm's offer), as
        (need row, offer row, strength) with rows into `request_items_` and `offer_items_`.
        Consecutive firms share one block of similarities; these are the very numbers their
        scores summed."""
        b = self._block(firms, partner_lists)
        offer_ends = np.append(b.offer_groups[1:], len(b.offer_idx))
        request_ends = np.append(b.request_groups[1:], len(b.request_idx))
        out = []
        for firm, partners in zip(firms, partner_lists, strict=True):
            needs = _local(self.request_items_.rows_of(firm, firm + 1), b.own_needs)
            offers = _local(self.offer_items_.rows_of(firm, firm + 1), b.own_offers)
            pairs = []
            for g in b.columns(partners):
                block = b.needs_vs_offers[needs, b.offer_groups[g] : offer_ends[g]]
                r, c = np.unravel_index(int(np.argmax(block)), block.shape)
                ahead: ItemPair = (
                    b.own_needs.start + needs.start + int(r),
                    int(b.offer_idx[b.offer_groups[g] + c]),
                    float(block[r, c]),
                )
                block = b.offers_vs_needs[offers, b.request_groups[g] : request_ends[g]]
                r, c = np.unravel_index(int(np.argmax(block)), block.shape)
                back: ItemPair = (
                    int(b.request_idx[b.request_groups[g] + c]),
                    b.own_offers.start + offers.start + int(r),
                    float(block[r, c]),
                )
                pairs.append((ahead, back))
            out.append(pairs)
        return out

    def peer_scores(self, first: int, last: int) -> FloatArray:
        """How much of each row firm's offer every firm offers too: the share of its offer
        items with a strong counterpart (the same scaled item similarity as the scores).
        The competitor signal; it never enters a score."""
        offers = self.offer_items_
        rows = offers.rows_of(first, last)
        s = self.similarity(offers.items, rows, offers.items)
        s = self._scaled(s, self.offer_radius_[rows], self.offer_radius_)
        best = np.maximum.reduceat(s, offers.starts, axis=1)
        local = offers.starts[first:last] - offers.starts[first]
        counts = np.diff(np.append(local, best.shape[0]))[:, None]
        peer: FloatArray = (np.add.reduceat(best, local, axis=0) / counts).astype(np.float32)
        return peer

    # ---- recommendation -------------------------------------------------------------------

    def recommend(self, rules: MatchRules | None = None) -> list[Match]:
        """The top-k partners of every firm, best first; firms with no evidence are left out.

        Up to `stage_above` firms, every pair is scored item by item. In a larger fair a coarse
        firm-level stage first picks `candidates` partners per firm and only those are scored
        item by item, so the work grows with N x candidates instead of N x N (at 1,500 firms
        both give nDCG@10 0.859; all-pairs is faster below about 3,000 firms).
        """
        rules = rules or MatchRules()
        n = len(self.profiles_)
        excluded = self._excluded_indices(rules.excluded_pairs)
        staged = self.candidates is not None and n > self.stage_above
        if staged:
            self._firm_vectors()  # built once, before chunks share it

        def chunk(first: int) -> list[Match]:
            return self._chunk_matches(
                first, min(first + self.chunk_size, n), rules, excluded, staged
            )

        chunks = self._in_parallel(chunk, range(0, n, self.chunk_size))
        return [m for matches in chunks for m in matches]

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

    def _chunk_matches(
        self,
        first: int,
        last: int,
        rules: MatchRules,
        excluded: dict[int, list[int]],
        staged: bool,
    ) -> list[Match]:
        """The top-k matches of firms first..last."""
        rows = np.arange(first, last)
        permitted = self._permitted(rows, rules, excluded)
        if staged:
            columns, forward, backward, peer, permitted = self._reranked(first, last, permitted)
        else:
            forward, backward = self.directional(first, last)
            peer = self.peer_scores(first, last)
            columns = np.broadcast_to(np.arange(len(self.profiles_)), forward.shape)
        score, mutual = self.combine(forward, backward)
        key = score + self.mutual_bonus * mutual
        allowed = permitted & ((forward > 0) | (backward > 0))
        key = np.where(allowed, key, -np.inf)
        scores = _Scores(columns, key, score, forward, backward, mutual, peer)
        return self._top_k(rows, scores, rules.top_k)

    def _permitted(
        self, rows: IntArray, rules: MatchRules, excluded: dict[int, list[int]]
    ) -> npt.NDArray[np.bool_]:
        """Which pairs the rules allow: not oneself, not one's organisation, not one's group in
        cross-group mode, not an excluded pair."""
        allowed = np.ones((len(rows), len(self.profiles_)), dtype=bool)
        allowed[np.arange(len(rows)), rows] = False
        same_org = self.organisations_[rows][:, None] == self.organisations_[None, :]
        allowed &= ~(same_org & (self.organisations_[None, :] >= 0))
        if rules.cross_group:
            same_group = self.groups_[rows][:, None] == self.groups_[None, :]
            allowed &= ~(same_group & (self.groups_[None, :] >= 0))
        for row_offset, row in enumerate(rows):
            for col in excluded.get(int(row), ()):
                allowed[row_offset, col] = False
        return allowed

    # ---- the candidate stage of large fairs ---------------------------------------------

    def _firm_vectors(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Per firm, dense vectors for the candidate stage: requests and offers (summed item
        TF-IDF randomly projected to 256 dimensions, which keeps dot products up to a small
        error (Johnson-Lindenstrauss), beside the summed item embeddings), and the projected
        request and context TF-IDF for the weak context term. Built once."""
        if not hasattr(self, "firm_requests_"):
            requests = whole_lexical(self.request_items_)
            offers = whole_lexical(self.offer_items_)
            project = projector(
                sp.vstack([requests, offers, self.context_lexical_]), self.random_state
            )
            parts_r, parts_o = [project(requests)], [project(offers)]
            if self.request_items_.items.semantic is not None:
                parts_r.append(summed_semantic(self.request_items_))
                parts_o.append(summed_semantic(self.offer_items_))
            self.firm_requests_ = np.hstack(parts_r)
            self.firm_offers_ = np.hstack(parts_o)
            self.firm_request_text_ = project(self.request_lexical_)
            self.firm_context_ = project(self.context_lexical_)
        return self.firm_requests_, self.firm_offers_, self.firm_request_text_, self.firm_context_

    def _reranked(
        self, first: int, last: int, permitted: npt.NDArray[np.bool_]
    ) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, npt.NDArray[np.bool_]]:
        """For rows first..last: their candidates (partner columns) and, per candidate, the
        forward, backward and peer scores, item by item (the weak context term from projected
        vectors), and whether the rules permit the pair. Arrays are rows x candidates."""
        requests, offers, request_text, context = self._firm_vectors()
        rows = slice(first, last)
        # f + g at firm level in one product: [requests | offers] . [offers | requests]
        coarse = np.hstack([requests[rows], offers[rows]]) @ np.hstack([offers, requests]).T
        coarse = np.where(permitted, coarse, -np.inf)
        n = coarse.shape[1]
        width = min(self.candidates or n, n)
        chosen = np.argpartition(coarse, n - width, axis=1)[:, -width:].astype(np.int64)
        valid = np.isfinite(np.take_along_axis(coarse, chosen, axis=1))
        c = self.context_weight
        context_forward = c * np.einsum("ij,ikj->ik", request_text[rows], context[chosen])
        context_backward = c * np.einsum("ij,ikj->ik", context[rows], request_text[chosen])
        forward = np.zeros(chosen.shape, np.float32)
        backward = np.zeros(chosen.shape, np.float32)
        peer = np.zeros(chosen.shape, np.float32)
        for start in range(first, last, RERANK_BLOCK):
            firms = range(start, min(start + RERANK_BLOCK, last))
            partner_lists = [chosen[f - first][valid[f - first]] for f in firms]
            if not any(len(partners) for partners in partner_lists):
                continue
            for firm, (f, g, p) in zip(firms, self.block_scores(firms, partner_lists), strict=True):
                offset = firm - first
                keep = valid[offset]
                forward[offset, keep] = f + context_forward[offset, keep]
                backward[offset, keep] = g + context_backward[offset, keep]
                peer[offset, keep] = p
        return chosen, forward, backward, peer, valid

    def _block(self, firms: range, partner_lists: Sequence[IntArray]) -> _Block:
        """Scaled item similarities of consecutive firms with the union of their partners:
        one set of sparse products for the block instead of one per firm."""
        requests, offers = self.request_items_, self.offer_items_
        union = np.unique(np.concatenate(partner_lists))
        offer_idx, offer_groups = group_rows(offers.starts, len(offers.texts), union)
        request_idx, request_groups = group_rows(requests.starts, len(requests.texts), union)
        partner_offers = subset(offers.items, offer_idx)
        own_needs = requests.rows_of(firms.start, firms.stop)
        own_offers = offers.rows_of(firms.start, firms.stop)

        def scaled(rows: TextMatrices, own: slice, cols: TextMatrices, radius: FloatArray,
                   col_radius: FloatArray) -> FloatArray:  # fmt: skip
            return self._scaled(self.similarity(rows, own, cols), radius[own], col_radius)

        return _Block(
            firms=firms,
            union=union,
            needs_vs_offers=scaled(
                requests.items,
                own_needs,
                partner_offers,
                self.request_radius_,
                self.offer_radius_[offer_idx],
            ),
            offers_vs_needs=scaled(
                offers.items,
                own_offers,
                subset(requests.items, request_idx),
                self.offer_radius_,
                self.request_radius_[request_idx],
            ),
            offers_vs_offers=scaled(
                offers.items,
                own_offers,
                partner_offers,
                self.offer_radius_,
                self.offer_radius_[offer_idx],
            ),
            own_needs=own_needs,
            own_offers=own_offers,
            offer_idx=offer_idx,
            offer_groups=offer_groups,
            request_idx=request_idx,
            request_groups=request_groups,
        )

    def block_scores(
        self, firms: range, partner_lists: Sequence[IntArray]
    ) -> list[tuple[FloatArray, FloatArray, FloatArray]]:
        """Exact item-level forward, backward and peer scores of consecutive firms, each with
        its own partners: the same numbers the all-pairs path computes (without the context
        terms, which `context_scores` adds), at the cost of those partners only."""
        b = self._block(firms, partner_lists)
        covered = np.maximum.reduceat(b.needs_vs_offers, b.offer_groups, axis=1)
        alike = np.maximum.reduceat(b.offers_vs_offers, b.offer_groups, axis=1)
        scores = []
        for firm, partners in zip(firms, partner_lists, strict=True):
            cols = b.columns(partners)
            needs = _local(self.request_items_.rows_of(firm, firm + 1), b.own_needs)
            offers = _local(self.offer_items_.rows_of(firm, firm + 1), b.own_offers)
            forward = covered[needs][:, cols].sum(axis=0)
            peer = alike[offers][:, cols].mean(axis=0)
            best = b.offers_vs_needs[offers].max(axis=0)
            backward = np.add.reduceat(best, b.request_groups)[cols]
            scores.append(
                (forward.astype(np.float32), backward.astype(np.float32), peer.astype(np.float32))
            )
        return scores

    def pair_scores(
        self, firm: int, partners: IntArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """`block_scores` for one firm."""
        return self.block_scores(range(firm, firm + 1), [partners])[0]

    def _top_k(self, rows: IntArray, scores: _Scores, k: int) -> list[Match]:
        key = scores.key
        k = min(k, key.shape[1])
        top = np.argpartition(-key, k - 1, axis=1)[:, :k]
        order = np.take_along_axis(key, top, axis=1).argsort(axis=1, kind="stable")[:, ::-1]
        top = np.take_along_axis(top, order, axis=1)
        matches: list[Match] = []
        for row_offset, row in enumerate(rows.tolist()):
            rank = 0
            for position in top[row_offset].tolist():
                if not np.isfinite(key[row_offset, position]):
                    continue
                rank += 1
                at = (row_offset, position)
                matches.append(
                    Match(
                        participant_id=self.profiles_[row].id,
                        partner_id=self.profiles_[int(scores.columns[at])].id,
                        rank=rank,
                        score=round(float(scores.score[at]), 4),
                        forward=round(float(scores.forward[at]), 4),
                        backward=round(float(scores.backward[at]), 4),
                        peer=round(float(scores.peer[at]), 4),
                        mutual=bool(scores.mutual[at]),
                    )
                )
        return matches

    def _excluded_indices(self, pairs: frozenset[frozenset[str]]) -> dict[int, list[int]]:
        excluded: dict[int, list[int]] = {}
        for pair in pairs:
            members = [self.index_[pid] for pid in pair if pid in self.index_]
            if len(members) == 2:
                a, b = members
                excluded.setdefault(a, []).append(b)
                excluded.setdefault(b, []).append(a)
        return excluded


def _local(rows: slice, within: slice) -> slice:
    """`rows` counted from the start of `within`."""
    return slice(rows.start - within.start, rows.stop - within.start)


def _language_names(codes: IntArray) -> list[str | None]:
    return [LANGUAGES[code] if code >= 0 else None for code in codes.tolist()]


def context_text(profile: Profile) -> str:
    """The weaker context of a firm: what it says about itself and its sectors."""
    return " ".join(filter(None, [profile.description, " ".join(profile.sectors)]))


def _codes(values: Sequence[str]) -> IntArray:
    """Small integer codes for labels; -1 for an empty label (matches nothing)."""
    table: dict[str, int] = {}
    return np.array(
        [table.setdefault(v.casefold(), len(table)) if v else -1 for v in values], dtype=np.int64
    )


def recommend(
    profiles: Sequence[Profile],
    rules: MatchRules | None = None,
    embedder: Embedder | None = None,
) -> list[Match]:
    """Fit a matcher on the profiles and recommend partners (the one-call form)."""
    return ComplementaryMatcher(embedder=embedder).fit(profiles).recommend(rules)
