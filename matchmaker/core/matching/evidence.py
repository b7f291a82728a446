"""The phrases behind a match: which of a firm's needs meets which of the partner's offers.

Scores come from whole texts (core/matching/matcher.py); a person believes a score when it names the
need and the offer that fit. Needs are the items of a firm's request, offers the items of its
offer and the sentences of its description (core/text/analysis.py cuts them). Two items are
compared by
a sentence encoder (centred on the fair's items, like the whole texts) and by TF-IDF, so that a
shared code or product name ("EN 1090", "PP H030") counts too. A phrase of one word ("двери",
"Medizin") says little alone: the reason then quotes the clause of the firm's text it stands
in ("Türen, Tore und Fenster aus Aluminium"), never the bare word.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matchmaker.core.matching.phrases import quoted_items
from matchmaker.core.matching.profile_vectors import compact_centred_pair
from matchmaker.core.matching.semantic import Reading
from matchmaker.core.matching.shared_terms import only_generic
from matchmaker.core.text.analysis import (
    clauses,
    detect_language,
    normalise,
    split_items,
    stop_words,
    strip_cues,
    words,
)
from matchmaker.core.text.lexical import fit_lexical
from matchmaker.core.types import Profile

FloatArray = npt.NDArray[np.float32]
LEXICAL_SHARE = 0.3  # of an item pair's similarity; the encoder gives the rest
# Below this an item pair is no evidence worth naming (a centred cosine: 0 is an average pair).
MIN_STRENGTH = 0.2
MAX_TRIED = 20  # item pairs tried, best first, before a block is said to have no evidence
ITEM_PRIOR = 200  # items whose mean is shrunk towards zero (`centred_pair`): a small fair's
# items would otherwise be centred on themselves, and every pair look unrelated
# Firms whose items estimate the fair's statistics (TF-IDF weights, the items' centre) when
# only some firms' pairs are to be explained; a fair this size or smaller is read whole.
STATISTICS_SAMPLE = 2000
PAIR_BATCH = 64  # seeker-giver pairs whose items are compared in one product
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
# Words that say a sentence is about what the firm seeks, in the fairs' six languages.
_SEEKING = re.compile(
    r"\b(?:such|gesucht|benötig|brauch|bedarf|interessiert|seek|looking for|we need|we want|"
    r"interested in|ищ[еу]|нужн|нужд|требу|заинтересован|шука|потребу|зацікавл|szuka|"
    r"poszukuj|potrzebuj|zainteresowan)|찾고|찾습니다|희망합니다|필요합니다|구합니다",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ItemPair:
    """A need of the seeker and an offer of the giver, as quoted, and how well they fit."""

    need: str
    offer: str
    strength: float


@dataclass(frozen=True, slots=True)
class _Items:
    """One side's items of every firm: firm i owns rows starts[i]:starts[i+1]."""

    quoted: tuple[str, ...]
    cores: tuple[str, ...]  # what is compared, to tell a shared code family from a match
    languages: tuple[str, ...]
    vectors: npt.NDArray[np.float16] | None
    lexical: sp.csr_matrix
    starts: npt.NDArray[np.int64]

    def rows(self, firm: int) -> slice:
        end = int(self.starts[firm + 1]) if firm + 1 < len(self.starts) else len(self.quoted)
        return slice(int(self.starts[firm]), end)


