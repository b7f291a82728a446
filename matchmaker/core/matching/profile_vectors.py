"""A fair's firms as vectors of two whole texts each: what the firm seeks (its request) and what
it offers (its offer with its description, where firms often say what they make).

Each *reading* of the fair turns these texts into vectors: a sentence encoder (USE, e5, which
reads a need as a query and an offer as a passage) or TF-IDF fitted on the fair. A reading's
cosines of needs against offers are standardised over the fair's pairs (z-scores), so that
readings on different scales can be added and a score says how much better than an average
pair of this fair a pair fits. Whole texts, not items: on the realistic tuning fair, whole
texts scored nDCG@10 0.86 where the same encoders over items scored 0.64-0.72 (docs/MATCHING.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matchmaker.core.matching.semantic import Reading
from matchmaker.core.text.lexical import fit_lexical
from matchmaker.core.types import Profile

FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
HalfArray = npt.NDArray[np.float16]
Rows = npt.NDArray[np.int64] | slice  # firm indices
BLOCK = 8192  # rows centred at a time into a compact copy
SAMPLE = 1500  # rows per side whose pairs estimate a sparse reading's mean and spread


def need_text(profile: Profile) -> str:
    """What a firm seeks, as one text."""
    return profile.request.strip()


def offer_text(profile: Profile) -> str:
    """What a firm offers, as one text: its offer and its description."""
    return "\n".join(t for t in (profile.offer.strip(), profile.description.strip()) if t)


@dataclass(frozen=True, slots=True)
class ReadVectors:
    """One reading of a fair: needs and offers as rows (dense or sparse), zero rows for firms
    without that text, and the mean and spread of need-offer products over the fair's pairs."""

    needs: FloatArray | sp.csr_matrix
    offers: FloatArray | sp.csr_matrix
    mean: float
    spread: float
    weight: float
    # Sparse readings: both sides transposed once (terms x firms), for the products of every
    # chunk of rows; scipy would otherwise transpose the whole side again for each chunk.
    needs_t: sp.csr_matrix | None = None
    offers_t: sp.csr_matrix | None = None

    def forward(self, rows: Rows) -> FloatArray:
        """z-scores of rows' needs against every firm's offer (rows x firms)."""
        return self._z(_product(self.needs[rows], self.offers, self.offers_t))

    def backward(self, rows: Rows) -> FloatArray:
        """z-scores of every firm's need against the rows' offers (rows x firms)."""
        return self._z(_product(self.offers[rows], self.needs, self.needs_t))

    def alike_pairs(
        self, rows: npt.NDArray[np.int64], columns: npt.NDArray[np.int64]
    ) -> FloatArray:
        """Cosines of the offers of each (row, column) pair (the competitor signal)."""
        left, right = self.offers[rows], self.offers[columns]
        if isinstance(left, sp.csr_matrix):
            products = np.asarray(sp.csr_matrix(left.multiply(right)).sum(axis=1))
        else:
            products = (np.asarray(left) * np.asarray(right)).sum(axis=1)
        cosines: FloatArray = np.asarray(products, np.float32).ravel()
        return cosines

    def _z(self, products: FloatArray) -> FloatArray:
        z: FloatArray = ((products - self.mean) / self.spread).astype(np.float32)
        return z


def read_semantic(
    reading: Reading, needs: Sequence[str], offers: Sequence[str], weight: float
) -> ReadVectors:
    """A sentence encoder's reading: vectors centred on the fair (`centred_pair`); the mean and
    spread of products exact, from the sides' first and second moments."""
    n, o = centred_pair(reading.needs.encode(needs), reading.offers.encode(offers))
    mean, spread = _moments(n[_present(needs)], o[_present(offers)])
    return ReadVectors(n, o, mean, spread, weight)


def centred_pair(
    needs: FloatArray, offers: FloatArray, prior: int = 8
) -> tuple[FloatArray, FloatArray]:
    """Both sides' vectors less their shared mean (over the rows that have text: zero rows
    stay zero), renormalised. Encoders give unrelated texts cosines well above zero; centring
    on the fair spreads them out. The mean of a handful of texts is mostly those texts, so it
    is shrunk towards zero as if `prior` more texts sat at the origin. The arrays given are
    centred in place (when writable float32)."""
    present_n, present_o, centre = _centre(needs, offers, prior)
    return _centred(needs, present_n, centre), _centred(offers, present_o, centre)


