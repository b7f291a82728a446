"""After the fair: each firm says, per partner it was scheduled to meet, whether they met,
agreed a follow-up, or started working together; the committee report sums it up
("welcher Nutzen daraus entsteht"), beside the figures of the day from the desk."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import Event, MeetingFeedback, Participant
from matchmaker.services.agenda import agenda_for, published_version


class FeedbackError(ValueError):
    """Feedback about a firm the participant had no meeting with."""


@dataclass(frozen=True, slots=True)
class Answer:
    met: bool
    follow_up: bool
    cooperation: bool
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Cooperation:
    firm: str
    partner: str
    comment: str


@dataclass(frozen=True, slots=True)
class OutcomeReport:
    meetings: int  # in the published timetable
    firms: int  # taking part in it
    firms_answered: int
    pairs_answered: int
    met: int  # pairs: either side says they met
    follow_up: int
    cooperation: int
    by_groups: list[tuple[str, int, int, int]]  # group pair, met, follow-up, cooperation
    cooperations: list[Cooperation]
    # the fair day as the desk noted it: firms checked in, not coming, with an arrival time
    checked_in: int = 0
    not_coming: int = 0
    late: int = 0


def feedback_of(session: Session, participant: Participant) -> dict[int, MeetingFeedback]:
    return {
        f.partner_id: f
        for f in session.scalars(
            select(MeetingFeedback).where(
                MeetingFeedback.event_id == participant.event_id,
                MeetingFeedback.participant_id == participant.id,
            )
        )
    }


def save_feedback(session: Session, participant: Participant, answers: dict[int, Answer]) -> int:
    """Store the firm's answers (replacing earlier ones); only partners of its published
    agenda count. Returns how many were stored."""
    partners = {item.partner.id for item in agenda_for(session, participant).items}
    unknown = set(answers) - partners
    if unknown:
        raise FeedbackError(f"no meeting with firm(s) {sorted(unknown)}")
    known = feedback_of(session, participant)
    for partner_id, answer in answers.items():
        row = known.get(partner_id)
        if row is None:
            row = MeetingFeedback(
                event_id=participant.event_id, participant_id=participant.id, partner_id=partner_id
            )
            session.add(row)
        row.met = answer.met
        row.follow_up = answer.met and answer.follow_up
        row.cooperation = answer.met and answer.cooperation
        row.comment = answer.comment.strip()[:2000]
    session.flush()
    return len(answers)


def outcome_report(
    session: Session, event: Event, only: Collection[int] | None = None
) -> OutcomeReport:
    """What the fair brought; with `only` (firm ids: one organisation's recruits), what it
    brought them: their meetings, the answers about them, their day at the desk."""
    version = published_version(session, event)
    meetings = [
        m for m in (version.meetings if version is not None else [])
        if only is None or m.participant_a_id in only or m.participant_b_id in only
    ]  # fmt: skip
    firms = {
        p.id: p
        for p in session.scalars(select(Participant).where(Participant.event_id == event.id))
    }
    rows = [
        r for r in all_feedback(session, event)
        if only is None or r.participant_id in only or r.partner_id in only
    ]  # fmt: skip
    pairs: dict[frozenset[int], list[MeetingFeedback]] = {}
    for row in rows:
        pairs.setdefault(frozenset((row.participant_id, row.partner_id)), []).append(row)
    groups: dict[str, Counter[str]] = {}
    cooperations = []
    totals: Counter[str] = Counter()
    for pair, answers in pairs.items():
        flags = {
            "met": any(a.met for a in answers),
            "follow_up": any(a.follow_up for a in answers),
            "cooperation": any(a.cooperation for a in answers),
        }
        a, b = sorted(pair)
        key = " – ".join(sorted((_group(firms.get(a)), _group(firms.get(b)))))
        counts = groups.setdefault(key, Counter())
        for name, value in flags.items():
            totals[name] += value
            counts[name] += value
        if flags["cooperation"]:
            comment = " / ".join(x.comment for x in answers if x.comment)
            cooperations.append(Cooperation(firms[a].name, firms[b].name, comment))
    desk = [p for i, p in firms.items() if only is None or i in only]
    return OutcomeReport(
        meetings=len(meetings),
        firms=len(
            {
                f
                for m in meetings
                for f in (m.participant_a_id, m.participant_b_id)
                if only is None or f in only
            }
        ),
        firms_answered=len(
            {r.participant_id for r in rows if only is None or r.participant_id in only}
        ),
        pairs_answered=len(pairs),
        met=totals["met"],
        follow_up=totals["follow_up"],
        cooperation=totals["cooperation"],
        by_groups=sorted(
            (k, c["met"], c["follow_up"], c["cooperation"]) for k, c in groups.items()
        ),
        cooperations=sorted(cooperations, key=lambda c: (c.firm.casefold(), c.partner.casefold())),
        checked_in=sum(p.checked_in_at is not None for p in desk),
        not_coming=sum(p.no_show for p in desk),
        late=sum(p.arrives_at is not None for p in desk),
    )


def _group(firm: Participant | None) -> str:
    return firm.group.name if firm is not None and firm.group is not None else "—"


def all_feedback(session: Session, event: Event) -> list[MeetingFeedback]:
    return list(
        session.scalars(
            select(MeetingFeedback)
            .where(MeetingFeedback.event_id == event.id)
            .order_by(MeetingFeedback.participant_id, MeetingFeedback.partner_id)
        )
    )