class Evidence:
    """Fit on a fair's profiles (with a sentence encoder when there is one), then ask for the
    best item pair between a seeker and a giver."""

    def __init__(self, reading: Reading | None = None) -> None:
        self.reading = reading

    def fit(self, profiles: Sequence[Profile], explain: Collection[str] | None = None) -> Self:
        """Read the fair's items. `explain` (firm ids): only these firms' pairs will be asked
        for, so only their items are read, with a fixed sample of the fair's other firms for
        the statistics (a firm that edits its profile at a fair of 20,000 waits for its own
        items, not for 140,000); None: every firm."""
        profiles = _chosen(profiles, explain)
        needs = [[*_items(p.request), *_items(_said(p.description, True))] for p in profiles]
        offers = [[*_items(p.offer), *_items(_said(p.description, False))] for p in profiles]
        flat_needs = [core for items in needs for core, _, _ in items]
        flat_offers = [core for items in offers for core, _, _ in items]
        languages = [lang for side in (needs, offers) for items in side for _, _, lang in items]
        lexical = fit_lexical([*flat_needs, *flat_offers], languages, 0.6)
        vectors_n = vectors_o = None
        if self.reading is not None:
            vectors_n, vectors_o = compact_centred_pair(  # float16: 175,000 items took
                self.reading.needs.encode(flat_needs),  # 360 MB as float32
                self.reading.offers.encode(flat_offers),
                prior=ITEM_PRIOR,
            )
        self.index_ = {p.id: i for i, p in enumerate(profiles)}
        self.needs_ = _Items(
            tuple(q for items in needs for _, q, _ in items),
            tuple(flat_needs),
            tuple(lang for items in needs for _, _, lang in items),
            vectors_n,
            sp.csr_matrix(lexical[: len(flat_needs)]),
            _starts(needs),
        )
        self.offers_ = _Items(
            tuple(q for items in offers for _, q, _ in items),
            tuple(flat_offers),
            tuple(lang for items in offers for _, _, lang in items),
            vectors_o,
            sp.csr_matrix(lexical[len(flat_needs) :]),
            _starts(offers),
        )
        return self

    def texts(self, profiles: Sequence[Profile]) -> list[str]:
        """Every item text `fit` gives the encoder for these firms (to find stored vectors):
        the items cut as `fit` cuts them, without finding their language (2 s for 20,000
        firms where `fit`'s cutting takes 7 s)."""
        sides = (
            lambda p: p.request,
            lambda p: p.offer,
            lambda p: _said(p.description, True),
            lambda p: _said(p.description, False),
        )
        cores = (strip_cues(i) for p in profiles for side in sides for i in split_items(side(p)))
        return [core for core in cores if core]

    def best(self, seeker: str, giver: str) -> ItemPair | None:
        """The seeker's need and the giver's offer that fit best; None when none fits."""
        return self.best_pairs([(seeker, giver)])[0]

    def best_of_givers(self, seeker: str, givers: Sequence[str]) -> list[ItemPair | None]:
        """`best` for one seeker and several givers."""
        return self.best_pairs([(seeker, giver) for giver in givers])

    def best_of_seekers(self, seekers: Sequence[str], giver: str) -> list[ItemPair | None]:
        """`best` for several seekers and one giver."""
        return self.best_pairs([(seeker, giver) for seeker in seekers])

    def best_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[ItemPair | None]:
        """`best` for each (seeker, giver) pair, in order. The items of `PAIR_BATCH` pairs at a
        time are compared in one product (all their needs against all their offers) and each
        pair's block is cut out of it: a sparse product per pair cost more in scipy's checks
        than in arithmetic (12,000 products, 3 s, for the 6,000 lists an update explained)."""
        found: list[ItemPair | None] = []
        for start in range(0, len(pairs), PAIR_BATCH):
            batch = pairs[start : start + PAIR_BATCH]
            blocks = [
                (
                    _range(self.needs_.rows(self.index_[seeker])),
                    _range(self.offers_.rows(self.index_[giver])),
                )
                for seeker, giver in batch
            ]
            needs = np.unique(np.concatenate([np.zeros(0, np.int64), *(b[0] for b in blocks)]))
            offers = np.unique(np.concatenate([np.zeros(0, np.int64), *(b[1] for b in blocks)]))
            combined, semantic = self._similarity(needs, offers)
            for own_needs, own_offers in blocks:
                at = np.ix_(np.searchsorted(needs, own_needs), np.searchsorted(offers, own_offers))
                block = (combined[at], semantic[at] if semantic is not None else None)
                found.append(self._pick(block, own_needs, own_offers))
        return found

    def _similarity(
        self, needs: npt.NDArray[np.int64], offers: npt.NDArray[np.int64]
    ) -> tuple[FloatArray, FloatArray | None]:
        """The item pairs' similarity and, with an encoder, its centred cosine alone."""
        need_rows, offer_rows = _rows(needs), _rows(offers)
        lexical = np.asarray(
            (self.needs_.lexical[need_rows] @ self.offers_.lexical[offer_rows].T).toarray(),
            np.float32,
        )
        if self.needs_.vectors is None or self.offers_.vectors is None:
            return lexical, None
        left = self.needs_.vectors[need_rows].astype(np.float32)
        semantic = left @ self.offers_.vectors[offer_rows].astype(np.float32).T
        combined = LEXICAL_SHARE * lexical + (1 - LEXICAL_SHARE) * semantic
        return combined.astype(np.float32), semantic

    def _pick(
        self,
        similarity: tuple[FloatArray, FloatArray | None],
        needs: npt.NDArray[np.int64],
        offers: npt.NDArray[np.int64],
    ) -> ItemPair | None:
        """The best cell of a seeker-giver block that is evidence enough: strong enough, and
        not a pair that meets only on a code family or a generic word (`only_generic`)."""
        combined, semantic = similarity
        if combined.size == 0:
            return None
        flat = combined.ravel()
        for cell in np.argsort(-flat, kind="stable")[:MAX_TRIED]:
            strength = float(flat[cell])
            if strength < MIN_STRENGTH:
                return None
            r, c = np.unravel_index(int(cell), combined.shape)
            need, offer = int(needs[r]), int(offers[c])
            cosine = float(semantic[r, c]) if semantic is not None else 0.0
            languages = (self.needs_.languages[need], self.offers_.languages[offer])
            if only_generic(self.needs_.cores[need], self.offers_.cores[offer], languages, cosine):
                continue
            return ItemPair(
                self.needs_.quoted[need], self.offers_.quoted[offer], round(strength, 4)
            )
        return None


