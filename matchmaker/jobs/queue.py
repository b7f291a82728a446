"""The queue between the pages and the worker process, on huey.

Pages put a job's id on the queue; the `matchmaker worker` process takes ids off it and runs
them (`runner.run_job`). Mails of the outbox travel the same way, as the id of their outbox
row (`mailer.send_outbox_mail`). The queue needs no server of its own: on PostgreSQL it is huey's
PostgresStorage in the app's own database (tables `huey_*`, made by migration 0014; LISTEN/
NOTIFY wakes the worker, `FOR UPDATE SKIP LOCKED` gives each id to one worker); on SQLite it
is huey's SqliteStorage in a file beside the database (`<name>.queue.sqlite`), so that
polling the queue never touches the app's write lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, PostgresHuey, SqliteHuey
from sqlalchemy.engine import URL, make_url

TASK_NAME = "matchmaker.run_job"
MAIL_TASK = "matchmaker.send_mail"
_EXTENSION = "matchmaker.queue"


@dataclass(frozen=True)
class Queue:
    """The app's huey instance and its tasks: one runs a job by its id, one sends an
    outbox mail by its id."""

    huey: Huey
    run: Any  # huey's TaskWrapper: run(job_id) enqueues
    mail: Any  # mail(outbox_mail_id) enqueues


def queue_for(app: Flask) -> Queue:
    """The app's queue, made on first use (pages enqueue, the worker dequeues)."""
    found: Queue | None = app.extensions.get(_EXTENSION)
    if found is None:
        found = app.extensions[_EXTENSION] = _make(app)
    return found


def _make(app: Flask) -> Queue:
    from matchmaker.jobs.mailer import send_outbox_mail
    from matchmaker.jobs.runner import run_job

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    huey: Huey
    if url.get_backend_name() == "postgresql":
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        huey = PostgresHuey("matchmaker", dsn=dsn, create_tables=False, results=False)
    else:
        huey = SqliteHuey("matchmaker", filename=str(queue_file(app, url)), results=False)

    def run(job_id: int) -> None:
        run_job(app, job_id)

    def mail(mail_id: int) -> None:
        send_outbox_mail(app, mail_id)

    return Queue(huey, huey.task(name=TASK_NAME)(run), huey.task(name=MAIL_TASK)(mail))


def close_queue(app: Flask) -> None:
    """Close the queue's connections, if the app opened any (an app that is thrown away)."""
    found: Queue | None = app.extensions.pop(_EXTENSION, None)
    if found is not None:
        found.huey.storage.close()


def queue_file(app: Flask, url: URL) -> Path:
    """Where an SQLite database keeps its queue: beside its file (instance/ for a database
    in memory), or where JOB_QUEUE_FILE says."""
    if configured := app.config.get("JOB_QUEUE_FILE"):
        return Path(configured)
    if url.database and url.database != ":memory:":
        database = Path(url.database)
        return database.with_name(database.stem + ".queue.sqlite")
    return Path(app.instance_path) / "queue.sqlite"


def enqueue(app: Flask, job_id: int) -> None:
    """Put a job's id on the queue for a worker."""
    queue_for(app).run(job_id)


def enqueue_mails(app: Flask, mail_ids: list[int]) -> None:
    """Put outbox mails' ids on the queue for a worker."""
    task = queue_for(app).mail
    for mail_id in mail_ids:
        task(mail_id)


def waiting_ids(app: Flask, name: str = TASK_NAME) -> set[int]:
    """The ids on the queue for task `name` (jobs, or MAIL_TASK: mails), not yet taken by a
    worker."""
    pending = queue_for(app).huey.pending()
    return {int(task.args[0]) for task in pending if task.args and task.name == name}


def run_queued_jobs(app: Flask) -> int:
    """Run every job on the queue in this process, one after the other, exactly as a worker
    does (the same dequeue and task); returns how many ids were taken. For tests and the
    command line; pages never call it."""
    huey = queue_for(app).huey
    taken = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        taken += 1
    return taken
