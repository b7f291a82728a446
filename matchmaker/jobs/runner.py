"""Running one job in the worker: claim its row, keep a heartbeat (with the stage and share
done that the task reports) while the task runs, record the outcome or why it failed.

The claim is a conditional UPDATE (queued -> running), so an id delivered twice, or to two
workers, runs once. The heartbeat is written by a thread of its own with its own session, so
that the computing thread holds no transaction for it; a run whose heartbeat stops (the
worker was killed) is marked failed by the next worker or page that looks
(`services.jobs.reap_stale`). A beat that finds the database busy (SQLite: another process is
storing its results) is skipped with one log line and tried again at the next beat; the stale
time is several beats long, so a few skipped beats never end a run.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta
from types import TracebackType
from typing import Any

from flask import Flask
from sqlalchemy.exc import OperationalError

from matchmaker.core.messages import Message, Progress
from matchmaker.extensions import db
from matchmaker.jobs.tasks import tasks_for
from matchmaker.models import Event, Job
from matchmaker.models.base import utcnow
from matchmaker.services.jobs import beat, claim, fail, failure, finish

log = logging.getLogger(__name__)


def worker_name() -> str:
    """This process as the job rows name it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def stale_after(app: Flask) -> timedelta:
    """How long a run may stay silent before it counts as dead (JOB_STALE_SECONDS, 60)."""
    return timedelta(seconds=float(app.config.get("JOB_STALE_SECONDS", 60)))


def beat_every(app: Flask) -> float:
    """How often a worker says it (and its run) is alive: a quarter of the stale time (15 s
    by default), so that a run counts as dead only after about four missed beats, each of
    which may wait up to SQLite's busy timeout (5 s) for the write lock."""
    return max(0.2, stale_after(app).total_seconds() / 4)


def silent_after(app: Flask) -> timedelta:
    """How long a running run may go without a beat before its page says so: two beats."""
    return timedelta(seconds=2 * beat_every(app))


# SQLite: the write lock is held by another connection past the busy timeout; PostgreSQL:
# lock_not_available, serialization_failure, deadlock_detected.
_BUSY_SQLITE = ("database is locked", "database is busy", "database table is locked")
_BUSY_PGCODES = {"55P03", "40001", "40P01"}


def database_busy(error: BaseException) -> bool:
    """Whether a write failed only because the database was busy (worth trying again
    later), not because anything is wrong."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.orig
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in _BUSY_PGCODES or any(text in str(cause).lower() for text in _BUSY_SQLITE)


def run_job(app: Flask, job_id: int) -> None:
    """Run the job if it is still queued; every outcome ends on its row."""
    with app.app_context():
        session = db.session()
        try:
            if not claim(session, job_id, worker_name(), utcnow()):
                session.commit()
                log.info("job %s is not queued any more; skipped", job_id)
                return
            session.commit()
            with Heartbeat(app, job_id) as progress:
                outcome, figures = _execute(app, job_id, progress)
            finish(session, job_id, outcome, figures, utcnow())
        except Exception as error:
            log.exception("job %s failed", job_id)
            session.rollback()
            fail(session, job_id, failure(error), utcnow())
        finally:
            session.commit()
            db.session.remove()


def _execute(app: Flask, job_id: int, progress: Progress) -> tuple[Message, dict[str, Any]]:
    session = db.session()
    job = session.get(Job, job_id)
    if job is None:
        raise LookupError(f"job {job_id} was deleted")
    event = session.get(Event, job.event_id)
    if event is None:
        raise LookupError("the event was deleted")
    return tasks_for(app)[job.kind](session, event, dict(job.params), progress)


class Heartbeat:
    """A thread that renews the running job's heartbeat every `beat_every` seconds and
    writes its stage at once when the task reports a new one. Used as a context manager
    that yields the task's `Progress` callback."""

    def __init__(self, app: Flask, job_id: int) -> None:
        self.app, self.job_id, self.every = app, job_id, beat_every(app)
        self.stage: str = ""
        self.share: float | None = None
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name=f"job-{job_id}-beat", daemon=True)

    def progress(self, stage: str, share: float | None) -> None:
        """The task's `Progress`: a new stage is written at once, the rest with the beat."""
        changed = stage != self.stage
        self.stage, self.share = stage, share
        if changed:
            self._wake.set()

    def __enter__(self) -> Progress:
        self._thread.start()
        return self.progress

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stopping = True
        self._wake.set()
        self._thread.join()

    def _loop(self) -> None:
        with self.app.app_context():
            while not self._stopping:
                self._wake.wait(self.every)
                self._wake.clear()
                self._write()
            db.session.remove()

    def _write(self) -> None:
        session = db.session()
        try:
            beat(session, self.job_id, utcnow(), self.stage, self.share)
            session.commit()
        except Exception as error:  # a missed beat is retried at the next; the run goes on
            session.rollback()
            if database_busy(error):
                log.warning("heartbeat of job %s skipped: the database is busy", self.job_id)
            else:
                log.exception("heartbeat of job %s not written", self.job_id)