def compact_centred_pair(
    needs: FloatArray, offers: FloatArray, prior: int = 8
) -> tuple[HalfArray, HalfArray]:
    """`centred_pair` as float16 copies, made block by block; the arrays given are left as
    they are (they may be the vectors a run is about to store)."""
    present_n, present_o, centre = _centre(needs, offers, prior)
    return _compact(needs, present_n, centre), _compact(offers, present_o, centre)


def _centre(
    needs: FloatArray, offers: FloatArray, prior: int
) -> tuple[BoolArray, BoolArray, FloatArray]:
    """Which rows have a vector on each side, and the shrunk shared mean."""
    present_n = np.any(needs != 0, axis=1)
    present_o = np.any(offers != 0, axis=1)
    total = needs.sum(axis=0, dtype=np.float64) + offers.sum(axis=0, dtype=np.float64)
    count = int(present_n.sum() + present_o.sum())
    return present_n, present_o, (total / (count + prior)).astype(np.float32)


def _compact(vectors: FloatArray, present: BoolArray, centre: FloatArray) -> HalfArray:
    out = np.empty(vectors.shape, np.float16)
    for start in range(0, len(vectors), BLOCK):
        rows = slice(start, start + BLOCK)
        out[rows] = _centred(np.array(vectors[rows], np.float32), present[rows], centre)
    return out


def read_lexical(
    needs: Sequence[str], offers: Sequence[str], weight: float, seed: int = 0
) -> ReadVectors:
    """TF-IDF (word stems and character n-grams) fitted on the fair's texts; the mean and
    spread of products estimated from the pairs of a fixed-seed sample of rows."""
    texts = [*needs, *offers]
    matrix = fit_lexical(texts, [None] * len(texts), word_weight=0.6)
    n, o = sp.csr_matrix(matrix[: len(needs)]), sp.csr_matrix(matrix[len(needs) :])
    rng = np.random.default_rng(seed)
    rows_n = np.flatnonzero(_present(needs))
    rows_o = np.flatnonzero(_present(offers))
    rows_n = rng.choice(rows_n, min(SAMPLE, len(rows_n)), replace=False) if len(rows_n) else rows_n
    rows_o = rng.choice(rows_o, min(SAMPLE, len(rows_o)), replace=False) if len(rows_o) else rows_o
    sample = _product(n[np.sort(rows_n)], o[np.sort(rows_o)])
    mean = float(sample.mean()) if sample.size else 0.0
    spread = float(sample.std()) if sample.size else 1.0
    spread = spread if spread > 1e-6 else 1.0
    return ReadVectors(n, o, mean, spread, weight, sp.csr_matrix(n.T), sp.csr_matrix(o.T))


def _present(texts: Sequence[str]) -> BoolArray:
    return np.array([bool(t.strip()) for t in texts], dtype=bool)


def _centred(vectors: FloatArray, present: BoolArray, centre: FloatArray) -> FloatArray:
    """The rows less the centre, renormalised; absent (zero) rows stay zero. In place when the
    rows are a writable float32 array (encoders return fresh ones): at 20,000 firms the
    evidence's item vectors alone take over 300 MB, and a copy would double that."""
    out = vectors if vectors.dtype == np.float32 and vectors.flags.writeable else vectors.copy()
    out = np.asarray(out, dtype=np.float32)
    out -= centre
    out[~present] = 0.0
    norms = np.sqrt(np.einsum("ij,ij->i", out, out))[:, None]
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def _moments(needs: FloatArray, offers: FloatArray) -> tuple[float, float]:
    """Mean and standard deviation of n . o over all pairs of rows, exactly: the mean is the
    product of the means, the second moment the trace of the product of the second-moment
    matrices (d x d), so no n x n matrix is formed."""
    if len(needs) == 0 or len(offers) == 0:
        return 0.0, 1.0
    n64, o64 = needs.astype(np.float64), offers.astype(np.float64)
    mean = float(n64.mean(axis=0) @ o64.mean(axis=0))
    second = float(np.sum((n64.T @ n64 / len(n64)) * (o64.T @ o64 / len(o64))))
    spread = float(np.sqrt(max(second - mean * mean, 0.0)))
    return mean, spread if spread > 1e-6 else 1.0


def _product(
    left: FloatArray | sp.csr_matrix,
    right: FloatArray | sp.csr_matrix,
    right_t: sp.csr_matrix | None = None,
) -> FloatArray:
    """left . right^T as a dense float32 array, for dense or sparse rows (`right_t`: right^T
    as rows, when the caller keeps it)."""
    if isinstance(left, sp.csr_matrix):
        turned = right_t if right_t is not None else sp.csr_matrix(right.T)
        return np.asarray(sp.csr_matrix(left @ turned).toarray(), np.float32)
    return np.asarray(left @ right.T, np.float32)
