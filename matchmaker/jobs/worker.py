"""The `matchmaker worker` process: huey's consumer runs the queued jobs, while a thread says
every few seconds that this worker is alive, marks failed the runs of workers that died, and
queues the follow-up mails that are due (`services.follow_up.due_mails`).

On start it first marks failed the runs left "running" by a worker that died, and puts back
on the queue any queued run or outbox mail whose id the queue lost; a mail left "sending" by
a worker that died is marked failed after a while (`services.outbox.SENDING_STALE`).
SIGINT (Ctrl+C) lets the running job end first; SIGTERM stops at once, and the run it
interrupts is marked failed with the reason.
A SIGKILL leaves no time for anything: the run's heartbeat stops, and the next worker (or the
job's page) marks it failed once the heartbeat is stale.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Flask
from huey.consumer import Consumer
from huey.signals import SIGNAL_INTERRUPTED

from matchmaker.core.messages import Message
from matchmaker.extensions import db
from matchmaker.i18n import firm_language
from matchmaker.jobs.queue import MAIL_TASK, enqueue, enqueue_mails, queue_for, waiting_ids
from matchmaker.jobs.runner import beat_every, database_busy, stale_after, worker_name
from matchmaker.models.base import utcnow
from matchmaker.services.follow_up import due_mails
from matchmaker.services.jobs import (
    WORKER_STOPPED,
    fail,
    queued_ids,
    reap_stale,
    worker_gone,
    worker_seen,
)
from matchmaker.services.mail_failures import WORKER_STOPPED as MAIL_INTERRUPTED
from matchmaker.services.outbox import mark_failed, reap_stale_sending
from matchmaker.services.outbox import queued_ids as queued_mail_ids

log = logging.getLogger(__name__)


def run_worker(app: Flask, threads: int = 1) -> None:
    """Run queued jobs until stopped by a signal."""
    queue = queue_for(app)
    name = worker_name()
    alive = threading.Event()

    def interrupted(signal: str, task: Any) -> None:
        _mark_interrupted(app, task)

    queue.huey.signal(SIGNAL_INTERRUPTED)(interrupted)
    look_around(app, name)
    requeue_lost(app)
    beat = threading.Thread(target=_beat, args=(app, name, alive), name="worker-beat", daemon=True)
    beat.start()
    consumer = Consumer(queue.huey, workers=threads, periodic=False, max_delay=1.0)
    try:
        consumer.run()
    finally:
        alive.set()
        beat.join(timeout=5)
        with app.app_context():
            worker_gone(db.session(), name)
            db.session.commit()


def look_around(app: Flask, name: str) -> int:
    """Say this worker is alive; mark failed the runs whose worker died. Returns how many."""
    with app.app_context():
        session = db.session()
        try:
            worker_seen(session, name, utcnow())
            reaped = reap_stale(session, utcnow(), stale_after(app))
            reap_stale_sending(session, utcnow())
            follow_ups = [m.id for m in due_mails(session, utcnow(), firm_language)]
            session.commit()
            enqueue_mails(app, follow_ups)
        except Exception as error:  # tried again at the next beat
            session.rollback()
            if database_busy(error):
                log.warning("worker heartbeat skipped: the database is busy")
            else:
                log.exception("could not look after the job rows")
            return 0
        finally:
            db.session.remove()
    if reaped:
        log.warning("%d runs whose worker stopped are marked failed", reaped)
    return reaped


def requeue_lost(app: Flask) -> list[int]:
    """Put back on the queue the queued runs that are not on it (their id was lost, e.g. with
    the worker that had just taken it); a run delivered twice still runs once. Likewise the
    queued outbox mails. Returns the runs' ids."""
    with app.app_context():
        lost = sorted(set(queued_ids(db.session())) - waiting_ids(app))
        mails = sorted(set(queued_mail_ids(db.session())) - waiting_ids(app, MAIL_TASK))
        db.session.remove()
    for job_id in lost:
        enqueue(app, job_id)
    enqueue_mails(app, mails)
    return lost


def _beat(app: Flask, name: str, stop: threading.Event) -> None:
    while not stop.wait(beat_every(app)):
        look_around(app, name)


def _mark_interrupted(app: Flask, task: Any) -> None:
    """The consumer stopped at once while this task ran: its run (or mail) ends failed, and
    why."""
    with app.app_context():
        if task.name == MAIL_TASK:
            mark_failed(db.session(), int(task.args[0]), Message(MAIL_INTERRUPTED))
        else:
            fail(db.session(), int(task.args[0]), Message(WORKER_STOPPED), utcnow())
        db.session.commit()
        db.session.remove()
