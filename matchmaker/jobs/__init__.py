"""Background runs of long staff actions (matching, scheduling), and the outbox's mails.

A page records the run (`job` row, one active per event and kind) and puts its id on the
queue (`queue.py`, huey); the `matchmaker worker` process (`worker.py`) takes it, runs the
task (`tasks.py`, thin wrappers of the services) with a heartbeat and progress
(`runner.py`), and records the outcome. Web processes never compute a run. Mails to firms
go the same way: a page queues outbox rows, commits and posts their ids (`post_mails`); the
worker sends each (`mailer.py`).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.core.messages import Message
from matchmaker.extensions import db
from matchmaker.jobs.queue import enqueue, enqueue_mails, queue_for, run_queued_jobs
from matchmaker.jobs.runner import database_busy, silent_after, stale_after
from matchmaker.jobs.tasks import tasks_for
from matchmaker.models import Event, Job, JobStatus, StaffUser
from matchmaker.models.base import utcnow
from matchmaker.services.jobs import (
    NOT_QUEUED,
    JobRefused,
    active_job,
    add_job,
    fail,
    reap_stale,
    worker_alive,
)

__all__ = [
    "JobRefused",
    "look_at",
    "post_mails",
    "queue_for",
    "run_queued_jobs",
    "silence",
    "start_job",
    "worker_running",
]


def start_job(event: Event, staff: StaffUser | None, kind: str, params: dict[str, Any]) -> Job:
    """Record a run and queue it for the worker; committed, so every process sees it.
    Raises `JobRefused` while a run of this kind is active for the event."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if kind not in tasks_for(app):
        raise ValueError(f"unknown job kind {kind!r}")
    session = db.session()
    _reap(app, session)  # a run whose worker died does not block a new start
    try:
        job = add_job(session, event, staff, kind, params)
        session.commit()
    except IntegrityError:  # another process started one between our look and our insert
        session.rollback()
        running = active_job(session, event.id, kind)
        if running is None:
            raise
        raise JobRefused(running) from None
    try:
        enqueue(app, job.id)
    except Exception as error:  # the run would wait for ever: say so on its page
        current_app.logger.exception("job %s not queued", job.id)
        fail(session, job.id, Message(NOT_QUEUED, {"error": str(error)}), utcnow())
        session.commit()
    return job


def look_at(job: Job) -> bool:
    """Bring an active job's row up to date before a page shows it (a run whose worker died
    becomes failed); returns whether a worker is alive to run it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    session = db.session()
    now, stale = utcnow(), stale_after(app)
    beat = job.heartbeat_at or job.started_at or now
    if job.status == JobStatus.RUNNING and beat < now - stale:
        _reap(app, session)
    return worker_alive(session, now, stale)


def silence(job: Job) -> tuple[int, int] | None:
    """For a running run that has missed beats: for how many seconds its worker has been
    silent, and after how many the run counts as dead (the page says both until then);
    None while it beats."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if job.status != JobStatus.RUNNING or job.heartbeat_at is None:
        return None
    quiet = utcnow() - job.heartbeat_at
    if quiet <= silent_after(app):
        return None
    return int(quiet.total_seconds()), int(stale_after(app).total_seconds())


def _reap(app: Flask, session: Session) -> None:
    """Mark failed the runs whose worker stopped beating; committed. A busy database (a
    worker storing its results) leaves them for the next look."""
    try:
        reap_stale(session, utcnow(), stale_after(app))
        session.commit()
    except Exception as error:
        session.rollback()
        if not database_busy(error):
            raise


def post_mails(mail_ids: list[int]) -> bool:
    """Hand committed outbox mails to the worker; False when the queue refused them (they
    stay queued, and a worker that starts puts them on the queue again)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        enqueue_mails(app, mail_ids)
    except Exception:
        current_app.logger.exception("outbox mails %s not queued", mail_ids)
        return False
    return True


def worker_running() -> bool:
    """Whether a `matchmaker worker` process said lately that it is alive."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return worker_alive(db.session(), utcnow(), stale_after(app))
