"""Why a partner was recommended, in words: the item pairs that carried the score.

"Partner bietet: CNC-Frästeile ↔ Sie suchen: Fräsen von Bauteilen". The pairs come from the
matcher's own item similarities, so a reason never names something that did not count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

import numpy as np

from matchmaker.core.matching import ComplementaryMatcher, ItemPair, Match

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


def reasons(
    matcher: ComplementaryMatcher, matches: Sequence[Match], max_parts: int = 2
) -> list[Reason]:
    """The strongest item pairs behind each match, best first, at most `max_parts` each.

    Matches of one firm are explained together: one similarity pass per firm, not per match.
    """
    out: list[Reason] = []
    for _, group in groupby(matches, key=lambda m: m.participant_id):
        listed = list(group)
        firm = matcher.index_[listed[0].participant_id]
        partners = np.array([matcher.index_[m.partner_id] for m in listed], dtype=np.int64)
        for match, (ahead, back) in zip(
            listed, matcher.best_item_pairs(firm, partners), strict=True
        ):
            parts = [
                _part(matcher, "partner_offers", ahead),
                _part(matcher, "partner_seeks", back),
            ]
            strong = sorted((p for p in parts if p.strength > 0), key=lambda p: -p.strength)
            out.append(Reason(tuple(strong[:max_parts]), match.mutual, match.peer))
    return out


def explain(matcher: ComplementaryMatcher, match: Match, max_parts: int = 2) -> Reason:
    """The reason behind one match."""
    return reasons(matcher, [match], max_parts)[0]


def _part(matcher: ComplementaryMatcher, direction: Direction, pair: ItemPair) -> ReasonPart:
    need, offer, strength = pair
    return ReasonPart(
        direction=direction,
        offer=matcher.offer_items_.cores[offer],
        request=matcher.request_items_.cores[need],
        strength=round(strength, 4),
    )


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
    matcher: ComplementaryMatcher, matches: Sequence[Match], language: str = "de"
) -> list[str]:
    """One formatted reason per match, in the given language."""
    return [format_reason(reason, language) for reason in reasons(matcher, matches)]
