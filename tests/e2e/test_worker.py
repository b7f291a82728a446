"""Background runs on real processes: the web app only records and queues; `matchmaker
worker` (a real subprocess on the test's database) runs them; a worker killed mid-run leaves
its run failed with the reason, never "running"; one active run per event and kind; a run
delivered twice to two workers runs once."""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs, start_job
from matchmaker.jobs.queue import enqueue, queue_for
from matchmaker.models import (
    Event,
    Job,
    JobStatus,
    JobWorker,
    MeetingRequest,
    RequestStatus,
    ScheduleVersion,
    StaffRole,
)
from matchmaker.models.base import utcnow
from matchmaker.services.jobs import WORKER_STOPPED
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, dispose, make_config, staff_login
from tests.factories import create_open_event, create_participant
from tests.servers import process_environment, wait_until, worker_process

LOGIN = ("plan@amt.example", "plan-password-1")
STALE = 3  # seconds without a heartbeat before a run counts as dead (120 in production)


@dataclass(frozen=True)
class Fair:
    app: Flask
    web: FlaskClient
    environment: dict[str, str]
    folder: Path

    def job(self, job_id: int) -> Job:
        with self.app.app_context():
            job = db.session.get(Job, job_id)
            assert job is not None
            db.session.expunge(job)
            return job

    def status(self, job_id: int) -> JobStatus:
        return self.job(job_id).status

    def start(self, kind: str, **form: str) -> int:
        page = self.web.get("/staff/e/plan/timetable").get_data(as_text=True)
        response = self.web.post(
            f"/staff/e/plan/jobs/{kind}", data={"csrf_token": csrf_token(page), **form}
        )
        assert response.status_code == 303
        return int(response.location.rsplit("/", 1)[1])

    def hold(self, slug: str = "plan") -> tuple[int, Path]:
        """A test-only run that goes on until its file exists."""
        release = self.folder / f"release-{slug}"
        with self.app.app_context():
            event = db.session.scalars(select(Event).where(Event.slug == slug)).one()
            return start_job(event, None, "hold", {"until": str(release)}).id, release

    def workers(self) -> int:
        with self.app.app_context():
            return int(db.session.scalar(select(func.count()).select_from(JobWorker)) or 0)

    def versions(self) -> int:
        with self.app.app_context():
            return int(db.session.scalar(select(func.count()).select_from(ScheduleVersion)) or 0)


@pytest.fixture
def fair(tmp_path: Path, database: str) -> Iterator[Fair]:
    app = create_app(
        make_config(tmp_path, SQLALCHEMY_DATABASE_URI=database, JOB_STALE_SECONDS=STALE)
    )
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN, role=StaffRole.STAFF)
        event = create_open_event(session, "plan")
        firms = [create_participant(session, event, k, languages=["de"]) for k in "ABCD"]
        for a, b in ((0, 1), (0, 2), (2, 3)):
            session.add(
                MeetingRequest(
                    event_id=event.id,
                    from_participant_id=firms[a].id,
                    to_participant_id=firms[b].id,
                    status=RequestStatus.ACCEPTED,
                )
            )
        session.commit()
    web = app.test_client()
    assert staff_login(web, *LOGIN) == 303
    environment = process_environment(database, tmp_path / "instance", JOB_STALE_SECONDS=str(STALE))
    yield Fair(app, web, environment, tmp_path)
    dispose(app)


def test_the_page_only_queues_and_says_when_no_worker_runs(fair: Fair) -> None:
    job_id = fair.start("schedule", time_limit="5")
    page = fair.web.get(f"/staff/e/plan/jobs/{job_id}").get_data(as_text=True)
    assert "Es läuft kein Hintergrundprozess (Worker)" in page
    # said to organisers: who to ask, with the command for that person
    assert "Bitten Sie die Person, die den Server betreibt, den Worker-Dienst zu starten" in page
    assert "(Befehl: matchmaker worker)" in page
    assert fair.status(job_id) == JobStatus.QUEUED  # the web process computed nothing
    assert fair.versions() == 0
    assert run_queued_jobs(fair.app) == 1  # the worker's own code path, in this process
    assert fair.status(job_id) == JobStatus.DONE


def test_a_run_started_on_the_page_is_run_by_the_worker_process(fair: Fair) -> None:
    with worker_process(fair.environment, fair.folder / "worker.log") as worker:
        wait_until(lambda: fair.workers() == 1, "the worker says it is alive")
        job_id = fair.start("schedule", time_limit="5", name="Entwurf")
        wait_until(lambda: fair.status(job_id) == JobStatus.DONE, "the run is done")
        page = fair.web.get(f"/staff/e/plan/jobs/{job_id}").get_data(as_text=True)
        assert "Fertig: Fassung 1: 3 von 3 Wünschen eingeplant" in page
        assert fair.job(job_id).worker.endswith(f":{worker.pid}")
    assert fair.workers() == 0  # a worker that stops says so


