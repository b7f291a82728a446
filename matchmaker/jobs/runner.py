"""Running one job in the worker: claim its row, keep a heartbeat (with the stage and share
done that the task reports) while the task runs, record the outcome or why it failed.

The claim is a conditional UPDATE (queued -> running), so an id delivered twice, or to two
workers, runs once. The heartbeat is written by a thread of its own with its own session, so
that the computing thread holds no transaction for it; a run whose heartbeat stops (the
worker was killed) is marked failed by the next worker or page that looks
(`services.jobs.reap_stale`).
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

from matchmaker.extensions import db
from matchmaker.jobs.tasks import tasks_for
from matchmaker.messages import Message, Progress
from matchmaker.models import Event, Job
from matchmaker.models.base import utcnow
from matchmaker.services.jobs import beat, claim, fail, failure, finish

log = logging.getLogger(__name__)


def worker_name() -> str:
    """This process as the job rows name it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def stale_after(app: Flask) -> timedelta:
    """How long a run may stay silent before it counts as dead (JOB_STALE_SECONDS, 120)."""
    return timedelta(seconds=float(app.config.get("JOB_STALE_SECONDS", 120)))


def beat_every(app: Flask) -> float:
    """How often a worker says it (and its run) is alive: a quarter of the stale time."""
    return max(0.2, stale_after(app).total_seconds() / 4)


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
        except Exception:  # a missed beat is retried at the next; the run goes on
            log.exception("heartbeat of job %s not written", self.job_id)
            session.rollback()
