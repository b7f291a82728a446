"""The delegation's week in the staff console (issue 21): the week page, items and members
added (and refused with the reason beside the field), hosts approved, a day of visits
planned through the worker's code path, changed by hand, published and printed. Real app,
database, planner and job queue."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs
from matchmaker.models import (
    DelegationMember,
    Job,
    JobStatus,
    ParticipantStatus,
    ProgrammeItem,
    VisitHost,
    VisitPlanState,
    VisitPlanVersion,
)
from matchmaker.services import programme
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.visit_week import build_week

LOGIN = ("woche@amt.example", "woche-password-1")
SLUG = "omsk-week"
WEEK = f"/staff/e/{SLUG}/week"


@dataclass
class Console:
    app: Flask
    web: FlaskClient
    monday: int
    members: list[int]
    hosts: list[int]


@pytest.fixture
def console(app: Flask) -> Console:
    with app.app_context():
        session = db.session()
        week = build_week(session)
        create_staff(session, *LOGIN)
        session.commit()
        ids = (week.monday.id, [m.id for m in week.members], [h.id for h in week.hosts])
    web = app.test_client()
    assert staff_login(web, *LOGIN) == 303
    return Console(app, web, *ids)


def _token(c: Console, url: str = WEEK) -> str:
    return csrf_token(c.web.get(url).get_data(as_text=True))


def _plan(c: Console) -> int:
    day = f"{WEEK}/visits/{c.monday}"
    response = c.web.post(f"{day}/plan", data={"csrf_token": _token(c, day), "time_limit": "2"})
    assert response.status_code == 303
    assert run_queued_jobs(c.app) == 1
    with c.app.app_context():
        job = db.session.scalars(select(Job)).one()
        assert job.status is JobStatus.DONE, job.message
        return int(job.result["version"])


def test_the_week_page_shows_days_members_and_hosts(console: Console) -> None:
    page = console.web.get(WEEK).get_data(as_text=True)
    shown = ("Firmenbesuche im Landkreis Börde", "Kooperationsbörse", "Ausflug nach Wernigerode")
    for text in (*shown, "Iwan Petrow", "Rohrwerk Haldensleben"):
        assert text in page


def test_an_item_with_a_lunch_outside_the_day_is_refused_beside_the_field(
    console: Console,
) -> None:
    data = {
        "csrf_token": _token(console), "day": "2027-04-22", "kind": "visits", "title": "Magdeburg",
        "start": "09:00", "end": "12:00", "groups": "1", "lunch_minutes": "60",
        "lunch_from": "12:30", "lunch_to": "14:00", "speed_kmh": "50", "detour": "1.3",
    }  # fmt: skip
    refused = console.web.post(f"{WEEK}/items", data=data)
    assert refused.status_code == 422
    assert "does not fit" in refused.get_data(as_text=True) or "passt" in refused.get_data(
        as_text=True
    )
    data["end"] = "17:00"
    assert console.web.post(f"{WEEK}/items", data=data).status_code == 303
    with console.app.app_context():
        titles = db.session.scalars(select(ProgrammeItem.title)).all()
    assert "Magdeburg" in titles


def test_a_member_is_added_with_their_firm(console: Console) -> None:
    data = {"csrf_token": _token(console), "name": "Olga Smirnowa", "firm": "0",
            "languages": "ru, DE", "locale": "ru"}  # fmt: skip
    assert console.web.post(f"{WEEK}/members", data=data).status_code == 303
    with console.app.app_context():
        olga = db.session.scalars(
            select(DelegationMember).where(DelegationMember.name == "Olga Smirnowa")
        ).one()
        assert olga.languages == ["ru", "de"]
        assert olga.participant_id is None
    data["name"] = ""
    assert console.web.post(f"{WEEK}/members", data=data).status_code == 422


def test_a_host_is_rejected_and_left_out_of_the_day(console: Console) -> None:
    host = console.hosts[4]
    url = f"{WEEK}/hosts/{host}/reject"
    assert console.web.post(url, data={"csrf_token": _token(console)}).status_code == 303
    with console.app.app_context():
        assert db.session.get(VisitHost, host).status is ParticipantStatus.REJECTED  # type: ignore[union-attr]
    day = console.web.get(f"{WEEK}/visits/{console.monday}").get_data(as_text=True)
    assert "einen Besuch empfangen können: 4" in day


def test_a_day_is_planned_changed_published_and_printed(console: Console) -> None:
    number = _plan(console)
    day = f"{WEEK}/visits/{console.monday}"
    page = console.web.get(f"{day}/{number}").get_data(as_text=True)
    assert "Iwan Petrow" in page
    moved = console.web.post(
        f"{day}/{number}/change",
        data={"csrf_token": _token(console, day), "kind": "move", "member": str(console.members[0]),
              "group": "2"},
    )  # fmt: skip
    assert moved.status_code == 303
    assert moved.location.endswith(f"/{number + 1}")
    published = console.web.post(
        f"{day}/{number + 1}/publish", data={"csrf_token": _token(console, day)}
    )
    assert published.status_code == 303
    with console.app.app_context():
        states = dict(
            db.session.execute(select(VisitPlanVersion.number, VisitPlanVersion.state)).all()
        )
    assert states == {number: VisitPlanState.DRAFT, number + 1: VisitPlanState.PUBLISHED}
    paper = console.web.get(f"{day}/{number + 1}/print")
    assert paper.status_code == 200
    assert "Iwan Petrow" in paper.get_data(as_text=True)


def test_a_day_of_visits_of_another_event_or_kind_is_404(console: Console) -> None:
    with console.app.app_context():
        fair = db.session.scalars(select(ProgrammeItem).where(ProgrammeItem.kind == "fair")).one()
        fair_id = fair.id
    assert console.web.get(f"{WEEK}/visits/{fair_id}").status_code == 404
    assert console.web.get(f"{WEEK}/visits/999999").status_code == 404
    assert console.web.get(f"{WEEK}/visits/{console.monday}/7").status_code == 404


def test_a_stranger_is_sent_to_the_login(app: Flask, console: Console) -> None:
    stranger = app.test_client()
    assert stranger.get(WEEK).status_code == 302
    assert stranger.post(f"{WEEK}/members", data={"name": "X"}).status_code in (302, 400)


def test_a_cancelled_host_is_planned_out_of_the_rest_of_the_day(console: Console) -> None:
    number = _plan(console)
    day = f"{WEEK}/visits/{console.monday}"
    with console.app.app_context():
        version = db.session.scalars(select(VisitPlanVersion)).one()
        first = version.plan["groups"][0]["visits"][-1][0]  # the first group's last host
    response = console.web.post(
        f"{day}/{number}/day-change",
        data={"csrf_token": _token(console, day), "now": "08:00", "cancelled": first,
              "late_group": "", "late_minutes": "0"},
    )  # fmt: skip
    assert response.status_code == 303
    page = console.web.get(response.location).get_data(as_text=True)
    assert "Änderungen am Tag" in page
    assert "Gastgeber hat abgesagt" in page or "abgesagt" in page
    with console.app.app_context():
        new = db.session.scalars(
            select(VisitPlanVersion).where(VisitPlanVersion.number == number + 1)
        ).one()
        assert new.origin == "day"
        visited = {v[0] for g in new.plan["groups"] for v in g["visits"]}
    assert first not in visited


def test_travel_minutes_are_downloaded_corrected_and_uploaded(console: Console) -> None:
    day = f"{WEEK}/visits/{console.monday}"
    table = console.web.get(f"{day}/travel.csv").get_data(as_text=True)
    lines = table.strip().splitlines()
    assert lines[0].split(",")[1] == "hotel"
    assert len(lines) == 7  # the header, the hotel and five hosts
    wrong = table.replace(lines[1], lines[1].rsplit(",", 1)[0] + ",eine Stunde", 1)
    refused = console.web.post(
        f"{day}/travel",
        data={
            "csrf_token": _token(console, day),
            "file": (io.BytesIO(wrong.encode()), "reise.csv"),
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 303
    shown = console.web.get(day).get_data(as_text=True)
    assert "reise.csv, Zeile 2, Spalte „Rohrwerk Haldensleben“" in shown
    assert "eine Stunde" in shown
    with console.app.app_context():
        assert db.session.get(ProgrammeItem, console.monday).travel is None  # type: ignore[union-attr]
    corrected = "\n".join(
        ",".join([cells[0], *("0" if c == "0" else "30" for c in cells[1:])])
        for cells in (line.split(",") for line in lines[1:])
    )
    saved = console.web.post(
        f"{day}/travel",
        data={"csrf_token": _token(console, day),
              "file": (io.BytesIO(f"{lines[0]}\n{corrected}\n".encode()), "reise.csv")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert saved.status_code == 303
    again = console.web.get(f"{day}/travel.csv").get_data(as_text=True).strip().splitlines()
    assert again[1].split(",")[2:] == ["30"] * 5


def test_an_item_is_changed_and_its_attendance_ticked(console: Console) -> None:
    with console.app.app_context():
        excursion = db.session.scalars(
            select(ProgrammeItem).where(ProgrammeItem.title == "Ausflug nach Wernigerode")
        ).one()
        item_id = excursion.id
    url = f"{WEEK}/items/{item_id}"
    page = console.web.get(url).get_data(as_text=True)
    assert 'value="Ausflug nach Wernigerode"' in page
    data = {"csrf_token": csrf_token(page), "day": "2027-04-21", "kind": "fixed",
            "title": "Ausflug in den Harz", "place": "Wernigerode", "start": "09:00",
            "end": "08:00", "groups": "1", "speed_kmh": "50", "detour": "1.3"}  # fmt: skip
    assert console.web.post(url, data=data).status_code == 422  # ends before it starts
    data["end"] = "18:00"
    assert console.web.post(url, data=data).status_code == 303
    ticks = {"csrf_token": csrf_token(page), "attends": [str(m) for m in console.members[1:]]}
    assert console.web.post(f"{url}/attendance", data=ticks).status_code == 303
    with console.app.app_context():
        item = db.session.get(ProgrammeItem, item_id)
        assert item is not None
        assert item.title == "Ausflug in den Harz"
        assert programme.absent_ids(db.session(), item) == {console.members[0]}


def test_staff_add_a_host_and_give_one_its_coordinates(console: Console) -> None:
    new = f"{WEEK}/hosts/new"
    page = console.web.get(new).get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "name": "Zuckerfabrik Klein Wanzleben",
            "offer": "Zuckerrüben, Verarbeitung", "address": "Am Bahnhof 1, Wanzleben",
            "capacity": "20", "duration_minutes": "60", "contact_person": "Jana Roth",
            "email": "roth@zucker.example", "locale": "de", "days-0-hosts": "y",
            "days-0-start": "", "days-0-end": "", "lat": "52.06", "languages": ["de"]}  # fmt: skip
    refused = console.web.post(new, data=data)
    assert refused.status_code == 422  # a latitude without a longitude
    data["lon"] = "11.44"
    assert console.web.post(new, data=data).status_code == 303
    with console.app.app_context():
        added = db.session.scalars(
            select(VisitHost).where(VisitHost.name == "Zuckerfabrik Klein Wanzleben")
        ).one()
        assert added.status is ParticipantStatus.APPROVED
        assert (added.lat, added.lon) == (52.06, 11.44)
    url = f"{WEEK}/hosts/{console.hosts[0]}"
    shown = console.web.get(url).get_data(as_text=True)
    assert 'value="Rohrwerk Haldensleben"' in shown
    assert console.web.get(f"{WEEK}/hosts/99999").status_code == 404
