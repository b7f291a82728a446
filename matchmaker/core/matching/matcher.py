"""Complementary partner recommendation: what one firm seeks against what another offers.

Every firm is two whole texts, what it seeks and what it offers (core/matching/profile_vectors.py),
read by one or more readings (sentence encoders, TF-IDF). For firms a and b:

    forward  f(a, b) = z-score of a's need against b's offer, summed over readings by weight
    backward g(a, b) = f(b, a)
    score            = (f + g) / 2 + w * max(f, g)   when both firms say what they seek
                     = g   when a says nothing it seeks,  f  when b says nothing

A z-score says how much better a pair fits than an average pair of the same fair, so readings
on different scales add up. A pair scoring `evidence_floor` (0: the fair's average pair) or
less is no evidence and never listed: a cheese maker is not sent to a grain trader because
the fair is small (a floor of -1 let a three-firm fair plan a CNC shop's meeting with a maker
of sterile disposables). The mean rewards pairs where each
side wants what the other has (reciprocal recommendation); the `w * max` term keeps strong
one-sided fits (a buyer and its supplier) near the top. A firm that leaves "what we seek"
empty is matched by what others seek from it alone, not penalised as if it sought nothing.
A pair is *mutual* when f and g both reach `mutual_threshold`. The offer-to-offer cosine
("peer") is reported beside each match as a competitor signal and never raises a score.

Scores are computed in chunks of firms (rows x all firms: memory O(chunk x N), never N x N),
on worker threads; each chunk keeps only its top k. Parameters were chosen on the tuning fair
of the realistic set and are reported on its other fairs (docs/MATCHING.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Self, TypeVar

import numpy as np
import numpy.typing as npt

from matchmaker.core.matching.profile_vectors import (
    FloatArray,
    need_text,
    offer_text,
    read_lexical,
    read_semantic,
)
from matchmaker.core.matching.semantic import Reading
from matchmaker.core.types import Profile

IntArray = npt.NDArray[np.int64]
T = TypeVar("T")
R = TypeVar("R")


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
class Scores:
    """A chunk's scores, its rows (firm indices) x all firms; `key` is the score where the
    pair may be listed, -inf where it may not."""

    rows: IntArray
    key: FloatArray
    forward: FloatArray
    backward: FloatArray
    mutual: npt.NDArray[np.bool_]


class ComplementaryMatcher:
    """Fit on a fair's profiles, then `recommend` partners.

    Parameters follow scikit-learn's conventions: `__init__` only stores them, `fit` reads
    the fair (TF-IDF is fitted per fair, vectors are centred and standardised per fair) and
    returns self; learned state ends in `_`, and a new `fit` replaces all of it.
    """

    def __init__(
        self,
        *,
        readings: Sequence[Reading] = (),
        semantic_weight: float = 1.0,
        lexical_weight: float = 0.25,
        one_sided_weight: float = 0.5,
        mutual_threshold: float = 1.0,
        evidence_floor: float = 0.0,
        chunk_size: int = 128,
        workers: int | None = None,
    ) -> None:
        self.readings = readings
        self.semantic_weight = semantic_weight
        self.lexical_weight = lexical_weight
        self.one_sided_weight = one_sided_weight
        self.mutual_threshold = mutual_threshold
        self.evidence_floor = evidence_floor
        self.chunk_size = chunk_size
        self.workers = workers

    # ---- fitting ------------------------------------------------------------------------

    def fit(self, profiles: Sequence[Profile]) -> Self:
        ids = [p.id for p in profiles]
        if len(set(ids)) != len(ids):
            raise ValueError("profile ids must be unique")
        self.profiles_ = list(profiles)
        self.index_ = {pid: i for i, pid in enumerate(ids)}
        needs = [need_text(p) for p in profiles]
        offers = [offer_text(p) for p in profiles]
        self.has_need_ = np.array([bool(t) for t in needs], dtype=bool)
        self.has_offer_ = np.array([bool(t) for t in offers], dtype=bool)
        self.read_ = [
            read_semantic(reading, needs, offers, self.semantic_weight) for reading in self.readings
        ]
        if self.lexical_weight > 0 or not self.read_:
            self.read_.append(read_lexical(needs, offers, self.lexical_weight or 1.0))
        self.groups_ = _codes([p.group for p in profiles])
        self.organisations_ = _codes([p.organisation for p in profiles])
        return self

    # ---- scores -------------------------------------------------------------------------

    def directional(self, rows: IntArray) -> tuple[FloatArray, FloatArray]:
        """f (partner covers the row firm's needs) and g (row firm covers the partner's), in
        z-units, for the rows (firm indices) against every firm."""
        total = sum(r.weight for r in self.read_) or 1.0
        forward = np.zeros((len(rows), len(self.profiles_)), np.float32)
        backward = np.zeros_like(forward)
        for reading in self.read_:
            forward += reading.weight / total * reading.forward(rows)
            backward += reading.weight / total * reading.backward(rows)
        return forward, backward

    def combine(self, rows: IntArray, forward: FloatArray, backward: FloatArray) -> FloatArray:
        """The reciprocal score of rows against every firm; pairs with no evidence (neither
        side says what it seeks, or one firm has no text) are -inf."""
        need_row, need_col = self.has_need_[rows][:, None], self.has_need_[None, :]
        both = (forward + backward) / 2 + self.one_sided_weight * np.maximum(forward, backward)
        score = np.where(need_row & need_col, both, np.where(need_col, backward, forward))
        text_row = (self.has_need_ | self.has_offer_)[rows][:, None]
        text_col = (self.has_need_ | self.has_offer_)[None, :]
        usable = (need_row | need_col) & text_row & text_col
        return np.where(usable, score, -np.inf).astype(np.float32)

    def peer_at(self, rows: IntArray, columns: IntArray) -> FloatArray:
        """How alike the offers of each (row, column) pair are (mean cosine over readings):
        the competitor signal, computed for listed pairs only; it never enters a score."""
        peer = np.zeros(len(rows), np.float32)
        for reading in self.read_:
            peer += reading.alike_pairs(rows, columns) / len(self.read_)
        return peer

    # ---- recommendation -----------------------------------------------------------------

    def recommend(self, rules: MatchRules | None = None) -> list[Match]:
        """The top-k partners of every firm, best first; firms with no evidence are left out."""
        return self.recommend_for(range(len(self.profiles_)), rules)

    def recommend_for(self, firms: Sequence[int], rules: MatchRules | None = None) -> list[Match]:
        """The top-k partners of the given firms (row indices), in their order: a firm that
        has just edited its profile gets its list without the whole fair's."""
        rules = rules or MatchRules()
        excluded = self.excluded_indices(rules.excluded_pairs)
        wanted = np.array(sorted(set(firms)), dtype=np.int64)
        size = max(1, self.chunk_size)
        groups = [wanted[start : start + size] for start in range(0, len(wanted), size)]

        def chunk(rows: IntArray) -> list[Match]:
            return self.top_k(self.chunk_scores(rows, rules, excluded), rules.top_k)

        chunks = self.in_parallel(chunk, groups)
        return [m for matches in chunks for m in matches]

    def chunk_scores(
        self, rows: IntArray, rules: MatchRules, excluded: dict[int, list[int]]
    ) -> Scores:
        """The rows (firm indices) against every firm: the score where the pair may be listed
        (-inf elsewhere), both directions and whether the pair is mutual."""
        forward, backward = self.directional(rows)
        score = self.combine(rows, forward, backward)
        listed = self._permitted(rows, rules, excluded) & (score > self.evidence_floor)
        key = np.where(listed, score, -np.inf)
        mutual = np.minimum(forward, backward) >= self.mutual_threshold
        return Scores(rows, key, forward, backward, mutual)

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

    def top_k(self, scores: Scores, k: int) -> list[Match]:
        """The best k listed partners of each row of a chunk, best first."""
        key = scores.key
        k = min(k, key.shape[1])
        top = np.argpartition(-key, k - 1, axis=1)[:, :k]
        order = np.take_along_axis(key, top, axis=1).argsort(axis=1, kind="stable")[:, ::-1]
        top = np.take_along_axis(top, order, axis=1)
        offsets, positions = np.nonzero(np.isfinite(np.take_along_axis(key, top, axis=1)))
        columns = top[offsets, positions]
        return self.matches_at(scores, offsets, columns)

    def matches_at(self, scores: Scores, offsets: IntArray, columns: IntArray) -> list[Match]:
        """Matches for the given cells of a chunk (row offset, column), ranked in the given
        order within each row; `participant` is the row firm."""
        peer = self.peer_at(scores.rows[offsets], columns)
        matches: list[Match] = []
        rank, previous = 0, -1
        for n, (offset, column) in enumerate(zip(offsets.tolist(), columns.tolist(), strict=True)):
            rank = rank + 1 if offset == previous else 1
            previous = offset
            at = (offset, column)
            matches.append(
                Match(
                    participant_id=self.profiles_[int(scores.rows[offset])].id,
                    partner_id=self.profiles_[column].id,
                    rank=rank,
                    score=round(float(scores.key[at]), 4),
                    forward=round(float(scores.forward[at]), 4),
                    backward=round(float(scores.backward[at]), 4),
                    peer=round(float(peer[n]), 4),
                    mutual=bool(scores.mutual[at]),
                )
            )
        return matches

    def excluded_indices(self, pairs: frozenset[frozenset[str]]) -> dict[int, list[int]]:
        excluded: dict[int, list[int]] = {}
        for pair in pairs:
            members = [self.index_[pid] for pid in pair if pid in self.index_]
            if len(members) == 2:
                a, b = members
                excluded.setdefault(a, []).append(b)
                excluded.setdefault(b, []).append(a)
        return excluded

    def in_parallel(self, work: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """`work` over independent chunks, in order, on `workers` threads: the products and
        reductions run in numpy without the GIL; BLAS gets one thread per worker."""
        workers = min(self.workers or os.cpu_count() or 1, len(items))
        if workers <= 1:
            return [work(item) for item in items]
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
            return list(pool.map(work, items))


def _codes(values: Sequence[str]) -> IntArray:
    """Small integer codes for labels; -1 for an empty label (matches nothing)."""
    table: dict[str, int] = {}
    return np.array(
        [table.setdefault(v.casefold(), len(table)) if v else -1 for v in values], dtype=np.int64
    )


def recommend(
    profiles: Sequence[Profile],
    rules: MatchRules | None = None,
    readings: Sequence[Reading] = (),
) -> list[Match]:
    """Fit a matcher on the profiles and recommend partners (the one-call form)."""
    return ComplementaryMatcher(readings=readings).fit(profiles).recommend(rules)


def encoded_texts(profile: Profile) -> list[str]:
    """Every text the matcher gives its encoders for this profile (to find stored vectors)."""
    return [need_text(profile), offer_text(profile)]
