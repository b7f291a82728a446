"""Follow-up rounds: months after the fair each firm rates, per meeting it held, what came of
it (the ladder of `models.Outcome`), through its personal link, until the round closes; staff
may record a rating on a firm's behalf (a phone call). The round's mail goes out when it
opens and at most two reminders after it, through the outbox (`due_mails`, called by the
worker's beat). Functions flush, never commit.

A meeting held: one of the published timetable whose two firms were not noted absent by the
desk (a firm that did not come held none of its meetings).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.models import (
    Event,
    FollowUpAnswer,
    FollowUpRound,
    MailKind,
    OutboxMail,
    Outcome,
    Participant,
    StaffUser,
)
from matchmaker.services.agenda import agenda_for
from matchmaker.services.audit import record
from matchmaker.services.convert import last_fair_date
from matchmaker.services.outbox import Language, queue_mails

OPEN_DAYS = 28  # a round stays open four weeks unless staff say otherwise
REMIND_AFTER = timedelta(days=7)  # between the round's mail and a reminder, and two reminders
MAX_REMINDERS = 2

MONTHS_RANGE = N_("A round comes 1 to 36 months after the fair.")
DAYS_RANGE = N_("A round stays open 7 to 90 days.")
ROUND_EXISTS = N_("There is a round %(months)d months after the fair already.")
ROUND_MAILED = N_("Round %(num)d has been mailed to the firms; it can no longer be removed.")
NOT_OPEN = N_("This round is not open: it opens on %(opens)s and closes on %(closes)s.")
NOT_HELD = N_("%(firm)s held no meeting with this partner at the fair.")

State = Literal["planned", "open", "closed"]


class FollowUpError(Explained):
    """A round or a rating that cannot be saved, and why."""


@dataclass(frozen=True, slots=True)
class Rating:
    """A firm's rating of one meeting held."""

    outcome: Outcome
    comment: str = ""
    named: bool = False  # the firm agrees to be named as a success story


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rounds_of(session: Session, event: Event) -> list[FollowUpRound]:
    query = select(FollowUpRound).where(FollowUpRound.event_id == event.id)
    return list(session.scalars(query.order_by(FollowUpRound.number)))


def round_of(session: Session, event: Event, number: int) -> FollowUpRound | None:
    return session.scalar(
        select(FollowUpRound).where(
            FollowUpRound.event_id == event.id, FollowUpRound.number == number
        )
    )


def add_round(
    session: Session,
    event: Event,
    months: int,
    open_days: int = OPEN_DAYS,
    staff: StaffUser | None = None,
) -> FollowUpRound:
    """A new round `months` after the fair's last day, open `open_days` days."""
    if not 1 <= months <= 36:
        raise FollowUpError(MONTHS_RANGE)
    if not 7 <= open_days <= 90:
        raise FollowUpError(DAYS_RANGE)
    rounds = rounds_of(session, event)
    if any(r.months == months for r in rounds):
        raise FollowUpError(ROUND_EXISTS, months=months)
    opens = add_months(last_fair_date(event), months)
    number = max((r.number for r in rounds), default=0) + 1
    added = FollowUpRound(event_id=event.id, number=number, months=months, opens_on=opens,
                          closes_on=opens + timedelta(days=open_days))  # fmt: skip
    session.add(added)
    session.flush()
    record(session, staff, "follow_up.add", event=event,
           detail={"round": number, "months": months, "days": open_days})  # fmt: skip
    return added


def remove_round(
    session: Session, event: Event, chosen: FollowUpRound, staff: StaffUser | None = None
) -> None:
    """Remove a round not yet mailed (one mailed keeps its answers: the firms were asked)."""
    if chosen.mailed_at is not None:
        raise FollowUpError(ROUND_MAILED, num=chosen.number)
    session.delete(chosen)
    session.flush()
    record(session, staff, "follow_up.remove", event=event, detail={"round": chosen.number})


def round_state(chosen: FollowUpRound, today: date) -> State:
    """Planned before it opens; open from `opens_on` up to and including `closes_on`."""
    if today < chosen.opens_on:
        return "planned"
    return "open" if today <= chosen.closes_on else "closed"


def held_partners(session: Session, firm: Participant) -> list[Participant]:
    """The partners of the firm's meetings held (published, neither firm absent), by name."""
    if firm.no_show:
        return []
    partners = {i.partner.id: i.partner for i in agenda_for(session, firm).items}
    return sorted((p for p in partners.values() if not p.no_show), key=lambda p: p.name.lower())


