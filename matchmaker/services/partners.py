"""The partners a firm may meet: its recommendations first, with their reason and a score
band, then every other firm, narrowed by sector, group, country and free text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.models import Participant, Recommendation
from matchmaker.services.events import listed
from matchmaker.services.meeting_requests import same_group
from matchmaker.services.recommendations import reason_text

BANDS = ((0.75, "strong"), (0.5, "good"), (0.0, "possible"))  # share of the firm's best score


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
    band: str | None
    reason: str
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
    best = max((r.score for r in recommended.values()), default=0.0)
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
        if not _matches(firm, wanted):
            continue
        rows.append(
            PartnerRow(
                partner=firm,
                rank=rec.rank if rec else None,
                band=_band(rec.score, best) if rec else None,
                reason=reason_text(rec, language) if rec else "",
                mutual=bool(rec and rec.mutual),
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0))
    return rows


def _band(score: float, best: float) -> str:
    share = score / best if best > 0 else 0.0
    return next(name for floor, name in BANDS if share >= floor)


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
        haystack = " ".join(fields + [s.name for s in firm.sectors]).casefold()
        return all(word in haystack for word in words)
    return True
