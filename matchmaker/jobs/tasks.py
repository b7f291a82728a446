"""What each kind of job does: thin wrappers that call the services, in three steps where
the step in the middle computes for long: read (then end the transaction, so that no lock
or snapshot is held while computing), compute, store (one short transaction, which the
runner commits together with the job's outcome). Outcomes are `Message`s, translated on
the job's page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained, Message, Progress
from matchmaker.core.scheduling.checks import schedule_stats
from matchmaker.core.scheduling.scheduler import schedule
from matchmaker.core.visits.greedy import greedy_plan
from matchmaker.core.visits.planner import plan_visits
from matchmaker.models import Event
from matchmaker.services import (
    drafts,
    programme,
    recommendations,
    visit_plans,
    visit_problem,
)
from matchmaker.services.timetable import version_by_number

Task = Callable[[Session, Event, dict[str, Any], Progress], tuple[Message, dict[str, Any]]]


def recommend(
    session: Session, event: Event, params: dict[str, Any], progress: Progress
) -> tuple[Message, dict[str, Any]]:
    """Recompute the event's partner recommendations."""
    progress(recommendations.READING, 0.0)
    with recommendations.collector_paused():
        top_k = int(params.get("top_k", 10))
        given = recommendations.matching_input(session, event, top_k=top_k)
        session.commit()  # nothing held while the matcher computes
        computed = recommendations.compute_matches(given, progress)
        progress(recommendations.STORING, 0.9)
        count = recommendations.store_recommendations(session, event, computed)
    figures = {"firms": computed.firms, "recommendations": count, "scorer": computed.scorer}
    done = N_("%(recommendations)d recommendations for %(firms)d firms (%(scorer)s)")
    return Message(done, figures), figures


def schedule_draft(
    session: Session, event: Event, params: dict[str, Any], progress: Progress
) -> tuple[Message, dict[str, Any]]:
    """Schedule the event into a new draft version."""
    progress(drafts.READING, 0.0)
    number = params.get("start_from")
    start_from = version_by_number(session, event, int(number)) if number else None
    plan = drafts.plan_draft(
        session, event, include_pending=bool(params.get("include_pending", False)),
        start_from=start_from, recommended=int(params.get("recommended", 0)),
    )  # fmt: skip
    session.commit()  # nothing held while the scheduler searches
    progress(drafts.SEARCHING, None)
    options = drafts.draft_options(float(params.get("time_limit", 30)))
    result = schedule(plan.built.problem, options)
    progress(drafts.STORING, 0.95)
    run = drafts.store_draft(session, event, plan, result, str(params.get("name", "")))
    stats = schedule_stats(plan.built.problem, result.placements)
    figures = {
        "version": run.version.number,
        "wishes": run.wishes,
        "placed": len(result.placements),
        "unplaced": len(result.unplaced),
        "breaks": result.breaks,
        "breaks_bound": result.breaks_bound,
        "idle_per_firm": round(stats.idle_per_firm, 3),
    }
    done = N_("Version %(version)d: %(placed)d of %(wishes)d wishes placed")
    return Message(done, figures), figures


def plan_visit_day(
    session: Session, event: Event, params: dict[str, Any], progress: Progress
) -> tuple[Message, dict[str, Any]]:
    """Plan a day of company visits into a new draft plan, beside the greedy baseline."""
    progress(visit_plans.READING, 0.0)
    item = programme.item_of(session, event, int(params["item"]))
    if item is None:
        raise Explained(visit_problem.NOT_VISITS)
    given = visit_problem.visit_input(session, item)
    session.commit()  # nothing held while the planner searches
    progress(visit_plans.PLANNING, None)
    started = time.perf_counter()
    plan = plan_visits(given.problem, float(params.get("time_limit", 10)))
    seconds = time.perf_counter() - started
    baseline = greedy_plan(given.problem).relevance_total
    progress(visit_plans.STORING, 0.95)
    figures = visit_plans.PlanFigures("planner", baseline, round(seconds, 2))
    version = visit_plans.store_plan(session, item, plan, figures)
    outcome = {
        "item": item.id,
        "version": version.number,
        "total": round(plan.relevance_total, 3),
        "baseline": round(baseline, 3),
        "seconds": round(seconds, 2),
    }
    return Message(visit_plans.PLANNED, outcome), outcome


def hold(
    session: Session, event: Event, params: dict[str, Any], progress: Progress
) -> tuple[Message, dict[str, Any]]:
    """Tests only (MATCHMAKER_ENV=testing): a run that goes on, beating, until the file
    `params["until"]` exists; so that a test can kill its worker mid-run at will."""
    release = Path(str(params["until"]))
    session.commit()
    steps = 0
    while not release.exists():
        steps += 1
        progress("holding", None)
        time.sleep(0.05)
    return Message("held for %(steps)d steps", {"steps": steps}), {"steps": steps}


KINDS: dict[str, Task] = {
    "recommend": recommend,
    "schedule": schedule_draft,
    "visits": plan_visit_day,
}


def tasks_for(app: Flask) -> dict[str, Task]:
    """The job kinds this app runs: `hold` only in tests."""
    if app.config.get("MATCHMAKER_ENV") == "testing":
        return {**KINDS, "hold": hold}
    return KINDS
