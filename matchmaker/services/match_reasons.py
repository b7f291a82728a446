"""A recommendation's reason as stored, and as read: by the firm (the partner's words in the
reader's language where it gave them), seen from the partner's side, or by staff."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from matchmaker.core.matching.explain import (
    SENTENCES,
    STAFF_SENTENCES,
    Direction,
    Reason,
    ReasonPart,
    reason_sentences,
)
from matchmaker.core.messages import Message
from matchmaker.core.text.localised import LocalText, choose_item
from matchmaker.models import Participant, Recommendation
from matchmaker.services.texts import original_language


def stored_reason(recommendation: Recommendation) -> Reason:
    """The reason stored with a recommendation."""
    parts = tuple(ReasonPart(**part_fields(item)) for item in recommendation.reason)
    return Reason(parts, recommendation.mutual, recommendation.peer)


def turned(reason: Reason) -> Reason:
    """The same reason seen from the partner's side (a firm asked by one that had it
    recommended: its offer met their request, so for the asked firm they seek what it offers)."""
    flip: dict[Direction, Direction] = {
        "partner_offers": "partner_seeks",
        "partner_seeks": "partner_offers",
    }
    return replace(
        reason, parts=tuple(replace(p, direction=flip[p.direction]) for p in reason.parts)
    )


def local_reason(
    reason: Reason, partner: Participant, reader: str, about: Participant | None = None
) -> tuple[Message, ...]:
    """The reason as sentences for `reader`, the partner's words quoted in the reader's
    language where the partner gave a translation (`LocalText` values), else as written.

    Addressed to the firm; for staff, `about` is the firm, and both firms are named, with
    its words quoted the same way."""
    offers = {SENTENCES["partner_offers"], STAFF_SENTENCES["partner_offers"]}
    out = []
    names = (about.name, partner.name) if about is not None else None
    for sentence in reason_sentences(reason, names):
        values = dict(sentence.values)
        partner_offers = sentence.template in offers
        if "theirs" in values:
            values["theirs"] = _quoted(partner, partner_offers, str(values["theirs"]), reader)
        if "yours" in values and about is not None:  # staff read both firms' words
            values["yours"] = _quoted(about, not partner_offers, str(values["yours"]), reader)
        out.append(Message(sentence.template, values))
    return tuple(out)


def _quoted(firm: Participant, offering: bool, item: str, reader: str) -> LocalText:
    """One item a reason quotes from `firm` (from its offer or description when `offering`,
    else from its request), in `reader`'s language where the firm gave a translation, else
    as written and marked with its language."""
    translations = (firm.translations or {}).get(reader, {})
    kinds = ("offer", "description") if offering else ("request",)
    fields = [(str(getattr(firm, kind) or ""), translations.get(kind, "")) for kind in kinds]
    return choose_item(fields, original_language(firm), item, reader)


def reasons_with(
    session: Session, participant: Participant, partners: Collection[Participant]
) -> dict[int, Reason]:
    """Why each of `partners` suits `participant`, by partner id: from the participant's own
    recommendation, else from the partner's (turned round); partners of pairs that were not
    recommended either way are left out."""
    ids = {p.id for p in partners}
    if not ids:
        return {}
    rows = session.scalars(
        select(Recommendation).where(
            or_(
                (Recommendation.participant_id == participant.id)
                & Recommendation.partner_id.in_(ids),
                (Recommendation.partner_id == participant.id)
                & Recommendation.participant_id.in_(ids),
            )
        )
    ).all()
    found = {
        r.participant_id: turned(stored_reason(r)) for r in rows if r.partner_id == participant.id
    }
    found.update(
        {r.partner_id: stored_reason(r) for r in rows if r.participant_id == participant.id}
    )
    return found


def reason_between(
    session: Session, participant: Participant, partner: Participant
) -> Reason | None:
    """Why `partner` suits `participant` (see `reasons_with`); None: not recommended."""
    return reasons_with(session, participant, [partner]).get(partner.id)


def stored_part(part: ReasonPart) -> dict[str, Any]:
    """A reason's part as stored (`dataclasses.asdict` took 2 s for 60,000 reasons)."""
    return {
        "direction": part.direction,
        "offer": part.offer,
        "request": part.request,
        "strength": part.strength,
    }


def part_fields(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item[key] for key in ("direction", "offer", "request", "strength")}
