"""Background runs of long staff actions (matching, scheduling): started from a page, run in
a worker thread with their own database session, followed on a page that refreshes itself.

One worker: runs queue one after the other, so two schedulings never compete for the two
cores. The job's row is the only shared state, so any server process can show it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.scheduler import ScheduleOptions
from matchmaker.extensions import db
from matchmaker.models import Event, Job, JobStatus, ScheduleVersion, StaffUser
from matchmaker.models.base import utcnow
from matchmaker.services.recommendations import compute_recommendations
from matchmaker.services.schedules import generate_draft
from matchmaker.services.staff import record

Runner = Callable[[Session, Event, dict[str, Any]], tuple[str, dict[str, Any]]]

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="matchmaker-job")
_futures: dict[int, Future[None]] = {}


def _recommend(
    session: Session, event: Event, params: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    run = compute_recommendations(session, event, top_k=int(params.get("top_k", 10)))
    figures = {"firms": run.firms, "recommendations": run.recommendations, "scorer": run.scorer}
    return f"{run.recommendations} recommendations for {run.firms} firms ({run.scorer})", figures


def _schedule(session: Session, event: Event, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    start = params.get("start_from")
    start_from = (
        session.scalar(
            select(ScheduleVersion).where(
                ScheduleVersion.event_id == event.id, ScheduleVersion.number == int(start)
            )
        )
        if start
        else None
    )
    run = generate_draft(
        session,
        event,
        start_from=start_from,
        options=ScheduleOptions(time_limit=float(params.get("time_limit", 30))),
        include_pending=bool(params.get("include_pending", False)),
        recommended=int(params.get("recommended", 0)),
        name=str(params.get("name", "")),
    )
    result = run.result
    figures = {
        "version": run.version.number,
        "wishes": run.wishes,
        "placed": len(result.placements),
        "unplaced": len(result.unplaced),
        "breaks": result.breaks,
    }
    return f"version {run.version.number}: {len(result.placements)} of {run.wishes} placed", figures


RUNNERS: dict[str, Runner] = {"recommend": _recommend, "schedule": _schedule}


def start_job(event: Event, staff: StaffUser, kind: str, params: dict[str, Any]) -> Job:
    """Queue a run and return its row (committed, so the worker and other pages see it)."""
    if kind not in RUNNERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(event_id=event.id, staff_id=staff.id, kind=kind, params=params)
    db.session.add(job)
    record(db.session(), staff, f"job.{kind}", event=event, detail=params)
    db.session.commit()
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    _futures[job.id] = _executor.submit(_run, app, job.id)
    return job


def wait_for(job_id: int, timeout: float | None = None) -> None:
    """Block until the job has ended (tests, the command line)."""
    future = _futures.get(job_id)
    if future is not None:
        future.result(timeout)


def _run(app: Flask, job_id: int) -> None:
    with app.app_context():
        session = db.session()
        try:
            job = session.get(Job, job_id)
            if job is None:
                return
            event = session.get(Event, job.event_id)
            job.status, job.started_at = JobStatus.RUNNING, utcnow()
            session.commit()
            if event is None:
                raise LookupError("the event was deleted")
            message, figures = RUNNERS[job.kind](session, event, dict(job.params))
            job.status, job.message, job.result = JobStatus.DONE, message, figures
        except Exception as error:
            session.rollback()
            job = session.get(Job, job_id)
            if job is None:
                return
            job.status, job.message = JobStatus.FAILED, f"{type(error).__name__}: {error}"
        job.finished_at = utcnow()
        session.commit()
        db.session.remove()
