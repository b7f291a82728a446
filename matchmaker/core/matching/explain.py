"""Why a partner was recommended, in words: the need and the offer that fit best.

"Your request “Fräsen von Bauteilen” matches their offer “CNC-Frästeile”." The pairs come
from `evidence.Evidence`, which compares the two firms' items as the matcher compares their
whole texts (the same encoder, centred the same way, with TF-IDF for shared codes).
The sentences are English templates (`N_`) with the quoted words as values: pages translate
them into the reader's language and may quote a translation of the partner's words instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from matchmaker.core.matching.evidence import Evidence, ItemPair
from matchmaker.core.matching.matcher import Match
from matchmaker.core.messages import N_, Message

Direction = Literal["partner_offers", "partner_seeks"]
PEER_WARNING = 0.3  # cosine of two firms' centred offer vectors: above the top 1 % of pairs

# One sentence per item pair, in the reader's language; `yours` quotes the reader's own item,
# `theirs` the partner's (in its language, or a translation of it). Translators set the quote
# marks their language uses („…“, «…»).
SENTENCES: dict[Direction, str] = {
    "partner_offers": N_("Your request “%(yours)s” matches their offer “%(theirs)s”."),
    "partner_seeks": N_("Their request “%(theirs)s” matches your offer “%(yours)s”."),
}
MUTUAL = N_("The interest is mutual.")
PEER = N_("Their offer is much like yours: possibly a competitor.")
CONTEXT = N_("Their sector and description fit yours.")
# The same sentences for staff, who read about two firms: both named, in the third person.
STAFF_SENTENCES: dict[Direction, str] = {
    "partner_offers": N_(
        "%(firm)s's request “%(yours)s” matches %(partner)s's offer “%(theirs)s”."
    ),
    "partner_seeks": N_("%(partner)s's request “%(theirs)s” matches %(firm)s's offer “%(yours)s”."),
}
STAFF_PEER = N_("Their offers are much alike: possibly competitors.")
STAFF_CONTEXT = N_("Their sectors and descriptions fit each other.")


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


def reasons(evidence: Evidence, matches: Sequence[Match], max_parts: int = 2) -> list[Reason]:
    """The item pairs behind each match, best first, at most `max_parts` each: the firm's need
    the partner's offer meets, and the partner's need the firm's offer meets (the items of
    many pairs compared at a time, `Evidence.best_pairs`)."""
    ahead = evidence.best_pairs([(m.participant_id, m.partner_id) for m in matches])
    back = evidence.best_pairs([(m.partner_id, m.participant_id) for m in matches])
    out: list[Reason] = []
    for match, forward, backward in zip(matches, ahead, back, strict=True):
        found: tuple[tuple[Direction, ItemPair | None], ...] = (
            ("partner_offers", forward),
            ("partner_seeks", backward),
        )
        parts = [
            ReasonPart(direction, offer=pair.offer, request=pair.need, strength=pair.strength)
            for direction, pair in found
            if pair is not None
        ]
        parts.sort(key=lambda part: -part.strength)
        out.append(Reason(tuple(parts[:max_parts]), match.mutual, match.peer))
    return out


def explain(evidence: Evidence, match: Match, max_parts: int = 2) -> Reason:
    """The reason behind one match."""
    return reasons(evidence, [match], max_parts)[0]


def theirs(part: ReasonPart) -> str:
    """The partner's words in a pair: its offer when it offers, its request when it seeks."""
    return part.offer if part.direction == "partner_offers" else part.request


def yours(part: ReasonPart) -> str:
    """The reader's own words in a pair."""
    return part.request if part.direction == "partner_offers" else part.offer


def reason_sentences(reason: Reason, names: tuple[str, str] | None = None) -> tuple[Message, ...]:
    """The reason as sentences to translate: one per item pair (best first), the mutual
    interest before them, a warning about a look-alike competitor after them.

    Addressed to the firm itself; given `names` (the firm's, the partner's), worded for staff
    instead, naming both firms in the third person."""
    templates = STAFF_SENTENCES if names else SENTENCES
    named = {"firm": names[0], "partner": names[1]} if names else {}
    sentences = [
        Message(templates[part.direction], {"yours": yours(part), "theirs": theirs(part), **named})
        for part in reason.parts
    ]
    if not sentences:
        sentences.append(Message(STAFF_CONTEXT if names else CONTEXT))
    if reason.mutual and len(reason.parts) > 1:
        sentences.insert(0, Message(MUTUAL))
    if reason.peer >= PEER_WARNING and not reason.mutual:
        sentences.append(Message(STAFF_PEER if names else PEER))
    return tuple(sentences)


def _same(template: str) -> str:
    return template


def format_reason(reason: Reason, translate: Callable[[str], str] = _same) -> str:
    """The reason as plain text, its templates passed through `translate` (a catalogue's
    `gettext`; English without one)."""
    return " ".join(
        translate(sentence.template) % dict(sentence.values)
        for sentence in reason_sentences(reason)
    )


def explain_all(
    evidence: Evidence, matches: Sequence[Match], translate: Callable[[str], str] = _same
) -> list[str]:
    """One formatted reason per match."""
    return [format_reason(reason, translate) for reason in reasons(evidence, matches)]
