"""How a fair's texts are held for matching: every firm's offers and requests as items, each
item in two views (TF-IDF rows and embedding rows) with its language, grouped by firm."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matchmaker.core.semantic import FloatMatrix
from matchmaker.core.text import LANGUAGES, detect_language, split_items, strip_cues

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
LANGUAGE_CODE = {language: code for code, language in enumerate(LANGUAGES)}
NO_TEXT = -1


@dataclass(frozen=True, slots=True)
class TextMatrices:
    """Texts (or items) in both views: TF-IDF rows, embedding rows, language codes."""

    lexical: sp.csr_matrix
    semantic: FloatMatrix | None
    language: IntArray


@dataclass(frozen=True, slots=True)
class ItemMatrices:
    """Every firm's items of one kind, grouped by firm: firm i owns rows starts[i]:starts[i+1].

    A firm with no text owns one empty item (zero vectors), so no group is empty.
    """

    items: TextMatrices
    texts: tuple[str, ...]
    cores: tuple[str, ...]
    starts: IntArray

    def rows_of(self, first: int, last: int) -> slice:
        stop = int(self.starts[last]) if last < len(self.starts) else len(self.texts)
        return slice(int(self.starts[first]), stop)


@dataclass(frozen=True, slots=True)
class ItemSplit:
    """Texts cut into items: as shown, as matched (openers removed), where each text starts,
    and each item's language, which is its whole text's (more reliable than an item's)."""

    shown: tuple[str, ...]
    cores: tuple[str, ...]
    starts: IntArray
    languages: IntArray

    @classmethod
    def of(cls, texts: Sequence[str]) -> ItemSplit:
        shown: list[str] = []
        cores: list[str] = []
        starts: list[int] = []
        languages: list[int] = []
        for text in texts:
            starts.append(len(shown))
            pairs = [(item, strip_cues(item)) for item in split_items(text)]
            pairs = [(item, core) for item, core in pairs if core] or [("", "")]
            code = LANGUAGE_CODE[detect_language(text)] if text.strip() else NO_TEXT
            shown.extend(item for item, _ in pairs)
            cores.extend(core for _, core in pairs)
            languages.extend(code if core else NO_TEXT for _, core in pairs)
        return cls(
            tuple(shown),
            tuple(cores),
            np.array(starts, dtype=np.int64),
            np.array(languages, dtype=np.int64),
        )


def whole_lexical(items: ItemMatrices) -> sp.csr_matrix:
    """One TF-IDF row per firm: the sum of its item rows, renormalised."""
    n_items, n_firms = len(items.texts), len(items.starts)
    owner = np.repeat(np.arange(n_firms), np.diff(np.append(items.starts, n_items)))
    membership = sp.csr_matrix(
        (np.ones(n_items, np.float32), (owner, np.arange(n_items))), shape=(n_firms, n_items)
    )
    summed = sp.csr_matrix(membership @ items.items.lexical)
    norms = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
    scale = np.divide(1, norms, where=norms > 0, out=np.zeros_like(norms))
    return sp.csr_matrix(sp.diags(scale) @ summed)


def subset(matrices: TextMatrices, index: IntArray) -> TextMatrices:
    return TextMatrices(
        sp.csr_matrix(matrices.lexical[index]),
        None if matrices.semantic is None else matrices.semantic[index],
        matrices.language[index],
    )


def group_rows(starts: IntArray, total: int, firms: IntArray) -> tuple[IntArray, IntArray]:
    """The item rows of the given firms, concatenated, and where each firm's group starts."""
    ends = np.append(starts[1:], total)
    lengths = ends[firms] - starts[firms]
    groups = np.zeros(len(firms), dtype=np.int64)
    np.cumsum(lengths[:-1], out=groups[1:])
    index = np.repeat(starts[firms] - groups, lengths) + np.arange(int(lengths.sum()))
    return index.astype(np.int64), groups


COARSE_DIMENSIONS = 256


def projector(fitted_on: sp.csr_matrix, random_state: int) -> Callable[[sp.csr_matrix], FloatArray]:
    """Dense 256-dimensional random projection of TF-IDF rows (the rows as they are when
    the vocabulary is that small already)."""
    if fitted_on.shape[1] <= COARSE_DIMENSIONS:
        return lambda m: np.asarray(m.toarray(), np.float32)
    from sklearn.random_projection import SparseRandomProjection

    projection = SparseRandomProjection(
        n_components=COARSE_DIMENSIONS, dense_output=True, random_state=random_state
    ).fit(fitted_on)
    return lambda m: np.asarray(projection.transform(m), np.float32)


def summed_semantic(items: ItemMatrices) -> FloatArray:
    """One embedding per firm: the sum of its item embeddings, renormalised."""
    assert items.items.semantic is not None
    summed = np.add.reduceat(items.items.semantic, items.starts, axis=0)
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    out: FloatArray = np.divide(summed, norms, out=np.zeros_like(summed), where=norms > 0)
    return out
