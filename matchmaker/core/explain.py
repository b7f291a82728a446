"""Why a partner was recommended, in words: the item pairs that carried the score.

"Partner bietet: CNC-Frästeile ↔ Sie suchen: Fräsen von Bauteilen". The pairs come from the
matcher's own item similarities, so a reason never names something that did not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from matchmaker.core.matching import ComplementaryMatcher, Match

Direction = Literal["partner_offers", "partner_seeks"]
PEER_WARNING = 0.5

_PHRASES = {
    "de": {
        "partner_offers": "Partner bietet: {offer} ↔ Sie suchen: {request}",
        "partner_seeks": "Partner sucht: {request} ↔ Sie bieten: {offer}",
        "mutual": "gegenseitig",
        "peer": "ähnliches Angebot wie Ihres (möglicher Wettbewerber)",
        "context": "passt zu Ihrer Branche und Beschreibung",
    },
    "en": {
        "partner_offers": "partner offers: {offer} ↔ you seek: {request}",
        "partner_seeks": "partner seeks: {request} ↔ you offer: {offer}",
        "mutual": "mutual",
        "peer": "offers much like yours (possible competitor)",
        "context": "fits your sector and description",
    },
    "ru": {
        "partner_offers": "партнёр предлагает: {offer} ↔ вы ищете: {request}",
        "partner_seeks": "партнёр ищет: {request} ↔ вы предлагаете: {offer}",
        "mutual": "взаимно",
        "peer": "предложение похоже на ваше (возможный конкурент)",
        "context": "подходит по отрасли и описанию",
    },
}


@dataclass(frozen=True, slots=True)
class ReasonPart:
    """One complementary item pair; `offer` is the giver's phrase, `request` the seeker's."""

    direction: Direction
    offer: str
    request: str
    strength: float


@dataclass(frozen=True, slots=True)
class Reason:
    parts: tuple[ReasonPart, ...]
    mutual: bool
    peer: float


def explain(matcher: ComplementaryMatcher, match: Match, max_parts: int = 2) -> Reason:
    """The strongest item pairs behind a match, best first, at most `max_parts`."""
    a = matcher.index_[match.participant_id]
    b = matcher.index_[match.partner_id]
    parts = [
        *_best_pairs(matcher, seeker=a, giver=b, direction="partner_offers"),
        *_best_pairs(matcher, seeker=b, giver=a, direction="partner_seeks"),
    ]
    parts.sort(key=lambda part: -part.strength)
    return Reason(tuple(parts[:max_parts]), match.mutual, match.peer)


def _best_pairs(
    matcher: ComplementaryMatcher, seeker: int, giver: int, direction: Direction
) -> list[ReasonPart]:
    scores = matcher.item_pair_scores(seeker, giver)
    if scores.size == 0 or float(scores.max()) <= 0:
        return []
    row, col = np.unravel_index(int(np.argmax(scores)), scores.shape)
    requests = matcher.request_items_.rows_of(seeker, seeker + 1)
    offers = matcher.offer_items_.rows_of(giver, giver + 1)
    return [
        ReasonPart(
            direction=direction,
            offer=matcher.offer_items_.cores[offers.start + int(col)],
            request=matcher.request_items_.cores[requests.start + int(row)],
            strength=round(float(scores[row, col]), 4),
        )
    ]


def format_reason(reason: Reason, language: str = "de") -> str:
    """The reason as one line in German, English or Russian (German for anything else)."""
    phrases = _PHRASES.get(language, _PHRASES["de"])
    lines = [
        phrases[part.direction].format(offer=part.offer, request=part.request)
        for part in reason.parts
    ]
    if not lines:
        lines.append(phrases["context"])
    text = "; ".join(lines)
    if reason.mutual and len(reason.parts) > 1:
        text = f"{phrases['mutual']}: {text}"
    if reason.peer >= PEER_WARNING and not reason.mutual:
        text = f"{text} ({phrases['peer']})"
    return text


def explain_all(
    matcher: ComplementaryMatcher, matches: list[Match], language: str = "de"
) -> list[str]:
    """One formatted reason per match, in the given language."""
    return [format_reason(explain(matcher, match), language) for match in matches]
