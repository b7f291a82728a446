"""Before staff publish a version: what it changes, meeting by meeting (old and new time and
table), what should make them think twice (no meeting at all, fewer than the wishes allow,
broken rules), and, for an empty version, why it is empty and what to do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Message
from matchmaker.models import (
    Event,
    Meeting,
    MeetingRequest,
    Recommendation,
    RequestStatus,
    ScheduleVersion,
)
from matchmaker.services.agenda import published_version
from matchmaker.services.convert import event_slots, slot_date
from matchmaker.services.participants import active_participants
from matchmaker.services.schedules import VersionReport


@dataclass(frozen=True, slots=True)
class Seat:
    """Where a meeting is: the slot's start (None when the grid no longer has the slot),
    the slot's number and the table's label."""

    start: time | None
    slot: int
    table: str
    day: date | None = None  # its date on a fair over several days


@dataclass(frozen=True, slots=True)
class MeetingChange:
    """One meeting that publishing a version adds, moves or cancels, with its place before
    (in the published timetable) and after (in the version)."""

    a: str  # firm names
    b: str
    pair: frozenset[int]  # the firms' ids
    before: Seat | None
    after: Seat | None

    @property
    def kind(self) -> Literal["new", "moved", "cancelled"]:
        if self.before is None:
            return "new"
        return "cancelled" if self.after is None else "moved"


def meeting_changes(
    session: Session, event: Event, version: ScheduleVersion
) -> list[MeetingChange]:
    """Every meeting whose place differs between the published timetable and `version`
    (before the first publication, every meeting is new), in the order of the day."""
    current = published_version(session, event)
    if current is not None and current.id == version.id:
        return []
    old = _by_pair(current.meetings if current is not None else [])
    new = _by_pair(version.meetings)
    slots = {s.number: s for s in event_slots(event)}

    def seat(m: Meeting | None) -> Seat | None:
        if m is None:
            return None
        slot = slots.get(m.slot)
        if slot is None:
            return Seat(None, m.slot, m.table.label)
        day = slot_date(event, slot) if event.days > 1 else None
        return Seat(slot.start, m.slot, m.table.label, day)

    found = []
    for pair in old.keys() | new.keys():
        before, after = old.get(pair), new.get(pair)
        if before and after and (before.slot, before.table_id) == (after.slot, after.table_id):
            continue
        m = after or before
        assert m is not None
        found.append(
            MeetingChange(
                m.participant_a.name, m.participant_b.name, pair, seat(before), seat(after)
            )
        )
    return sorted(found, key=_in_order)


def publish_warnings(
    session: Session, event: Event, version: ScheduleVersion, report: VersionReport
) -> list[Message]:
    """What staff must confirm before publishing `version`: it places no meeting, fewer
    meetings than the wishes allow, or it breaks rules. Empty: publish without asking."""
    warnings = []
    if not version.meetings:
        warnings.append(
            Message(N_("This version places no meeting: every firm would get an empty agenda."))
        )
        current = published_version(session, event)
        if current is not None and current.meetings:
            warnings.append(
                Message(
                    N_("It would cancel all %(count)d meetings of the published version %(num)d."),
                    {"count": len(current.meetings), "num": current.number},
                )
            )
    elif report.stats.placed < report.stats.placed_bound:
        warnings.append(
            Message(
                N_("This version places %(placed)d of %(wishes)d wishes; up to %(bound)d "
                   "could be placed."),
                {"placed": report.stats.placed, "wishes": report.stats.wishes,
                 "bound": report.stats.placed_bound},
            )
        )  # fmt: skip
    if report.findings:
        warnings.append(
            Message(
                N_("The check finds %(count)d broken rules (listed above)."),
                {"count": len(report.findings)},
            )
        )
    return warnings


def empty_reasons(session: Session, event: Event) -> list[Message]:
    """Why a timetable of the event places no meeting, and what to do next: the firms, the
    requests by their answer, and the recommendations a run could add."""
    firms = len(active_participants(session, event))
    if firms < 2:
        return [Message(N_("The fair has %(count)d firms taking part: import or approve firms "
                           "first."), {"count": firms})]  # fmt: skip
    counts = dict(
        session.execute(
            select(MeetingRequest.status, func.count())
            .where(MeetingRequest.event_id == event.id)
            .group_by(MeetingRequest.status)
        ).all()
    )
    accepted = counts.get(RequestStatus.ACCEPTED, 0)
    pending = counts.get(RequestStatus.PENDING, 0)
    recommended = session.scalar(
        select(func.count()).select_from(Recommendation).where(Recommendation.event_id == event.id)
    )
    reasons = []
    if accepted == 0:
        reasons.append(Message(
            N_("No meeting request is accepted yet (%(pending)d wait for an answer); a timetable "
               "places accepted requests only, unless you ask for more."),
            {"pending": pending},
        ))  # fmt: skip
    else:
        reasons.append(Message(
            N_("%(accepted)d accepted requests could not be placed: see the reasons below."),
            {"accepted": accepted},
        ))  # fmt: skip
    if pending:
        reasons.append(Message(
            N_("Next: remind the firms to answer their requests, or generate again with "
               "\"also unanswered requests\".")
        ))  # fmt: skip
    if recommended:
        reasons.append(Message(
            N_("Next: generate again and add each firm's best mutual matches (for example 5).")
        ))  # fmt: skip
    else:
        reasons.append(Message(
            N_("Next: compute recommendations, then generate again with each firm's best "
               "mutual matches.")
        ))  # fmt: skip
    return reasons


def _in_order(change: MeetingChange) -> tuple[int, str]:
    first = change.before or change.after
    return (first.slot if first else 0, change.a.casefold())


def _by_pair(meetings: list[Meeting]) -> dict[frozenset[int], Meeting]:
    return {frozenset((m.participant_a_id, m.participant_b_id)): m for m in meetings}
