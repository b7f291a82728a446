"""A timetable's release cycle (services/versions.py), called directly on a real database:
drafts numbered per event, a copy keeps meetings and locks and is logged, publishing one
version supersedes the one before and keeps it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import AuditEntry, Meeting, ScheduleStatus
from matchmaker.services.audit import audit_log
from matchmaker.services.staff import create_staff
from matchmaker.services.versions import copy_version, new_version, publish_version
from tests.factories import create_event, create_participant


def test_drafts_are_numbered_per_event(session: Session) -> None:
    fair, other = create_event(session, "fair"), create_event(session, "other")
    numbers = [new_version(session, fair).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert new_version(session, other, name="erste").number == 1
    assert new_version(session, fair).status is ScheduleStatus.DRAFT


def test_a_copy_keeps_meetings_and_locks_and_is_logged(session: Session) -> None:
    fair = create_event(session, "fair")
    a, b, c = (create_participant(session, fair, key) for key in "ABC")
    staff = create_staff(session, "clerk@barleben.example", "a-long-password-1")
    first = new_version(session, fair, breaks_bound=2)
    table = fair.tables[0].id
    session.add_all([
        Meeting(event_id=fair.id, schedule_id=first.id, participant_a_id=a.id,
                participant_b_id=b.id, slot=1, table_id=table, locked=True),
        Meeting(event_id=fair.id, schedule_id=first.id, participant_a_id=a.id,
                participant_b_id=c.id, slot=2, table_id=table),
    ])  # fmt: skip
    session.flush()
    copy = copy_version(session, fair, first, staff, name="Kopie")
    assert (copy.number, copy.name, copy.breaks_bound) == (2, "Kopie", 2)
    kept = session.scalars(select(Meeting).where(Meeting.schedule_id == copy.id)).all()
    assert sorted((m.participant_b_id, m.slot, m.locked) for m in kept) == [
        (b.id, 1, True), (c.id, 2, False),
    ]  # fmt: skip
    entry = audit_log(session, fair)[0]
    assert isinstance(entry, AuditEntry)
    assert (entry.action, entry.detail) == ("version.copy", {"from": 1, "to": 2})


def test_publishing_supersedes_the_version_before(session: Session) -> None:
    fair = create_event(session, "fair")
    first, second = new_version(session, fair), new_version(session, fair)
    publish_version(session, fair, first)
    assert first.status is ScheduleStatus.PUBLISHED
    assert first.published_at is not None
    publish_version(session, fair, second)
    assert (first.status, second.status) == (ScheduleStatus.SUPERSEDED, ScheduleStatus.PUBLISHED)
