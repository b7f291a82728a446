"""The TF-IDF view of a fair's texts: word stems and character n-grams in one matrix.

Character n-grams (3-5 characters, inside word boundaries, as scikit-learn's `char_wb`) let a
German compound ("Titanhalbzeuge") meet its parts ("Halbzeuge aus Titan"). A text's n-grams
are the sum of its words' n-grams, and a fair repeats the same words many times, so the
n-grams are counted once per distinct word and a text's counts are its word counts times that
word-to-n-gram matrix: the same numbers as `TfidfVectorizer(analyzer="char_wb")`, about ten
times faster at 20,000 firms (140,000 items), where Python-level n-gram loops took 9 s.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from matchmaker.core.text.analysis import analysed

NGRAM_RANGE = (3, 5)


def fit_lexical(
    texts: Sequence[str], languages: Sequence[str | None], word_weight: float
) -> sp.csr_matrix:
    """TF-IDF rows of the texts (fitted on them), weighted so that a dot product of two rows
    is `word_weight * cos_words + (1 - word_weight) * cos_chars`.

    Each text is stemmed in its given language (None: detected). Character n-grams seen in
    only one text are dropped in a larger collection (min_df 2), as noise.
    """
    if not any(t.strip() for t in texts):
        return _zeros(len(texts), 1)
    stems, tokens = _count_views(texts, languages)
    words = _tfidf(stems.counts(), min_df=1)
    chars = _tfidf(_char_counts(tokens), min_df=2 if len(texts) > 50 else 1)
    return _side_by_side(words, chars, np.sqrt(word_weight), np.sqrt(1 - word_weight))


def _side_by_side(left: sp.csr_matrix, right: sp.csr_matrix, a: float, b: float) -> sp.csr_matrix:
    """[a * left, b * right] as one CSR matrix, written once: `scipy.sparse.hstack` of the
    scaled views made three copies of the 12 million n-gram entries of 20,000 firms."""
    rows = left.shape[0]
    starts_left, starts_right = left.indptr.astype(np.int64), right.indptr.astype(np.int64)
    out_indptr = starts_left + starts_right
    data = np.empty(int(out_indptr[-1]), np.float32)
    indices = np.empty(len(data), np.int32)
    for part, own, other, scale, shift in (
        (left, starts_left, starts_right[:-1], a, 0),
        (right, starts_right, starts_left[1:], b, left.shape[1]),
    ):
        row_of = np.repeat(np.arange(rows, dtype=np.int64), np.diff(own))
        at = np.arange(part.nnz, dtype=np.int64) + other[row_of]
        del row_of
        data[at] = part.data * np.float32(scale)
        indices[at] = part.indices + shift
    shape = (rows, left.shape[1] + right.shape[1])
    return sp.csr_matrix((data, indices, out_indptr), shape=shape)


class _Tally:
    """Terms of many texts as integer ids, text by text (a CSR matrix in the making): the
    terms themselves are kept once each. Holding every text's token list, as scikit-learn's
    vectorizers do while fitting, took 400 MB at 20,000 firms."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.ids = array("i")
        self.ends = array("q", [0])

    def add(self, terms: Sequence[str]) -> None:
        vocabulary = self.vocabulary
        self.ids.extend([vocabulary.setdefault(term, len(vocabulary)) for term in terms])
        self.ends.append(len(self.ids))

    def names(self) -> list[str]:
        """The terms in alphabetical order, the columns of `counts` (as scikit-learn's)."""
        return sorted(self.vocabulary)

    def counts(self) -> sp.csr_matrix:
        """Each text's term counts, columns in the order of `names`."""
        rank = np.empty(len(self.vocabulary), np.int32)
        rank[[self.vocabulary[t] for t in self.names()]] = np.arange(len(rank), dtype=np.int32)
        ids = np.frombuffer(self.ids, np.int32) if self.ids else np.zeros(0, np.int32)
        counts = sp.csr_matrix(
            (np.ones(len(ids), np.float32), rank[ids], np.frombuffer(self.ends, np.int64)),
            shape=(len(self.ends) - 1, max(len(rank), 1)),
        )
        counts.sum_duplicates()
        return counts


def _count_views(texts: Sequence[str], languages: Sequence[str | None]) -> tuple[_Tally, _Tally]:
    """The texts' stems and the words their character n-grams are read from, one analysis
    of each text (core/text/analysis.py `analysed`)."""
    stems, tokens = _Tally(), _Tally()
    for text, language in zip(texts, languages, strict=True):
        stemmed, words = analysed(text, language)
        stems.add(stemmed)
        tokens.add(words)
    return stems, tokens


def _char_counts(words: _Tally) -> sp.csr_matrix:
    """char_wb n-gram counts per text, through the distinct words."""
    per_text, vocabulary = words.counts(), words.names()
    if not vocabulary:
        return _zeros(per_text.shape[0], 0)
    ngrams = CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE, lowercase=False)
    per_word = sp.csr_matrix(ngrams.fit_transform(vocabulary), dtype=np.float32)
    return sp.csr_matrix(per_text @ per_word)


def _tfidf(counts: sp.csr_matrix, min_df: int) -> sp.csr_matrix:
    """Sublinear, smoothed, L2-normalised TF-IDF of counts (as scikit-learn's
    `TfidfTransformer(sublinear_tf=True)`), columns below min_df dropped. Computed in place
    on the counts' float32 values (the counts are consumed): at 20,000 firms the n-gram counts
    take hundreds of megabytes, and the transformer's copies doubled them."""
    if min_df > 1:
        document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        counts = _columns_kept(counts, document_frequency >= min_df)
    if counts.shape[1] == 0:
        return _zeros(counts.shape[0], 1)
    out = sp.csr_matrix(counts, dtype=np.float32)
    out.sum_duplicates()
    out.eliminate_zeros()
    rows = out.shape[0]
    frequency = np.bincount(out.indices, minlength=out.shape[1])
    idf = (np.log((1 + rows) / (1 + frequency)) + 1).astype(np.float32)
    np.log(out.data, out=out.data)
    out.data += 1
    out.data *= idf[out.indices]
    squares = np.append(out.data * out.data, np.float32(0))
    starts = out.indptr[:-1]
    norms = np.sqrt(np.add.reduceat(squares, np.minimum(starts, len(out.data))))
    norms[np.diff(out.indptr) == 0] = 1.0
    out.data /= np.repeat(norms.astype(np.float32), np.diff(out.indptr))
    return out


def _columns_kept(counts: sp.csr_matrix, keep: npt.NDArray[np.bool_]) -> sp.csr_matrix:
    """The counts without the columns not kept, renumbered (one copy of what is kept, where
    indexing by columns made several)."""
    column = np.cumsum(keep, dtype=np.int64) - 1
    entry = keep[counts.indices]
    indptr = np.concatenate([[0], np.cumsum(entry, dtype=np.int64)])[counts.indptr]
    indices = column[counts.indices[entry]].astype(np.int32)
    shape = (counts.shape[0], int(keep.sum()))
    return sp.csr_matrix((counts.data[entry], indices, indptr), shape=shape)


def _zeros(rows: int, columns: int) -> sp.csr_matrix:
    return sp.csr_matrix(np.zeros((rows, columns), dtype=np.float32))
