"""Why a partner was recommended, in words: the item pairs that carried the score.

"Partner bietet: CNC-Frästeile ↔ Sie suchen: Fräsen von Bauteilen". The pairs come from the
matcher's own item similarities, so a reason never names something that did not count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from matchmaker.core.matching import RERANK_BLOCK, ComplementaryMatcher, ItemPair, Match

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

    Matches are explained a block of consecutive firms at a time (one similarity pass per
    block, as the large-fair scoring does), and come back in the order given.
    """
    by_firm: dict[int, list[int]] = {}
    for position, match in enumerate(matches):
        by_firm.setdefault(matcher.index_[match.participant_id], []).append(position)
    out: list[Reason | None] = [None] * len(matches)
    for start in sorted({firm - firm % RERANK_BLOCK for firm in by_firm}):
        firms = range(start, min(start + RERANK_BLOCK, len(matcher.profiles_)))
        positions = [by_firm.get(firm, []) for firm in firms]
        partner_lists = [
            np.array([matcher.index_[matches[i].partner_id] for i in listed], dtype=np.int64)
            for listed in positions
        ]
        best = matcher.best_item_pairs(firms, partner_lists)
        for listed, firm_pairs in zip(positions, best, strict=True):
            for i, (ahead, back) in zip(listed, firm_pairs, strict=True):
                parts = [
                    _part(matcher, "partner_offers", ahead),
                    _part(matcher, "partner_seeks", back),
                ]
                strong = sorted((p for p in parts if p.strength > 0), key=lambda p: -p.strength)
                out[i] = Reason(tuple(strong[:max_parts]), matches[i].mutual, matches[i].peer)
    return [reason for reason in out if reason is not None]


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
