"""Before publishing (issue 16, from the newcomer walk): the default run on a fair whose
requests nobody has answered yet gives an empty timetable; its page says why and what to do
next, and publishing it (or a version that places fewer meetings than the wishes allow)
warns and needs an explicit confirmation. The real app, the real background run and
scheduler, a real database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker import create_app
from matchmaker.core.scheduling.types import Placement
from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs
from matchmaker.models import (
    Event,
    Job,
    JobStatus,
    MeetingRequest,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
)
from matchmaker.services.schedules import event_problem
from matchmaker.services.staff import create_staff
from matchmaker.services.versions import store_version
from tests.conftest import csrf_token, dispose, make_config, staff_login
from tests.factories import create_open_event, create_participant

LOGIN = ("plan@amt.example", "plan-password-1")


@dataclass(frozen=True)
class Console:
    app: Flask
    web: FlaskClient
    ids: dict[str, int]


@pytest.fixture
def console(tmp_path: Path, database: str) -> Iterator[Console]:
    """Four firms; A asked B and C, nobody has answered yet."""
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=database))
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "plan")
        firms = {k: create_participant(session, event, k, name=f"Firma {k}") for k in "ABCD"}
        for b in "BC":
            session.add(
                MeetingRequest(
                    event_id=event.id,
                    from_participant_id=firms["A"].id,
                    to_participant_id=firms[b].id,
                )
            )
        session.commit()
        ids = {k: f.id for k, f in firms.items()}
    web = app.test_client()
    assert staff_login(web, *LOGIN) == 303
    yield Console(app, web, ids)
    dispose(app)


def token(c: Console) -> str:
    return csrf_token(c.web.get("/staff/e/plan/timetable").get_data(as_text=True))


def status(c: Console, number: int) -> ScheduleStatus:
    with c.app.app_context():
        return db.session.scalars(
            select(ScheduleVersion.status).where(ScheduleVersion.number == number)
        ).one()


def test_the_default_run_gives_an_empty_plan_that_says_why_and_is_not_published_unasked(
    console: Console,
) -> None:
    response = console.web.post(
        "/staff/e/plan/jobs/schedule", data={"csrf_token": token(console), "time_limit": "5"}
    )
    assert response.status_code == 303
    assert run_queued_jobs(console.app) == 1
    with console.app.app_context():
        job = db.session.scalars(select(Job)).one()
        assert job.status == JobStatus.DONE, job.message
        number = int(job.result["version"])
    page = console.web.get(f"/staff/e/plan/timetable/{number}").get_data(as_text=True)
    assert "Warum dieser Zeitplan leer ist" in page
    assert "Noch ist keine Gesprächsanfrage angenommen (2 warten auf eine Antwort)" in page
    assert "Als Nächstes: Erinnern Sie die Unternehmen an ihre offenen Anfragen" in page
    assert "Als Nächstes: Berechnen Sie Empfehlungen" in page
    assert "Diese Fassung enthält kein einziges Gespräch" in page
    assert 'name="confirm" value="1" required' in page
    refused = console.web.post(
        f"/staff/e/plan/timetable/{number}/publish", data={"csrf_token": token(console)}
    )
    assert refused.status_code == 409
    assert "Bitte lesen Sie die Hinweise und bestätigen Sie" in refused.get_data(as_text=True)
    assert status(console, number) == ScheduleStatus.DRAFT
    confirmed = console.web.post(
        f"/staff/e/plan/timetable/{number}/publish",
        data={"csrf_token": token(console), "confirm": "1"},
    )
    assert confirmed.status_code == 303
    assert status(console, number) == ScheduleStatus.PUBLISHED


def test_fewer_meetings_than_the_wishes_allow_need_a_confirmation(console: Console) -> None:
    with console.app.app_context():
        session = db.session()
        for request in session.scalars(select(MeetingRequest)):
            request.status = RequestStatus.ACCEPTED
        event = session.scalars(select(Event)).one()
        built = event_problem(session, event)
        a_b = next(w for w in built.problem.wishes if str(console.ids["B"]) in w.pair)
        store_version(session, event, built, [Placement(a_b.a, a_b.b, 1, 1)])
        session.commit()
    page = console.web.get("/staff/e/plan/timetable/1").get_data(as_text=True)
    assert "Diese Fassung erfüllt 1 von 2 Wünschen; bis zu 2 wären möglich." in page
    assert "Warum dieser Zeitplan leer ist" not in page
    assert "Firma A – Firma B" in page  # what changes, meeting by meeting
    assert "<td>neu</td>" in page
    publish = "/staff/e/plan/timetable/1/publish"
    refused = console.web.post(publish, data={"csrf_token": token(console)})
    assert refused.status_code == 409
    assert status(console, 1) == ScheduleStatus.DRAFT
    console.web.post(publish, data={"csrf_token": token(console), "confirm": "1"})
    assert status(console, 1) == ScheduleStatus.PUBLISHED
