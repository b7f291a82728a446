"""Changes on the day of visits (issue 21): a host cancels, a bus is late. The rest of the
day is re-planned with the least change (`core/visits/replan.py`) into a new draft, which
keeps what had happened by then (the verifier's `DayRecord`) and what became of each visit,
so that staff see the changes before they publish. Flushes, never commits."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.core.visits.checks import DayRecord
from matchmaker.core.visits.replan import DayChange, Replan, VisitChange, replan_day
from matchmaker.core.visits.types import Visit
from matchmaker.models import ProgrammeItem, VisitPlanVersion
from matchmaker.services.visit_plans import PlanFigures, plan_of, store_plan
from matchmaker.services.visit_problem import VisitInput

NOT_PLANNABLE = N_("The change cannot be made: %(why)s")


@dataclass(frozen=True)
class DayEvents:
    """What staff report: the time now (minutes since midnight), the hosts that cancelled,
    and a group whose bus is late by some minutes (group 0: none)."""

    now: int
    cancelled: tuple[str, ...] = ()
    late_group: int = 0
    late_minutes: int = 0


def replanned(given: VisitInput, version: VisitPlanVersion, events: DayEvents) -> Replan:
    """The rest of the day re-planned from the version; `Explained` if the report names a
    host or group the day does not have."""
    late = {events.late_group: events.late_minutes} if events.late_group else {}
    change = DayChange(now=events.now, cancelled=frozenset(events.cancelled), late=late)
    try:
        return replan_day(given.problem, plan_of(version), change)
    except ValueError as error:
        raise Explained(NOT_PLANNABLE, why=str(error)) from error


def _change_json(change: VisitChange) -> dict[str, Any]:
    return asdict(change)


def record_json(record: DayRecord) -> dict[str, Any]:
    """The record of what had happened, as JSON."""
    return {
        "now": record.now,
        "visits": [[v.group, v.host, v.arrive, v.start, v.end] for v in record.visits],
        "lunches": {str(g): list(span) for g, span in record.lunches.items()},
    }


def store_replan(
    session: Session, item: ProgrammeItem, version: VisitPlanVersion, replan: Replan
) -> VisitPlanVersion:
    """The re-made plan as the item's next draft, with its record and its changes."""
    changes = (
        {"from": version.number, "record": record_json(replan.record)},
        *(_change_json(c) for c in replan.changes),
    )
    figures = PlanFigures("day", version.baseline_total, None, changes)
    return store_plan(session, item, replan.plan, figures)


def record_of(version: VisitPlanVersion) -> DayRecord | None:
    """What had happened when the version was re-made on the day, or None."""
    for entry in version.changes or ():
        data = entry.get("record") if isinstance(entry, dict) else None
        if data:
            visits = tuple(
                Visit(int(g), str(h), int(a), int(s), int(e)) for g, h, a, s, e in data["visits"]
            )
            lunches = {int(g): (int(s), int(e)) for g, (s, e) in data["lunches"].items()}
            return DayRecord(int(data["now"]), visits, lunches)
    return None


def changes_of(version: VisitPlanVersion) -> list[dict[str, Any]]:
    """What became of each visit and lunch when the version was re-made on the day (kept
    ones left out)."""
    return [
        c
        for c in version.changes or ()
        if isinstance(c, dict) and c.get("kind") not in (None, "kept")
    ]
