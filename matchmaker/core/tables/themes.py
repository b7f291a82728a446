"""What a themed table is about: how well each firm fits a staff theme (`theme_fit`), and a
short label for a table without a staff theme from its firms' sectors and offers."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from matchmaker.core.matching.semantic import Embedder
from matchmaker.core.text.analysis import stop_words, words
from matchmaker.core.types import Profile


def theme_fit(
    profiles: Sequence[Profile], themes: Sequence[str], embedder: Embedder | None = None
) -> Callable[[Profile, str], float]:
    """How well each firm's texts fit each staff theme: the cosine of character n-gram
    TF-IDF vectors (catches "Medizintechnik" in "medizintechnische Geräte"), averaged with
    the multilingual encoder's cosine when one is given (catches "медицинская техника")."""
    texts = [" ".join((*p.sectors, p.offer, p.request, p.description)) for p in profiles]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    matrix = vectorizer.fit_transform([*texts, *themes])
    scores = cosine_similarity(matrix[: len(texts)], matrix[len(texts) :])
    if embedder is not None:
        firms = embedder.encode(texts)
        names = embedder.encode(list(themes))
        scores = (scores + cosine_similarity(firms, names)) / 2
    index = {p.id: k for k, p in enumerate(profiles)}
    column = {name: k for k, name in enumerate(themes)}

    def fit(profile: Profile, theme: str) -> float:
        return float(scores[index[profile.id], column[theme]])

    return fit


def offer_words(profile: Profile) -> dict[str, str]:
    """The content words of a firm's offer, folded, with the form it wrote."""
    stop = stop_words(profile.languages[0] if profile.languages else "de")
    return {
        w.casefold(): w for w in words(profile.offer) if len(w) >= 5 and w.casefold() not in stop
    }


def sector_label(members: Sequence[Profile], frequency: Counter[str], firms: int) -> str:
    """A short label a person understands: the table's commonest sector and the two words of
    its firms' offers that are most its own (common at the table, rare in the fair:
    "Medizintechnik: Implantate, Sensoren"), not the phrases every firm uses."""
    sectors = Counter(s for p in members for s in p.sectors)
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for p in members:
        for key, word in offer_words(p).items():
            counts[key] += 1
            shown.setdefault(key, word)
    weight = {k: n * math.log(firms / frequency[k]) for k, n in counts.items() if n >= 2}
    top = [shown[k] for k in sorted(weight, key=lambda k: (-weight[k], k))[:2] if weight[k] > 0]
    head = sectors.most_common(1)[0][0] if sectors else ""
    if head and top:
        return f"{head}: {', '.join(top)}"
    return head or ", ".join(top) or "Offener Tisch"