def answers_of(
    session: Session, chosen: FollowUpRound, firm: Participant
) -> dict[int, FollowUpAnswer]:
    """The firm's ratings in the round, by partner id."""
    query = select(FollowUpAnswer).where(
        FollowUpAnswer.round_id == chosen.id, FollowUpAnswer.participant_id == firm.id
    )
    return {a.partner_id: a for a in session.scalars(query)}


def save_ratings(
    session: Session,
    chosen: FollowUpRound,
    firm: Participant,
    ratings: Mapping[int, Rating],
    today: date,
    staff: StaffUser | None = None,
) -> int:
    """Store the firm's ratings (partner id to rating), replacing earlier ones; checked first,
    so nothing is half-written. A firm rates while the round is open; staff may record a
    rating for it at any time once the round has opened. Returns how many were saved."""
    state = round_state(chosen, today)
    if state == "planned" or (state == "closed" and staff is None):
        raise FollowUpError(NOT_OPEN, opens=chosen.opens_on.isoformat(),
                            closes=chosen.closes_on.isoformat())  # fmt: skip
    held = {p.id for p in held_partners(session, firm)}
    if set(ratings) - held:
        raise FollowUpError(NOT_HELD, firm=firm.name)
    known = answers_of(session, chosen, firm)
    for partner_id, rating in ratings.items():
        answer = known.get(partner_id)
        if answer is None:
            answer = FollowUpAnswer(event_id=chosen.event_id, round_id=chosen.id,
                                    participant_id=firm.id, partner_id=partner_id)  # fmt: skip
            session.add(answer)
        answer.outcome, answer.comment = rating.outcome, rating.comment.strip()
        answer.named = rating.named
        answer.recorded_by_id = staff.id if staff is not None else None
    session.flush()
    if staff is not None:
        detail = {"round": chosen.number, "firm": firm.id, "ratings": len(ratings)}
        record(session, staff, "follow_up.record", event=firm.event, detail=detail)
    return len(ratings)


def unrated(session: Session, chosen: FollowUpRound, firm: Participant) -> int:
    """How many of the firm's meetings held it has not rated in the round."""
    done = answers_of(session, chosen, firm)
    return sum(1 for p in held_partners(session, firm) if p.id not in done)


def due_mails(session: Session, now: datetime, language: Language) -> list[OutboxMail]:
    """Queue what the open rounds owe the firms at `now`: a round's mail to every firm with
    a meeting held when it opens, then up to two reminders, a week apart, to those with
    meetings unrated. Returns the mails queued (the caller commits and hands them to the
    worker). Cheap when nothing is due: one query on the rounds."""
    today = now.date()
    due = session.scalars(
        select(FollowUpRound).where(
            FollowUpRound.opens_on <= today,
            FollowUpRound.closes_on >= today,
            FollowUpRound.reminders < MAX_REMINDERS,
        )
    ).all()
    queued: list[OutboxMail] = []
    for chosen in due:
        last = chosen.reminded_at or chosen.mailed_at
        if last is not None and now - last < REMIND_AFTER:
            continue
        if not _claim(session, chosen, now):
            continue  # another worker took it
        event = session.get_one(Event, chosen.event_id)
        firms = [p for p in event.participants if held_partners(session, p)]
        reminder = chosen.reminders if last is not None else 0
        if reminder:
            firms = [p for p in firms if unrated(session, chosen, p)]
        values = {p.id: {"round": chosen.number, "reminder": reminder} for p in firms}
        queued += queue_mails(session, event, MailKind.FOLLOW_UP, firms, None, language,
                              values, audit=False).mails  # fmt: skip
    session.flush()
    return queued


def _claim(session: Session, chosen: FollowUpRound, now: datetime) -> bool:
    """Mark the round's mail (or its next reminder) as sent at `now`, unless another worker
    did since it was read: one conditional UPDATE, so the firms get each mail once."""
    rounds = update(FollowUpRound).where(FollowUpRound.id == chosen.id)
    if chosen.mailed_at is None:
        claim = rounds.where(FollowUpRound.mailed_at.is_(None)).values(mailed_at=now)
    else:
        claim = rounds.where(FollowUpRound.reminders == chosen.reminders).values(
            reminders=chosen.reminders + 1, reminded_at=now
        )
    done = cast(CursorResult[Any], session.execute(claim)).rowcount == 1
    session.refresh(chosen)
    return done
