"""The TF-IDF view: character n-grams counted through distinct words give exactly what
scikit-learn's char_wb vectorizer gives, and the word view stems in the language it is told."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matchmaker.core.text.analysis import char_text
from matchmaker.core.text.lexical import fit_lexical

TEXTS = [
    "Titan-Halbzeuge und Titanhalbzeuge",
    "Halbzeuge aus Titan, Drehteile, Drehteile",
    "титановые прутки и поковки",
    "surgical instruments; forged parts",
    "",
    "Drehteile aus Titan",
]


def test_character_view_equals_char_wb_tf_idf() -> None:
    ours = fit_lexical(TEXTS, [None] * len(TEXTS), word_weight=0.0)
    reference = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), preprocessor=char_text, sublinear_tf=True
    ).fit_transform(TEXTS)
    np.testing.assert_allclose(
        (ours @ ours.T).toarray(), (reference @ reference.T).toarray(), atol=1e-6
    )


def test_rows_are_unit_length_blends_and_empty_text_is_zero() -> None:
    lexical = fit_lexical(TEXTS, [None] * len(TEXTS), word_weight=0.6)
    norms = np.sqrt(np.asarray(lexical.multiply(lexical).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms[[0, 1, 2, 3, 5]], 1.0, rtol=1e-5)
    assert norms[4] == 0
    similar = (lexical @ lexical.T).toarray()
    assert similar[0, 1] > similar[0, 3]  # compound meets its parts, not an unrelated text


def test_given_language_decides_the_stemmer() -> None:
    texts = ["Verpackungen", "Verpackung", "Verpackungen"]
    words_only = fit_lexical(texts, ["de", "de", "en"], word_weight=1.0)
    similar = (words_only @ words_only.T).toarray()
    assert similar[0, 1] > 0.99  # German stems: both "verpack"
    assert similar[2, 1] < 0.01  # read as English, the German plural stays whole
    assert fit_lexical(["", " "], [None, None], word_weight=0.6).shape == (2, 1)
