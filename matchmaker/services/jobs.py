"""The record of background runs (the `job` table): starting one (one active run per event
and kind), the worker claiming it, its heartbeat and progress, its end, and runs whose worker
died marked failed instead of "running" for ever. Also which worker processes are alive.

Every change of state is one conditional UPDATE, so that two workers (or a worker and a page
that finds a run stale) cannot both move a run on: the first one wins, the other sees no row
changed. Functions flush, never commit: the worker and the pages own the transactions.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import delete, exists, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained, Message
from matchmaker.models import Event, Job, JobStatus, JobWorker, StaffUser
from matchmaker.models.job import ACTIVE
from matchmaker.services.audit import record

STARTING = N_("Waiting for its turn")
WORKER_STOPPED = N_("The worker stopped during the run; start the run again.")
RUN_FAILED = N_("The run failed: %(error)s")
NOT_QUEUED = N_("The run could not be queued: %(error)s")
# What migration 0014 writes on the runs the old in-process runner left behind (kept here so
# that pages translate it).
LOST_IN_RESTART = N_("The run was lost when the server restarted; start it again.")


class JobRefused(Explained):
    """A run of this kind is already queued or running for the event: `active` is it."""

    def __init__(self, active: Job) -> None:
        super().__init__(
            N_("This run is already queued or running for this event (run #%(job)d)."),
            job=active.id,
        )
        self.active = active


def active_job(session: Session, event_id: int, kind: str) -> Job | None:
    """The event's queued or running run of this kind, if any (there is at most one)."""
    return session.scalar(
        select(Job).where(Job.event_id == event_id, Job.kind == kind, Job.status.in_(ACTIVE))
    )


def add_job(
    session: Session, event: Event, staff: StaffUser | None, kind: str, params: dict[str, Any]
) -> Job:
    """Record a queued run and its audit line. Refused (`JobRefused`) while one of the same
    kind is active for the event; the database's unique index refuses a racing second one
    (IntegrityError at the flush)."""
    running = active_job(session, event.id, kind)
    if running is not None:
        raise JobRefused(running)
    job = Job(event_id=event.id, staff_id=staff.id if staff else None, kind=kind, params=params)
    session.add(job)
    session.flush()
    record(session, staff, f"job.{kind}", event=event, detail=params)
    return job


def _changed(session: Session, statement: Any) -> int:
    result = cast(CursorResult[Any], session.execute(statement))
    session.flush()
    return result.rowcount


def claim(session: Session, job_id: int, worker: str, now: datetime) -> bool:
    """Take a queued run for this worker; False when it is not queued (any more)."""
    return (
        _changed(
            session,
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
            .values(
                status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, worker=worker, stage=""
            )
            .execution_options(synchronize_session=False),
        )
        == 1
    )


def beat(session: Session, job_id: int, now: datetime, stage: str, progress: float | None) -> bool:
    """The running run is alive, at this stage; False when it is no longer running."""
    return (
        _changed(
            session,
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING)
            .values(heartbeat_at=now, stage=stage[:200], progress=progress)
            .execution_options(synchronize_session=False),
        )
        == 1
    )


def finish(
    session: Session, job_id: int, outcome: Message, figures: dict[str, Any], now: datetime
) -> bool:
    """The run ended well: its outcome and figures."""
    return (
        _changed(
            session,
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING)
            .values(
                status=JobStatus.DONE,
                message=outcome.template,
                message_values=dict(outcome.values),
                result=figures,
                progress=1.0,
                finished_at=now,
                heartbeat_at=now,
            )
            .execution_options(synchronize_session=False),
        )
        == 1
    )


def fail(session: Session, job_id: int, why: Message, now: datetime) -> bool:
    """The run (queued or running) ended without a result, and why."""
    return (
        _changed(
            session,
            update(Job)
            .where(Job.id == job_id, Job.status.in_(ACTIVE))
            .values(
                status=JobStatus.FAILED,
                message=why.template,
                message_values=dict(why.values),
                finished_at=now,
            )
            .execution_options(synchronize_session=False),
        )
        == 1
    )


def failure(error: BaseException) -> Message:
    """Why a run failed, for the job's page: a service's explained error as it is, any
    other error with its type and text."""
    if isinstance(error, Explained):
        return Message(error.template, error.values)
    return Message(RUN_FAILED, {"error": f"{type(error).__name__}: {error}"[:2000]})


def reap_stale(session: Session, now: datetime, stale: timedelta) -> int:
    """Mark failed every running run whose worker has not said it is alive for `stale`:
    its worker died (killed, out of memory, machine restarted). Returns how many."""
    return _changed(
        session,
        update(Job)
        .where(Job.status == JobStatus.RUNNING, Job.heartbeat_at < now - stale)
        .values(status=JobStatus.FAILED, message=WORKER_STOPPED, message_values={}, finished_at=now)
        .execution_options(synchronize_session=False),
    )


def queued_ids(session: Session) -> list[int]:
    """The runs waiting for a worker, oldest first."""
    return list(
        session.scalars(select(Job.id).where(Job.status == JobStatus.QUEUED).order_by(Job.id))
    )


def worker_seen(session: Session, name: str, now: datetime) -> None:
    """A worker process says it is alive."""
    if not _changed(session, update(JobWorker).where(JobWorker.name == name).values(seen_at=now)):
        session.add(JobWorker(name=name, started_at=now, seen_at=now))
        session.flush()


def worker_gone(session: Session, name: str) -> None:
    """A worker process stops."""
    session.execute(delete(JobWorker).where(JobWorker.name == name))
    session.flush()


def worker_alive(session: Session, now: datetime, stale: timedelta) -> bool:
    """Whether any worker process said it is alive within `stale`."""
    return bool(session.scalar(select(exists().where(JobWorker.seen_at >= now - stale))))
