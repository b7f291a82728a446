"""A timetable's release cycle (as pretalx's schedule releases): each run, repair or copy
makes the event's next numbered draft; staff publish one, and the one published before is
kept as superseded, so that firms' calendars learn which meetings went away."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.core.scheduling.types import Placement
from matchmaker.models import (
    Event,
    Meeting,
    MeetingSource,
    ScheduleStatus,
    ScheduleVersion,
    StaffUser,
)
from matchmaker.models.base import utcnow
from matchmaker.services.audit import record
from matchmaker.services.schedules import EventProblem, SchedulingError, interpreter_row


def new_version(
    session: Session, event: Event, name: str = "", breaks_bound: int | None = None
) -> ScheduleVersion:
    """The event's next draft, numbered after its last version, still empty."""
    last = session.scalar(
        select(func.max(ScheduleVersion.number)).where(ScheduleVersion.event_id == event.id)
    )
    version = ScheduleVersion(
        event_id=event.id, number=(last or 0) + 1, name=name, breaks_bound=breaks_bound
    )
    session.add(version)
    session.flush()
    return version


def name_by_app(version: ScheduleVersion, template: str, **values: object) -> None:
    """Name a version with a template marked by N_ and its values (a repair's "repair of
    3"), so that each reader sees the name in their language, not the one of whoever
    made it."""
    version.name, version.name_values = template, dict(values)


def store_version(
    session: Session,
    event: Event,
    built: EventProblem,
    placements: Iterable[Placement],
    name: str = "",
    locked_pairs: frozenset[frozenset[str]] | set[frozenset[str]] = frozenset(),
    breaks_bound: int | None = None,
) -> ScheduleVersion:
    """Save placements as the event's next draft version (with the scheduler's lower bound
    on breaks, when it made them)."""
    version = new_version(session, event, name, breaks_bound)
    for placement in placements:
        session.add(
            Meeting(
                event_id=event.id,
                schedule_id=version.id,
                participant_a_id=int(placement.a),
                participant_b_id=int(placement.b),
                slot=placement.slot,
                table_id=built.tables[placement.table - 1].id,
                interpreter_id=interpreter_row(placement.interpreter),
                source=MeetingSource.AUTO,
                locked=placement.pair in locked_pairs,
            )
        )
    session.flush()
    return version


def copy_version(
    session: Session, event: Event, version: ScheduleVersion, staff: StaffUser, name: str = ""
) -> ScheduleVersion:
    """A new draft with the same meetings (locks kept), to change a published timetable."""
    draft = new_version(session, event, name, version.breaks_bound)
    for m in version.meetings:
        session.add(
            Meeting(
                event_id=event.id,
                schedule_id=draft.id,
                participant_a_id=m.participant_a_id,
                participant_b_id=m.participant_b_id,
                slot=m.slot,
                table_id=m.table_id,
                interpreter_id=m.interpreter_id,
                source=m.source,
                locked=m.locked,
                request_id=m.request_id,
            )
        )
    session.flush()
    detail = {"from": version.number, "to": draft.number}
    record(session, staff, "version.copy", event=event, detail=detail)
    return draft


def publish_version(session: Session, event: Event, version: ScheduleVersion) -> None:
    """Make a version the timetable the firms see; the one published before is superseded
    (kept, so that calendars can be told which meetings went away)."""
    if version.event_id != event.id:
        raise SchedulingError(f"version {version.number} is not one of event {event.slug}")
    for other in session.scalars(
        select(ScheduleVersion).where(
            ScheduleVersion.event_id == event.id,
            ScheduleVersion.status == ScheduleStatus.PUBLISHED,
            ScheduleVersion.id != version.id,
        )
    ):
        other.status = ScheduleStatus.SUPERSEDED
    version.status = ScheduleStatus.PUBLISHED
    version.published_at = utcnow()
    session.flush()
