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

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matchmaker.core.items import (
    FloatArray,
    IntArray,
    ItemMatrices,
    ItemSplit,
    TextMatrices,
    whole_lexical,
)
from matchmaker.core.lexical import fit_lexical
from matchmaker.core.rerank import CandidateStage
from matchmaker.core.semantic import Embedder
from matchmaker.core.text import LANGUAGES
from matchmaker.core.types import Profile


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
class _Scores:
    """A chunk's scores, rows x positions; `columns` says which partner each position is."""

    columns: npt.NDArray[np.int64]
    key: FloatArray
    score: FloatArray
    forward: FloatArray
    backward: FloatArray
    mutual: FloatArray
    peer: FloatArray


class ComplementaryMatcher(CandidateStage):
    """Fit on a fair's profiles, then `recommend` partners.

    Parameters follow scikit-learn's conventions: `__init__` only stores them, `fit` learns the
    fair's vocabulary (TF-IDF is fitted per fair) and returns self; learned state ends in `_`.
    Item similarities come from `ItemSimilarity`, the candidate stage of large fairs and the
    item-level scores of chosen pairs from `CandidateStage`.
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

    # ---- scores -------------------------------------------------------------------------

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

    # ---- recommendation -----------------------------------------------------------------

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