def test_a_second_start_is_refused_while_the_first_is_active(fair: Fair) -> None:
    first = fair.start("recommend")
    second = fair.start("recommend")
    assert second == first  # the page of the active run, with the reason
    page = fair.web.get(f"/staff/e/plan/jobs/{first}").get_data(as_text=True)
    assert f"Dieser Lauf wartet oder läuft für diese Veranstaltung bereits (Lauf #{first})" in page
    assert fair.start("schedule") != first  # another kind is another run
    assert run_queued_jobs(fair.app) == 2
    assert fair.start("recommend") != first  # once it ended, a new one starts


def test_the_database_allows_one_active_run_per_event_and_kind(fair: Fair) -> None:
    with fair.app.app_context():
        event_id = db.session.scalars(select(Event.id)).one()
        db.session.add(Job(event_id=event_id, kind="recommend", status=JobStatus.RUNNING))
        db.session.commit()
        db.session.add(Job(event_id=event_id, kind="recommend", status=JobStatus.QUEUED))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.add(Job(event_id=event_id, kind="recommend", status=JobStatus.FAILED))
        db.session.add(Job(event_id=event_id, kind="schedule", status=JobStatus.QUEUED))
        db.session.commit()


def test_a_killed_worker_leaves_its_run_failed_and_the_next_worker_says_why(fair: Fair) -> None:
    job_id, _ = fair.hold()
    with worker_process(fair.environment, fair.folder / "worker.log") as worker:
        wait_until(lambda: fair.job(job_id).stage == "holding", "the run is under way")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert fair.status(job_id) == JobStatus.RUNNING  # as the dead worker left it
    with worker_process(fair.environment, fair.folder / "worker2.log"):
        wait_until(lambda: fair.status(job_id) != JobStatus.RUNNING, "the run is marked")
    job = fair.job(job_id)
    assert (job.status, job.message) == (JobStatus.FAILED, WORKER_STOPPED)
    page = fair.web.get(f"/staff/e/plan/jobs/{job_id}").get_data(as_text=True)
    assert "Der Worker hat während des Laufs angehalten; starten Sie den Lauf erneut." in page


def test_the_job_page_marks_a_run_of_a_killed_worker_failed(fair: Fair) -> None:
    job_id, _ = fair.hold()
    with worker_process(fair.environment, fair.folder / "worker.log") as worker:
        wait_until(lambda: fair.job(job_id).stage == "holding", "the run is under way")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    def page_says_failed() -> bool:
        page = fair.web.get(f"/staff/e/plan/jobs/{job_id}").get_data(as_text=True)
        return "Fehlgeschlagen: Der Worker hat während des Laufs angehalten" in page

    wait_until(page_says_failed, "the job page marks the run failed")
    assert fair.status(job_id) == JobStatus.FAILED


def test_a_worker_stopped_by_sigterm_marks_its_run_failed_at_once(fair: Fair) -> None:
    job_id, _ = fair.hold()
    with worker_process(fair.environment, fair.folder / "worker.log") as worker:
        wait_until(lambda: fair.job(job_id).stage == "holding", "the run is under way")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    job = fair.job(job_id)
    assert (job.status, job.message) == (JobStatus.FAILED, WORKER_STOPPED)


def test_a_run_delivered_twice_to_two_workers_runs_once(fair: Fair) -> None:
    job_id, release = fair.hold()
    enqueue(fair.app, job_id)  # the same id a second time, as a lost-and-requeued id would be
    logs = [fair.folder / "worker-a.log", fair.folder / "worker-b.log"]
    with (
        worker_process(fair.environment, logs[0]),
        worker_process(fair.environment, logs[1]),
    ):
        wait_until(lambda: fair.job(job_id).stage == "holding", "one worker runs it")
        wait_until(lambda: queue_for(fair.app).huey.pending_count() == 0, "both ids are taken")
        wait_until(
            lambda: any("is not queued any more; skipped" in p.read_text() for p in logs),
            "the other delivery is skipped",
        )
        release.touch()
        wait_until(lambda: fair.status(job_id) == JobStatus.DONE, "the run is done")
    assert fair.job(job_id).result["steps"] > 0
    assert sum(p.read_text().count(f"job {job_id} is not queued") for p in logs) == 1


def test_a_worker_puts_back_queued_runs_the_queue_lost(fair: Fair) -> None:
    job_id, release = fair.hold()
    queue_for(fair.app).huey.flush()  # the id is gone (e.g. taken by a worker that died)
    release.touch()
    with worker_process(fair.environment, fair.folder / "worker.log"):
        wait_until(lambda: fair.status(job_id) == JobStatus.DONE, "the run is done")


