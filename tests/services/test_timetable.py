"""Staff working on a timetable version (services/timetable.py), called directly on a real
database: the grid, moving a draft's meeting (to a free place, or swapping with the one
there) and every refusal (published version, stale page, no such slot or table, locked,
double booking, a rule broken), locking, what publishing changes per firm, and publishing
(warnings to confirm, the version before superseded, logged)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSource,
    Participant,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
    StaffUser,
)
from matchmaker.services.audit import audit_log
from matchmaker.services.staff import create_staff
from matchmaker.services.timetable import (
    TimetableError,
    changes_for_firms,
    grid,
    move_meeting,
    publish,
    set_locked,
    version_by_number,
    versions,
)
from tests.factories import create_event, create_participant, create_version

DRAFT = ScheduleStatus.DRAFT


@dataclass(frozen=True)
class Fair:
    event: Event
    firms: dict[str, Participant]
    staff: StaffUser

    def table(self, number: int) -> int:
        return next(t.id for t in self.event.tables if t.number == number)

    def meeting(self, version: ScheduleVersion, a: str, b: str) -> Meeting:
        pair = {self.firms[a].id, self.firms[b].id}
        return next(m for m in version.meetings if {m.participant_a_id, m.participant_b_id} == pair)


@pytest.fixture
def fair(session: Session) -> Fair:
    event = create_event(session)
    firms = {k: create_participant(session, event, k, name=f"Firma {k}") for k in "ABCDE"}
    for a, b in ("AB", "CD", "AC", "BE"):
        session.add(MeetingRequest(event_id=event.id, from_participant_id=firms[a].id,
                                   to_participant_id=firms[b].id,
                                   status=RequestStatus.ACCEPTED))  # fmt: skip
    return Fair(event, firms, create_staff(session, "clerk@amt.example", "a-long-password-1"))


def _draft(session: Session, fair: Fair, status: ScheduleStatus = DRAFT) -> ScheduleVersion:
    """A-B at slot 1 table 1, C-D at slot 2 table 1, A-C at slot 3 table 2, B-E at 3, 1."""
    f = fair.firms
    return create_version(
        session, fair.event,
        [(f["A"], f["B"], 1, 1), (f["C"], f["D"], 2, 1), (f["A"], f["C"], 3, 2),
         (f["B"], f["E"], 3, 1)],
        status=status,
    )  # fmt: skip


def test_the_versions_and_the_grid(session: Session, fair: Fair) -> None:
    first = create_version(session, fair.event)
    draft = _draft(session, fair)
    assert [v.number for v in versions(session, fair.event)] == [2, 1]
    assert version_by_number(session, fair.event, 1) is first
    assert version_by_number(session, fair.event, 3) is None
    shown = grid(session, fair.event, draft)
    assert [s.number for s in shown.slots] == [1, 2, 3, 4, 5, 6]
    assert [t.number for t in shown.tables] == [1, 2, 3]
    assert shown.cells[(2, fair.table(1))] is fair.meeting(draft, "C", "D")
    a = fair.firms["A"].id
    assert [m.slot for m in shown.by_firm[a]] == [1, 3]
    assert shown.firms[a].name == "Firma A"
    assert [(t.number, m.slot) for t, m in shown.used(3)] == [(1, 3), (2, 3)]
    assert [s.number for s in shown.busy_slots()] == [1, 2, 3]


def test_a_meeting_moves_to_a_free_place_and_the_move_is_logged(
    session: Session, fair: Fair
) -> None:
    draft = _draft(session, fair)
    cd = fair.meeting(draft, "C", "D")
    assert move_meeting(session, fair.event, draft, cd.id, 5, fair.table(3), cd.revision,
                        fair.staff) is None  # fmt: skip
    assert (cd.slot, cd.table_id, cd.source, cd.revision) == (
        5, fair.table(3), MeetingSource.MANUAL, 2,
    )  # fmt: skip
    entry = audit_log(session, fair.event)[0]
    assert (entry.action, entry.subject) == ("meeting.move", "Firma C – Firma D")
    assert entry.detail == {"version": 1, "from": [2, fair.table(1)], "to": [5, fair.table(3)],
                            "swapped": None}  # fmt: skip


def test_a_meeting_moved_onto_another_swaps_places(session: Session, fair: Fair) -> None:
    draft = _draft(session, fair)
    ab, cd = fair.meeting(draft, "A", "B"), fair.meeting(draft, "C", "D")
    swapped = move_meeting(session, fair.event, draft, ab.id, 2, fair.table(1), ab.revision,
                           fair.staff)  # fmt: skip
    assert swapped is cd
    assert (ab.slot, cd.slot) == (2, 1)
    assert cd.source is MeetingSource.MANUAL


@pytest.mark.parametrize(
    ("case", "code"),
    [("published", "not_draft"), ("stale", "stale"), ("no-slot", "no_slot"),
     ("no-table", "no_table"), ("locked", "locked"), ("onto-locked", "locked"),
     ("other-version", "unknown"), ("double-booking", "double_booking"), ("rules", "rules")],
)  # fmt: skip
def test_a_move_is_refused(session: Session, fair: Fair, case: str, code: str) -> None:
    draft = _draft(session, fair, ScheduleStatus.PUBLISHED if case == "published" else DRAFT)
    cd = fair.meeting(draft, "C", "D")
    meeting_id, slot, table, stale = cd.id, 4, fair.table(1), 0
    if case == "stale":
        stale = 1
    elif case == "no-slot":
        slot = 7
    elif case == "no-table":
        table = 999_999
    elif case == "locked":
        cd.locked = True
    elif case == "onto-locked":
        fair.meeting(draft, "A", "B").locked = True
        slot = 1
    elif case == "other-version":
        meeting_id = fair.meeting(_draft(session, fair), "C", "D").id
    elif case == "double-booking":
        slot, table = 3, fair.table(3)  # C meets A at slot 3 already
    elif case == "rules":
        fair.firms["D"].available_to = time(10, 0)  # D leaves before slot 4
    session.flush()
    revision = cd.revision + stale  # as the page showed it (a lock changes the revision)
    with pytest.raises(TimetableError) as refused:
        move_meeting(session, fair.event, draft, meeting_id, slot, table, revision, fair.staff)
    assert refused.value.code == code
    if case == "rules":
        assert refused.value.lines  # the broken rule, for people
    if case == "double-booking":
        session.rollback()  # as the page does: the database refused the flush
    assert not [e for e in audit_log(session, fair.event) if e.action == "meeting.move"]


def test_locking_a_meeting(session: Session, fair: Fair) -> None:
    draft = _draft(session, fair)
    ab = fair.meeting(draft, "A", "B")
    set_locked(session, fair.event, draft, ab.id, ab.revision, True, fair.staff)
    assert ab.locked
    with pytest.raises(TimetableError, match="stale"):
        set_locked(session, fair.event, draft, ab.id, 1, False, fair.staff)
    set_locked(session, fair.event, draft, ab.id, ab.revision, False, fair.staff)
    assert not ab.locked
    assert [e.action for e in audit_log(session, fair.event)] == ["meeting.unlock", "meeting.lock"]


def test_what_publishing_changes_per_firm(session: Session, fair: Fair) -> None:
    f = fair.firms
    create_version(session, fair.event, [(f["A"], f["B"], 1, 1), (f["C"], f["D"], 2, 1)])
    draft = create_version(session, fair.event, [(f["A"], f["B"], 1, 1), (f["C"], f["D"], 4, 1),
                                                 (f["B"], f["E"], 2, 2)], status=DRAFT)  # fmt: skip
    changes = {
        c.firm.external_id: (len(c.added), len(c.removed), [(x.slot, y.slot) for x, y in c.moved])
        for c in changes_for_firms(session, fair.event, draft)
    }
    assert changes == {  # A's meeting stays: A is not listed
        "B": (1, 0, []),
        "C": (0, 0, [(2, 4)]),
        "D": (0, 0, [(2, 4)]),
        "E": (1, 0, []),
    }
    empty = create_version(session, fair.event, status=DRAFT)
    everything = changes_for_firms(session, fair.event, empty)
    assert {c.firm.external_id: len(c.removed) for c in everything} == {
        "A": 1, "B": 1, "C": 1, "D": 1,
    }  # fmt: skip


def test_publishing_asks_to_confirm_warnings_and_supersedes(session: Session, fair: Fair) -> None:
    f = fair.firms
    first = create_version(session, fair.event, [(f["A"], f["B"], 1, 1)])
    partial = create_version(session, fair.event, [(f["A"], f["B"], 2, 1)], status=DRAFT)
    with pytest.raises(TimetableError) as refused:
        publish(session, fair.event, partial, "Fassung 2", fair.staff)
    assert refused.value.code == "confirm"
    assert "places 1 of 4 wishes" in refused.value.detail
    assert partial.status is DRAFT
    changes = publish(session, fair.event, partial, "  Fassung 2 ", fair.staff, confirmed=True)
    assert [c.firm.external_id for c in changes] == ["A", "B"]
    assert (partial.status, partial.name, first.status) == (
        ScheduleStatus.PUBLISHED, "Fassung 2", ScheduleStatus.SUPERSEDED,
    )  # fmt: skip
    entry = audit_log(session, fair.event)[0]
    assert (entry.action, entry.subject, entry.detail) == (
        "version.publish", "Fassung 2", {"version": 2, "firms_affected": 2},
    )  # fmt: skip
    with pytest.raises(TimetableError, match="not_draft"):
        publish(session, fair.event, partial, "", fair.staff, confirmed=True)
    complete = _draft(session, fair)
    assert publish(session, fair.event, complete, "", fair.staff)  # no warning to confirm
    assert complete.status is ScheduleStatus.PUBLISHED
