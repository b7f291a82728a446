"""The fair day at the desk: who has checked in, who does not come, who arrives late or
leaves early; repairing the published timetable with the least change; the slot under way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy.orm import Session

from matchmaker.core.messages import Message
from matchmaker.core.scheduling.repair import FairDayChanges, RepairResult, repair
from matchmaker.core.scheduling.scheduler import ScheduleOptions
from matchmaker.core.text.slugs import search_matches
from matchmaker.core.types import Slot
from matchmaker.models import Event, Participant, ScheduleVersion, StaffUser
from matchmaker.models.base import utcnow
from matchmaker.services.agenda import published_version
from matchmaker.services.audit import record
from matchmaker.services.convert import event_slots, slot_date
from matchmaker.services.day_facts import desk_facts, first_open_slot
from matchmaker.services.events import event_now
from matchmaker.services.participants import active_participants
from matchmaker.services.schedules import (
    event_problem,
    namer,
    version_placements,
    with_placed_wishes,
)
from matchmaker.services.versions import store_version

ACTIONS = ("check_in", "absent", "arrives", "leaves", "reset")


class FairDayError(ValueError):
    """A desk action or repair that cannot be done; `code` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class RepairRun:
    version: ScheduleVersion
    result: RepairResult
    why: dict[frozenset[int], Message]  # why each changed meeting changed (by its firms' ids)
    frozen: Slot  # the freeze point: the first slot the repair could change


def desk_list(session: Session, event: Event, text: str = "") -> list[Participant]:
    """The firms expected today, by name; with `text`, those whose name, city, contact
    person or e-mail address holds every word of it, in any case and script and as heard
    ("omsk" and "омск" find "Омская", "Sokolova" finds "Соколова", "Muller" "Müller")."""
    return sorted(
        (
            p
            for p in active_participants(session, event)
            if search_matches(text, p.name, p.city, p.contact_person, p.email)
        ),
        key=lambda p: p.name.casefold(),
    )


def record_attendance(
    session: Session,
    event: Event,
    firm_id: int,
    action: str,
    staff: StaffUser,
    at: time | None = None,
) -> Participant:
    """Note what the desk saw; `at` is the time for `arrives` and `leaves`."""
    firm = session.get(Participant, firm_id)
    if firm is None or firm.event_id != event.id:
        raise FairDayError("unknown")
    if action not in ACTIONS:
        raise FairDayError("action")
    if action in ("arrives", "leaves") and at is None:
        raise FairDayError("time")
    if action == "check_in":
        firm.checked_in_at, firm.no_show = utcnow(), False
    elif action == "absent":
        firm.checked_in_at, firm.no_show = None, True
    elif action == "arrives":
        firm.arrives_at, firm.no_show = at, False
    elif action == "leaves":
        firm.leaves_at = at
    else:
        firm.checked_in_at, firm.no_show, firm.arrives_at, firm.leaves_at = None, False, None, None
    detail = {"firm": firm.id, "at": at.isoformat(timespec="minutes") if at else None}
    record(session, staff, f"desk.{action}", event=event, subject=firm.name, detail=detail)
    session.flush()
    return firm


def current_slot(event: Event, moment: datetime) -> Slot | None:
    """The slot under way at `moment` (event time) on a fair day, else the day's next one."""
    clock = moment.time()
    slots = [s for s in event_slots(event) if slot_date(event, s) == moment.date()]
    return next((s for s in slots if s.start <= clock < s.end), None) or next(
        (s for s in slots if s.start > clock), None
    )


def repair_published(
    session: Session,
    event: Event,
    staff: StaffUser,
    from_slot: int = 1,
    seconds: float = 2.0,
    name: str = "",
    moment: datetime | None = None,
) -> RepairRun:
    """A new draft from the published timetable and the desk's notes: absent firms' meetings
    cancelled, late and early firms' meetings moved if they can be, freed places filled with
    waiting wishes; every other meeting exactly where it was. Nothing changes before the
    freeze point: `from_slot`, or on the fair day the first slot not over at `moment` (event
    time, default now) if that is later; the draft keeps it for the verifier. Staff review
    and publish it."""
    published = published_version(session, event)
    if published is None:
        raise FairDayError("unpublished")
    open_slot = first_open_slot(event, moment or event_now(event))
    slots = event_slots(event)
    if open_slot is None or max(from_slot, open_slot) > slots[-1].number:
        raise FairDayError("over")
    built = event_problem(session, event)
    placements = version_placements(built, published)
    firms = active_participants(session, event)
    desk = desk_facts(firms)  # on a fair of several days, repair works on the freeze day
    changes = FairDayChanges(
        absent=desk.absent,
        arrives=desk.arrives,
        leaves=desk.leaves,
        from_slot=max(from_slot, open_slot),
    )
    problem = with_placed_wishes(built.problem, placements)
    result = repair(problem, placements, changes, ScheduleOptions(time_limit=seconds))
    version = store_version(session, event, built, result.placements, name=name)
    version.frozen_before = changes.from_slot
    record(
        session,
        staff,
        "version.repair",
        event=event,
        detail={
            "from": published.number,
            "to": version.number,
            "kept": result.kept,
            "changes": len(result.changes),
            "from_slot": changes.from_slot,
        },
    )
    named = namer(event, built)
    why = {
        frozenset((int(c.firm), int(c.partner))): Message(
            c.why.template, {k: named(k, v) for k, v in c.why.values.items()}
        )
        for c in result.changes
    }
    frozen = next(s for s in slots if s.number == changes.from_slot)
    return RepairRun(version, result, why, frozen)
