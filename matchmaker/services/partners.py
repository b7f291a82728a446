"""The partners a firm may meet: its recommendations first, with their reason and a score
band (never the raw score), then every other firm, narrowed by sector, group, country and free
text; and one partner's page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.core.messages import Message
from matchmaker.models import Participant, Recommendation
from matchmaker.services.events import listed
from matchmaker.services.match_reasons import local_reason, reason_between, stored_reason
from matchmaker.services.meeting_requests import request_state, same_group
from matchmaker.services.recommendations import recommendations_for

# Scores are z-scores over the fair's pairs (core/matching/matcher.py). On the realistic
# tuning fair,
# 70-100 % of recommended pairs from 2.0 up were pairs an organiser would seat together, 36-57 %
# from 1.0, 8-18 % below (benchmarks/bench_matching_realistic.py, docs/MATCHING.md).
BANDS = ((2.0, "strong"), (1.0, "good"), (float("-inf"), "possible"))


@dataclass(frozen=True, slots=True)
class PartnerFilter:
    sector_id: int | None = None
    group_id: int | None = None
    country: str = ""
    text: str = ""
    everyone: bool = False  # all firms, not only the recommended ones

    @property
    def narrowing(self) -> bool:
        return bool(self.sector_id or self.group_id or self.country or self.text.strip())


@dataclass(frozen=True, slots=True)
class PartnerRow:
    partner: Participant
    rank: int | None  # None: not among the firm's recommendations
    band: str | None  # one of BANDS' names
    reason: tuple[Message, ...]  # sentences for the reader (services.recommendations)
    mutual: bool


def partner_rows(
    session: Session, participant: Participant, wanted: PartnerFilter, language: str
) -> list[PartnerRow]:
    """The partners to show: recommended ones by rank, then (when asked for, or when the
    reader narrows the list) the other firms by name; only firms shown publicly (`listed`)."""
    event = participant.event
    recommended = {
        r.partner_id: r
        for r in session.scalars(
            select(Recommendation)
            .where(Recommendation.participant_id == participant.id)
            .order_by(Recommendation.rank)
        )
    }
    show_all = wanted.everyone or wanted.narrowing
    query = (
        select(Participant)
        .where(
            Participant.event_id == event.id,
            listed(event),
            Participant.id != participant.id,
        )
        .options(selectinload(Participant.sectors), selectinload(Participant.group))
        .order_by(Participant.name)
    )
    if not show_all:  # the usual page: only the recommended firms, not the whole fair
        query = query.where(Participant.id.in_(recommended))
    firms = session.scalars(query).all()
    rows = []
    for firm in firms:
        if event.cross_group_only and same_group(participant, firm):
            continue
        rec = recommended.get(firm.id)
        if rec is None and not show_all:
            continue
        if _matches(firm, wanted):
            rows.append(_row(firm, rec, language))
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0))
    return rows


def partner_row(
    session: Session, participant: Participant, partner_id: int, language: str
) -> PartnerRow | None:
    """One partner as `participant` may see it (its page): a firm of the same fair shown to
    the others, not itself, not of its own group where firms meet other groups only, or one
    that has a request with it (a request shows the firms to each other); None otherwise."""
    event = participant.event
    partner = session.scalar(
        select(Participant).where(
            Participant.id == partner_id,
            Participant.event_id == event.id,
            Participant.id != participant.id,
            listed(event),
        )
    )
    if partner is None:
        return None
    hidden = event.cross_group_only and same_group(participant, partner)
    if hidden and partner.id not in request_state(session, participant):
        return None
    recommended = recommendations_for(session, participant)
    rec = next((r for r in recommended if r.partner_id == partner.id), None)
    row = _row(partner, rec, language)
    if rec is None and (reason := reason_between(session, participant, partner)) is not None:
        row = replace(row, reason=local_reason(reason, partner, language))
    return row


def _row(firm: Participant, rec: Recommendation | None, language: str) -> PartnerRow:
    return PartnerRow(
        partner=firm,
        rank=rec.rank if rec else None,
        band=band(rec.score) if rec else None,
        reason=local_reason(stored_reason(rec), firm, language) if rec else (),
        mutual=bool(rec and rec.mutual),
    )


def band(score: float) -> str:
    """A score as a word (strong, good, possible), the same for every firm of the fair; firms
    and staff see this, never the number."""
    return next(name for floor, name in BANDS if score >= floor)


def _matches(firm: Participant, wanted: PartnerFilter) -> bool:
    if wanted.sector_id and wanted.sector_id not in {s.id for s in firm.sectors}:
        return False
    if wanted.group_id and firm.group_id != wanted.group_id:
        return False
    if wanted.country and firm.country.upper() != wanted.country.upper():
        return False
    words = wanted.text.casefold().split()
    if words:
        fields = [firm.name, firm.city, firm.offer, firm.request, firm.description]
        fields += [text for texts in (firm.translations or {}).values() for text in texts.values()]
        haystack = " ".join(fields + [s.name for s in firm.sectors]).casefold()
        return all(word in haystack for word in words)
    return True