def test_a_silent_run_says_so_on_its_page_before_it_counts_as_dead(
    fair: Fair, tmp_path: Path
) -> None:
    """After a SIGKILL the page says how long the worker has been silent, before the run
    counts as dead (and then that it failed, in Russian: start the run again). The page's app
    has the production stale time (60 s); the killed run's last beat is set back to show the
    page a worker silent for 40 s, then for 61 s, without waiting that long."""
    job_id, _ = fair.hold()
    with worker_process(fair.environment, fair.folder / "worker.log") as worker:
        wait_until(lambda: fair.job(job_id).stage == "holding", "the run is under way")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=fair.app.config[
        "SQLALCHEMY_DATABASE_URI"]))  # fmt: skip
    try:
        web = app.test_client()
        assert staff_login(web, *LOGIN) == 303
        ru = {"Accept-Language": "ru"}

        def silent_for(seconds: int) -> str:
            with app.app_context():
                last = utcnow() - timedelta(seconds=seconds)
                db.session.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=last))
                db.session.commit()
            return web.get(f"/staff/e/plan/jobs/{job_id}", headers=ru).get_data(as_text=True)

        assert "признаков жизни" not in silent_for(1)  # one beat late is no news
        page = silent_for(40)
        assert "От фонового процесса нет признаков жизни уже 40 с." in page
        assert "через 60 с запуск будет отмечен как неудавшийся" in page
        assert fair.status(job_id) == JobStatus.RUNNING
        page = silent_for(61)
        assert (
            "Фоновый процесс остановился, не завершив этот запуск; начните запуск заново." in page
        )
        assert fair.status(job_id) == JobStatus.FAILED
    finally:
        dispose(app)


def test_a_dead_run_does_not_block_a_new_start(fair: Fair) -> None:
    """A run whose worker was killed and is silent past the stale time is marked failed when
    a new one of its kind starts, instead of refusing the start."""
    job_id, _ = fair.hold()
    with worker_process(fair.environment, fair.folder / "worker.log") as worker:
        wait_until(lambda: fair.job(job_id).stage == "holding", "the run is under way")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    with fair.app.app_context():  # silent for longer than the stale time (3 s here)
        last = utcnow() - timedelta(seconds=STALE + 1)
        db.session.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=last))
        db.session.commit()
        event = db.session.scalars(select(Event).where(Event.slug == "plan")).one()
        again = start_job(event, None, "hold", {"until": str(fair.folder / "never")}).id
    assert again != job_id
    assert fair.status(job_id) == JobStatus.FAILED


BUSY_STALE = 24  # beats every 6 s; a beat waits up to 5 s (SQLite's busy timeout) for the lock


def test_a_heartbeat_on_a_busy_sqlite_database_is_skipped_quietly(
    tmp_path: Path, database: str
) -> None:
    """Another connection holds SQLite's write lock for longer than the busy timeout while a
    run heartbeats: the beat is skipped with one log line (no traceback) and the run goes on
    and ends done."""
    if make_url(database).get_backend_name() != "sqlite":
        pytest.skip("SQLite's write lock")
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=database))
    environment = process_environment(
        database, tmp_path / "instance", JOB_STALE_SECONDS=str(BUSY_STALE)
    )
    log = tmp_path / "worker.log"
    release = tmp_path / "release"
    try:
        with app.app_context():
            event = create_open_event(db.session(), "plan")
            db.session.commit()
            job_id = start_job(event, None, "hold", {"until": str(release)}).id

        def job() -> Job:
            with app.app_context():
                found = db.session.get(Job, job_id)
                assert found is not None
                db.session.expunge(found)
                return found

        with worker_process(environment, log):
            wait_until(lambda: job().stage == "holding", "the run is under way")
            locker = sqlite3.connect(str(make_url(database).database), isolation_level=None)
            try:
                locker.execute("BEGIN IMMEDIATE")  # the write lock, as a run storing results
                wait_until(
                    lambda: (
                        f"heartbeat of job {job_id} skipped: the database is busy"
                        in log.read_text()
                    ),
                    "a heartbeat finds the database busy",
                )
            finally:
                locker.execute("ROLLBACK")
                locker.close()
            first = job().heartbeat_at
            wait_until(lambda: job().heartbeat_at != first, "the next beat is written")
            assert job().status == JobStatus.RUNNING
            release.touch()
            wait_until(lambda: job().status == JobStatus.DONE, "the run is done")
        text = log.read_text()
        assert "Traceback" not in text
        assert "database is locked" not in text
    finally:
        dispose(app)
