"""Staff working on a timetable version: the grid, moving and swapping meetings with the
verifier's check, locking, copying a version into a new draft, and what publishing changes
for whom.

Only drafts change: a published version is what firms have printed; to change it, staff copy
it into a new draft, edit, and publish that (the firms affected are listed and told).
Concurrent edits are caught by the meeting's revision (optimistic locking): the second
writer is refused and sees the grid as it is now.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.core.types import Slot
from matchmaker.models import (
    Event,
    EventTable,
    Meeting,
    Participant,
    ScheduleStatus,
    ScheduleVersion,
    StaffUser,
)
from matchmaker.models.meeting import MeetingSource
from matchmaker.services.agenda import published_version
from matchmaker.services.audit import record
from matchmaker.services.convert import event_slots
from matchmaker.services.publishing import publish_warnings
from matchmaker.services.schedules import ReportLine, version_report

_PARKED = 1_000_000  # a slot number no grid has: the middle step of a swap


class TimetableError(ValueError):
    """A change that is refused; the message says why (in English, for the log and tests);
    `code` lets the page word it."""

    def __init__(self, code: str, detail: str = "", lines: tuple[ReportLine, ...] = ()) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.lines = lines  # the rules a refused move would break, for people


@dataclass(frozen=True, slots=True)
class Grid:
    """Meetings by (slot, table id), the slots and tables to draw, meetings per firm."""

    version: ScheduleVersion
    slots: tuple[Slot, ...]
    tables: tuple[EventTable, ...]
    cells: dict[tuple[int, int], Meeting]
    by_firm: dict[int, list[Meeting]] = field(default_factory=dict)
    firms: dict[int, Participant] = field(default_factory=dict)

    def used(self, slot: int) -> list[tuple[EventTable, Meeting]]:
        """The slot's meetings with their tables, by table (printed plans and the big
        screen show these, not a page of empty tables)."""
        return [(t, m) for t in self.tables if (m := self.cells.get((slot, t.id))) is not None]

    def busy_slots(self) -> list[Slot]:
        """The slots with at least one meeting."""
        taken = {slot for slot, _ in self.cells}
        return [s for s in self.slots if s.number in taken]


@dataclass(frozen=True, slots=True)
class FirmChange:
    firm: Participant
    added: list[Meeting]
    removed: list[Meeting]
    moved: list[tuple[Meeting, Meeting]]  # (before, after)


def version_by_number(session: Session, event: Event, number: int) -> ScheduleVersion | None:
    return session.scalar(
        select(ScheduleVersion).where(
            ScheduleVersion.event_id == event.id, ScheduleVersion.number == number
        )
    )


def versions(session: Session, event: Event) -> list[ScheduleVersion]:
    return list(
        session.scalars(
            select(ScheduleVersion)
            .where(ScheduleVersion.event_id == event.id)
            .order_by(ScheduleVersion.number.desc())
        )
    )


def grid(session: Session, event: Event, version: ScheduleVersion) -> Grid:
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.schedule_id == version.id)
        .options(selectinload(Meeting.participant_a), selectinload(Meeting.participant_b))
    ).all()
    by_firm: dict[int, list[Meeting]] = defaultdict(list)
    firms: dict[int, Participant] = {}
    for m in meetings:
        for firm in (m.participant_a, m.participant_b):
            by_firm[firm.id].append(m)
            firms[firm.id] = firm
    for items in by_firm.values():
        items.sort(key=lambda m: m.slot)
    return Grid(
        version=version,
        slots=event_slots(event),
        tables=tuple(sorted(event.tables, key=lambda t: t.number)),
        cells={(m.slot, m.table_id): m for m in meetings},
        by_firm=dict(by_firm),
        firms=firms,
    )


def move_meeting(
    session: Session,
    event: Event,
    version: ScheduleVersion,
    meeting_id: int,
    slot: int,
    table_id: int,
    revision: int,
    staff: StaffUser,
) -> Meeting | None:
    """Move a draft's meeting to (slot, table); a meeting there swaps into the freed place.
    Refused when the version is not a draft, the meeting changed since the page showed it,
    or the move breaks a rule (double booking, a firm away, a table closed): the verifier's
    findings that the move would add are in the error's detail. Returns the swapped meeting."""
    meeting = _draft_meeting(session, event, version, meeting_id, revision)
    if slot not in {s.number for s in event_slots(event)}:
        raise TimetableError("no_slot", f"slot {slot} is not in the grid")
    if table_id not in {t.id for t in event.tables}:
        raise TimetableError("no_table", f"table {table_id} is not one of this event's")
    if meeting.locked:
        raise TimetableError("locked", "unlock the meeting first")
    before = {f.kind for f in version_report(session, event, version).findings}
    other = session.scalar(
        select(Meeting).where(
            Meeting.schedule_id == version.id,
            Meeting.slot == slot,
            Meeting.table_id == table_id,
            Meeting.id != meeting.id,
        )
    )
    if other is not None and other.locked:
        raise TimetableError("locked", "the meeting in that place is locked")
    origin = (meeting.slot, meeting.table_id)
    if other is not None:
        meeting.slot = _PARKED
        _flush_or_refuse(session)
        other.slot, other.table_id = origin
        other.source = MeetingSource.MANUAL
        _flush_or_refuse(session)
    meeting.slot, meeting.table_id = slot, table_id
    meeting.source = MeetingSource.MANUAL
    _flush_or_refuse(session)
    session.expire(version, ["meetings"])
    after = version_report(session, event, version)
    added = sorted({f.kind for f in after.findings} - before)
    if added:
        lines = tuple(
            line
            for finding, line in zip(after.findings, after.lines, strict=True)
            if finding.kind in added
        )
        raise TimetableError("rules", "; ".join(added), lines)
    record(
        session,
        staff,
        "meeting.move",
        event=event,
        subject=f"{meeting.participant_a.name} – {meeting.participant_b.name}",
        detail={
            "version": version.number,
            "from": list(origin),
            "to": [slot, table_id],
            "swapped": other.id if other is not None else None,
        },
    )
    return other


