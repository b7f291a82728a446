"""The candidate stage of large fairs and the item-level scores of chosen pairs: dense
firm-level vectors pick `candidates` partners per firm, and blocks of consecutive firms are
scored item by item against the union of their candidates (`block_scores`); the same blocks
give the strongest item pair behind each match (`best_item_pairs`, for the reasons).

`CandidateStage` is a base of `matching.ComplementaryMatcher` (see there)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matchmaker.core.item_similarity import ItemSimilarity
from matchmaker.core.items import (
    FloatArray,
    IntArray,
    TextMatrices,
    group_rows,
    projector,
    subset,
    summed_semantic,
    whole_lexical,
)

ItemPair = tuple[int, int, float]  # (need row, offer row, strength)
RERANK_BLOCK = 16  # firms scored together against the union of their candidates


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


class CandidateStage(ItemSimilarity):
    """Candidates per firm from firm-level vectors, and exact item-level scores of the pairs
    chosen."""

    context_weight: float
    candidates: int | None
    request_lexical_: sp.csr_matrix
    context_lexical_: sp.csr_matrix

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


def _local(rows: slice, within: slice) -> slice:
    """`rows` counted from the start of `within`."""
    return slice(rows.start - within.start, rows.stop - within.start)
