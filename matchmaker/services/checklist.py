"""What to do next with an event: the steps of a fair from its settings to the report, each
done or not as the data says (not as anyone ticked it), so that an organiser running a fair
for the first time sees where they are and what comes next."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from matchmaker.core.messages import Message, Nn_, counted
from matchmaker.models import (
    Event,
    MeetingFeedback,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Recommendation,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
)
from matchmaker.services.event_texts import any_translation


@dataclass(frozen=True, slots=True)
class Step:
    """One step: `key` names it for the page (its title, help and link), `done` is what
    the data says, `detail` a figure that shows how far it is (or None)."""

    key: str
    done: bool
    detail: Message | None = None
    optional: bool = False


def checklist(session: Session, event: Event) -> list[Step]:
    """The steps of a fair in their order, each done or not."""
    figures = _firm_figures(session, event)
    firms, waiting, approved, without_link = figures
    accepted = _count(session, MeetingRequest.event_id, event,
                      MeetingRequest.status == RequestStatus.ACCEPTED)  # fmt: skip
    versions = _count(session, ScheduleVersion.event_id, event)
    published = _count(session, ScheduleVersion.event_id, event,
                       ScheduleVersion.status == ScheduleStatus.PUBLISHED)  # fmt: skip
    arrived = _count(session, Participant.event_id, event, Participant.checked_in_at.is_not(None))
    return [
        Step("settings", True),
        Step(
            "tables",
            any(t.name or t.theme or t.host_participant_id for t in event.tables),
            optional=True,
        ),
        Step("groups", bool(event.groups), optional=True),
        Step("texts", any_translation(event), optional=True),
        Step("firms", firms > 0, counted(Nn_("%(num)d firm", "%(num)d firms"), firms)),
        Step(
            "approve",
            approved > 0 and waiting == 0,
            counted(
                Nn_("%(num)d is waiting for a decision", "%(num)d are waiting for a decision"),
                waiting,
            ),
        ),
        Step(
            "invite",
            approved > 0 and without_link == 0,
            counted(
                Nn_(
                    "%(num)d approved firm has no link yet",
                    "%(num)d approved firms have no link yet",
                ),
                without_link,
            ),
        ),
        Step("recommendations", _any(session, Recommendation.event_id, event)),
        Step(
            "wishes",
            accepted > 0 or versions > 0,  # or the timetable filled the days from recommendations
            counted(
                Nn_("%(num)d meeting wanted by both", "%(num)d meetings wanted by both"), accepted
            ),
        ),
        Step("timetable", versions > 0),
        Step("publish", published > 0),
        Step(
            "fair_day",
            arrived > 0,
            counted(Nn_("%(num)d firm checked in", "%(num)d firms checked in"), arrived),
        ),
        Step("report", _any(session, MeetingFeedback.event_id, event)),
    ]


def _firm_figures(session: Session, event: Event) -> tuple[int, int, int, int]:
    """Firms taking part (registered or approved), waiting for approval, approved, and
    approved without a personal link handed out."""
    rows = session.execute(
        select(Participant.status, Participant.token_hash.is_(None), func.count())
        .where(Participant.event_id == event.id, Participant.erased_at.is_(None))
        .group_by(Participant.status, Participant.token_hash.is_(None))
    ).all()
    waiting = sum(n for status, _, n in rows if status == ParticipantStatus.REGISTERED)
    approved = sum(n for status, _, n in rows if status == ParticipantStatus.APPROVED)
    without_link = sum(
        n for status, no_link, n in rows if status == ParticipantStatus.APPROVED and no_link
    )
    return waiting + approved, waiting, approved, without_link


def _count(
    session: Session,
    event_of: InstrumentedAttribute[int],
    event: Event,
    *where: ColumnElement[bool],
) -> int:
    """How many rows of `event_of`'s table belong to the event (and meet `where`)."""
    found = session.scalar(select(func.count()).where(event_of == event.id, *where))
    return int(found or 0)


def _any(session: Session, event_of: InstrumentedAttribute[int], event: Event) -> bool:
    return session.scalar(select(event_of).where(event_of == event.id).limit(1)) is not None


def next_step(steps: list[Step]) -> Step | None:
    """The first step not done that is not optional (the one to do now)."""
    return next((s for s in steps if not s.done and not s.optional), None)