def set_locked(
    session: Session,
    event: Event,
    version: ScheduleVersion,
    meeting_id: int,
    revision: int,
    locked: bool,
    staff: StaffUser,
) -> Meeting:
    """A locked meeting stays where it is when the timetable is generated again."""
    meeting = _draft_meeting(session, event, version, meeting_id, revision)
    meeting.locked = locked
    _flush_or_refuse(session)
    record(
        session,
        staff,
        "meeting.lock" if locked else "meeting.unlock",
        event=event,
        subject=f"{meeting.participant_a.name} – {meeting.participant_b.name}",
        detail={"version": version.number},
    )
    return meeting


def changes_for_firms(session: Session, event: Event, version: ScheduleVersion) -> list[FirmChange]:
    """What publishing `version` changes against the timetable published now, per firm
    (only firms with a change). Before the first publication every meeting is new."""
    current = published_version(session, event)
    old = _by_pair(current.meetings if current is not None else [])
    new = _by_pair(version.meetings)
    per_firm: dict[int, FirmChange] = {}
    firms = {
        p.id: p
        for p in session.scalars(select(Participant).where(Participant.event_id == event.id))
    }

    def change(firm_id: int) -> FirmChange:
        if firm_id not in per_firm:
            per_firm[firm_id] = FirmChange(firms[firm_id], [], [], [])
        return per_firm[firm_id]

    for pair, m in new.items():
        before = old.get(pair)
        for firm_id in pair:
            if before is None:
                change(firm_id).added.append(m)
            elif (before.slot, before.table_id) != (m.slot, m.table_id):
                change(firm_id).moved.append((before, m))
    for pair, m in old.items():
        if pair not in new:
            for firm_id in pair:
                change(firm_id).removed.append(m)
    return sorted(per_firm.values(), key=lambda c: c.firm.name.casefold())


def publish(
    session: Session,
    event: Event,
    version: ScheduleVersion,
    name: str,
    staff: StaffUser,
    confirmed: bool = False,
) -> list[FirmChange]:
    """Publish a draft under a name; returns the firms whose agenda changed, and how.
    A version with warnings (no meeting, fewer than the wishes allow, broken rules:
    services/publishing.py) is published only when staff `confirmed` them."""
    from matchmaker.services.versions import publish_version

    if version.status != ScheduleStatus.DRAFT:
        raise TimetableError("not_draft", f"version {version.number} is not a draft")
    if not confirmed:
        report = version_report(session, event, version)
        warnings = publish_warnings(session, event, version, report)
        if warnings:
            raise TimetableError("confirm", " ".join(str(w) for w in warnings))
    changes = changes_for_firms(session, event, version)
    if name.strip():
        version.name, version.name_values = name.strip()[:200], {}
    publish_version(session, event, version)
    record(
        session,
        staff,
        "version.publish",
        event=event,
        subject="" if version.name_values else version.name,  # an app-made name: per reader
        detail={"version": version.number, "firms_affected": len(changes)},
    )
    return changes


def _by_pair(meetings: list[Meeting]) -> dict[tuple[int, int], Meeting]:
    return {(m.participant_a_id, m.participant_b_id): m for m in meetings}


def _draft_meeting(
    session: Session, event: Event, version: ScheduleVersion, meeting_id: int, revision: int
) -> Meeting:
    if version.event_id != event.id:
        raise TimetableError("unknown", "version of another event")
    if version.status != ScheduleStatus.DRAFT:
        raise TimetableError("not_draft", f"version {version.number} is published; copy it")
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.schedule_id != version.id:
        raise TimetableError("unknown", f"meeting {meeting_id} is not in this version")
    if meeting.revision != revision:
        raise TimetableError("stale", "someone changed this meeting since you opened the page")
    return meeting


def _flush_or_refuse(session: Session) -> None:
    """Write now; the database's own rules (one meeting per firm and slot, per table and
    slot) and the revision check turn into refusals (the caller rolls back)."""
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm.exc import StaleDataError

    try:
        session.flush()
    except IntegrityError as error:
        raise TimetableError("double_booking", str(error.orig)) from error
    except StaleDataError as error:
        raise TimetableError("stale", "someone changed this meeting meanwhile") from error