def _chosen(profiles: Sequence[Profile], explain: Collection[str] | None) -> list[Profile]:
    """The firms to read, in the fair's order: those to explain and a fixed-seed sample of
    `STATISTICS_SAMPLE` firms (all firms when there are no more than that, or no `explain`;
    only those to explain when they are that many already, as after an update at a large
    fair: 8,000 firms estimate the statistics as well as 10,000, and reading 2,000 firms'
    items more took a second)."""
    if explain is None or len(profiles) <= STATISTICS_SAMPLE:
        return list(profiles)
    if len(explain) >= STATISTICS_SAMPLE:
        return [p for p in profiles if p.id in explain]
    sample = np.random.default_rng(0).choice(len(profiles), STATISTICS_SAMPLE, replace=False)
    keep = set(sample.tolist())
    return [p for n, p in enumerate(profiles) if n in keep or p.id in explain]


def _rows(index: npt.NDArray[np.int64]) -> npt.NDArray[np.int64] | slice:
    """Consecutive row indices as a slice (one firm's items): a slice of a sparse matrix is
    a view of its rows, an index array a copy made through scipy's slower general path."""
    if len(index) and int(index[-1]) - int(index[0]) + 1 == len(index):
        return slice(int(index[0]), int(index[-1]) + 1)
    return index


def _range(rows: slice) -> npt.NDArray[np.int64]:
    return np.arange(rows.start, max(rows.start, rows.stop), dtype=np.int64)


def _said(description: str, seeking: bool) -> str:
    """The sentences of a description that say what the firm seeks (`seeking`) or the others:
    "Wir suchen Nachunternehmer" in a description is a need, not an offer."""
    sentences = [s for s in _SENTENCES.split(description) if s.strip()]
    return "\n".join(s for s in sentences if bool(_SEEKING.search(s)) == seeking)


def _items(text: str) -> list[tuple[str, str, str]]:
    """A text's items as (what is compared, what is quoted, language): the item without its
    opener ("Wir suchen …"), and the phrase the firm wrote around it (`phrases.quoted_items`),
    or for a one-word phrase the whole clause. The language is the whole text's: detected
    once, and surer than on a two-word item."""
    if not text.strip():
        return []
    language = detect_language(normalise(text))
    cut = clauses(text)
    whole = {item: c.text for c in cut for _, items in c.segments for item in items}
    out = []
    for item, quoted in quoted_items(text, language, cut):
        core = strip_cues(item)
        if not core:
            continue
        if _content_words(quoted, language) < 2:
            quoted = whole.get(item, quoted)
        out.append((core, quoted, language))
    return out


def _content_words(text: str, language: str) -> int:
    drop = stop_words(language)
    return sum(1 for w in words(normalise(text)) if w not in drop and "-" not in w and len(w) > 1)


def _starts(per_firm: Sequence[Sequence[object]]) -> npt.NDArray[np.int64]:
    lengths = [len(items) for items in per_firm]
    return np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
