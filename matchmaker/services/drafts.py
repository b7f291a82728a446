"""A new draft timetable for an event: read the event's problem, run the scheduler, store
the result as the next schedule version. The three steps are separate so that the worker
can end its transaction while the scheduler searches (on SQLite nobody waits for a lock
held by a computation); `generate_draft` does all three in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Progress, no_progress
from matchmaker.core.scheduling.scheduler import ScheduleOptions, ScheduleResult, schedule
from matchmaker.models import Event, ScheduleVersion
from matchmaker.services.schedules import EventProblem, event_problem
from matchmaker.services.versions import store_version

SPREAD = 0.1  # a slot holds at most an even share of the day's meetings and a tenth more


def draft_options(time_limit: float = 30.0) -> ScheduleOptions:
    """How staff's drafts are searched: within `time_limit` seconds, the day spread over
    the slots (`ScheduleOptions.spread`), not piled up where the search put it."""
    return ScheduleOptions(time_limit=time_limit, spread=SPREAD)


READING = N_("Reading the firms and their requests")
SEARCHING = N_("Searching for the best timetable")
STORING = N_("Storing the new draft")


@dataclass(frozen=True, slots=True)
class DraftPlan:
    """The scheduler's problem of a new draft and the pairs it keeps locked."""

    built: EventProblem
    locked_pairs: frozenset[frozenset[str]]


@dataclass(frozen=True, slots=True)
class DraftRun:
    version: ScheduleVersion
    result: ScheduleResult
    wishes: int


def plan_draft(
    session: Session,
    event: Event,
    *,
    include_pending: bool = False,
    start_from: ScheduleVersion | None = None,
    recommended: int = 0,
) -> DraftPlan:
    """Read the problem; locked meetings of `start_from` are pinned; `recommended`: each
    firm's number of meetings from the recommendations (`full_day`). Writes nothing."""
    locked = [m for m in start_from.meetings if m.locked] if start_from is not None else []
    built = event_problem(
        session, event, include_pending=include_pending, pinned=locked, recommended=recommended,
        themed=True,
    )  # fmt: skip
    pairs = frozenset(frozenset((str(m.participant_a_id), str(m.participant_b_id))) for m in locked)
    return DraftPlan(built, pairs)


def store_draft(
    session: Session, event: Event, plan: DraftPlan, result: ScheduleResult, name: str = ""
) -> DraftRun:
    """Store a scheduler's result as the event's next draft version."""
    version = store_version(session, event, plan.built, result.placements, name,
                            plan.locked_pairs, result.breaks_bound)  # fmt: skip
    return DraftRun(version, result, len(plan.built.problem.wishes))


def generate_draft(
    session: Session,
    event: Event,
    *,
    options: ScheduleOptions | None = None,
    include_pending: bool = False,
    name: str = "",
    start_from: ScheduleVersion | None = None,
    recommended: int = 0,
    progress: Progress = no_progress,
) -> DraftRun:
    """Schedule the event and store the result as a new draft version (the next number),
    in the caller's transaction. Locked meetings of `start_from` are kept."""
    progress(READING, 0.0)
    plan = plan_draft(
        session, event, include_pending=include_pending, start_from=start_from,
        recommended=recommended,
    )  # fmt: skip
    progress(SEARCHING, None)
    result = schedule(plan.built.problem, options or draft_options())
    progress(STORING, 0.95)
    return store_draft(session, event, plan, result, name)
