"""The record of background runs (services/jobs.py), called directly on a real database: one
active run per event and kind, a run claimed by one worker only, its heartbeat and end, a
run whose worker died marked failed, and which workers are alive."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from matchmaker.core.messages import Explained, Message
from matchmaker.models import Job, JobStatus, StaffUser
from matchmaker.services.audit import audit_log
from matchmaker.services.jobs import (
    RUN_FAILED,
    WORKER_STOPPED,
    JobRefused,
    active_job,
    add_job,
    beat,
    claim,
    fail,
    failure,
    finish,
    queued_ids,
    reap_stale,
    worker_alive,
    worker_gone,
    worker_seen,
)
from matchmaker.services.staff import create_staff
from tests.factories import create_event

T0 = datetime(2027, 3, 1, 12, 0)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def staff(session: Session) -> StaffUser:
    return create_staff(session, "clerk@amt.example", "a-long-password-1")


def _status(session: Session, job: Job) -> JobStatus:
    session.refresh(job)  # the changes are conditional UPDATEs, not the ORM's
    return job.status


def test_one_active_run_per_event_and_kind(session: Session, staff: StaffUser) -> None:
    event, other = create_event(session), create_event(session, "other")
    job = add_job(session, event, staff, "match", {"top_k": 5})
    assert (job.status, job.staff_id, job.params) == (JobStatus.QUEUED, staff.id, {"top_k": 5})
    entry = audit_log(session, event)[0]
    assert (entry.action, entry.detail) == ("job.match", {"top_k": 5})
    with pytest.raises(JobRefused) as refused:
        add_job(session, event, staff, "match", {})
    assert refused.value.active is job
    assert add_job(session, event, staff, "schedule", {}).kind == "schedule"
    assert add_job(session, other, None, "match", {}).staff_id is None
    assert active_job(session, event.id, "match") is job
    assert fail(session, job.id, Message("stopped"), T0)
    assert active_job(session, event.id, "match") is None
    assert add_job(session, event, staff, "match", {}).id != job.id  # a new run may start


def test_a_run_is_claimed_once_beats_and_ends(session: Session, staff: StaffUser) -> None:
    job = add_job(session, create_event(session), staff, "match", {})
    assert not beat(session, job.id, T0, "reading", 0.1)  # not running yet
    assert claim(session, job.id, "host:1", T0)
    assert not claim(session, job.id, "host:2", T0)  # the other worker sees it taken
    assert beat(session, job.id, T0 + MINUTE, "x" * 300, 0.5)
    session.refresh(job)
    assert (job.status, job.worker, job.progress, len(job.stage)) == (
        JobStatus.RUNNING, "host:1", 0.5, 200,
    )  # fmt: skip
    assert job.heartbeat_at == T0 + MINUTE
    done = Message("%(num)d lists", {"num": 12})
    assert finish(session, job.id, done, {"lists": 12}, T0 + 2 * MINUTE)
    session.refresh(job)
    assert (job.status, job.message, job.message_values, job.result, job.progress) == (
        JobStatus.DONE, "%(num)d lists", {"num": 12}, {"lists": 12}, 1.0,
    )  # fmt: skip
    assert job.finished_at == T0 + 2 * MINUTE
    assert not beat(session, job.id, T0, "late", None)
    assert not finish(session, job.id, done, {}, T0)
    assert not fail(session, job.id, Message("late"), T0)  # a finished run stays done
    assert _status(session, job) is JobStatus.DONE


def test_a_run_whose_worker_died_is_marked_failed(session: Session, staff: StaffUser) -> None:
    event = create_event(session)
    dead = add_job(session, event, staff, "match", {})
    alive = add_job(session, event, staff, "schedule", {})
    waiting = add_job(session, event, staff, "tables", {})
    claim(session, dead.id, "host:1", T0)
    claim(session, alive.id, "host:2", T0)
    beat(session, alive.id, T0 + 9 * MINUTE, "solving", None)
    assert reap_stale(session, T0 + 10 * MINUTE, stale=2 * MINUTE) == 1
    session.refresh(dead)
    assert (dead.status, dead.message, dead.finished_at) == (
        JobStatus.FAILED, WORKER_STOPPED, T0 + 10 * MINUTE,
    )  # fmt: skip
    assert _status(session, alive) is JobStatus.RUNNING
    assert _status(session, waiting) is JobStatus.QUEUED  # a queued run has no worker yet


def test_the_queued_runs_oldest_first(session: Session, staff: StaffUser) -> None:
    event = create_event(session)
    first, second, third = (add_job(session, event, staff, k, {}) for k in ("a", "b", "c"))
    claim(session, second.id, "host:1", T0)
    assert queued_ids(session) == [first.id, third.id]


class _Refused(Explained):
    pass


@pytest.mark.parametrize(
    ("error", "template", "values"),
    [
        (_Refused("no tables for %(event)s", event="messe"), "no tables for %(event)s",
         {"event": "messe"}),
        (KeyError("slot"), RUN_FAILED, {"error": "KeyError: 'slot'"}),
        (RuntimeError("x" * 3000), RUN_FAILED, {"error": "RuntimeError: " + "x" * 1986}),
    ],
    ids=["explained", "other", "long"],
)  # fmt: skip
def test_why_a_run_failed(error: BaseException, template: str, values: dict[str, str]) -> None:
    why = failure(error)
    assert (why.template, dict(why.values)) == (template, values)


def test_which_workers_are_alive(session: Session) -> None:
    assert not worker_alive(session, T0, MINUTE)
    worker_seen(session, "host:1", T0)
    worker_seen(session, "host:1", T0 + 5 * MINUTE)  # the same row, seen again
    assert worker_alive(session, T0 + 5 * MINUTE + 30 * timedelta(seconds=1), MINUTE)
    assert not worker_alive(session, T0 + 7 * MINUTE, MINUTE)
    worker_seen(session, "host:2", T0 + 7 * MINUTE)
    worker_gone(session, "host:2")
    assert not worker_alive(session, T0 + 7 * MINUTE, MINUTE)
