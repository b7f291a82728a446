"""Each co-organiser's own firms (issue 19): firms imported by an organisation's staff or
registering through its link are credited to it; the firms list, statistics and outcome
report narrow to one organisation's recruits; staff correct the credit. The real app, a
real database, the real registration form and import."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.io.tabular import read_csv_bytes
from matchmaker.models import (
    EventRole,
    Meeting,
    MeetingFeedback,
    Organisation,
    Participant,
    ScheduleStatus,
    ScheduleVersion,
    StaffUser,
)
from matchmaker.models.base import utcnow
from matchmaker.services.events import find_event
from matchmaker.services.firm_import import import_table
from matchmaker.services.organisations import (
    add_member,
    create_organisation,
    find_organisation,
    set_event_role,
)
from matchmaker.services.outcome import outcome_report
from matchmaker.services.recruiting import recruits_of
from matchmaker.services.staff import create_staff
from tests.conftest import app_with, csrf_token, staff_login
from tests.factories import create_open_event
from tests.web.test_registration import form_values

pytestmark = pytest.mark.own_organisations

PASSWORD = "a-long-password-1"
HOST, CHAMBER = "Unternehmerbüro Barleben", "ТПП Омской области"
HOST_STAFF, CHAMBER_STAFF = "clerk@barleben.example", "desk@omsk.example"


def _import(app: Flask, who: str, rows: str) -> None:
    """Import a profiles file as `who` through the import service."""
    with app.app_context():
        session = db.session()
        messe = find_event(session, "messe")
        user = session.scalars(select(StaffUser).where(StaffUser.email == who)).one()
        assert messe is not None
        data = ("id,name,email,offer\n" + rows).encode()
        import_table(session, messe, read_csv_bytes(data, name="firms.csv"), user, secrets=["k"])
        session.commit()


@pytest.fixture
def fair(tmp_path: Path, database: str) -> Iterator[Flask]:
    """Event "messe" of the Unternehmerbüro, co-organised by the Omsk chamber; each has
    imported two firms."""
    with app_with(tmp_path, database) as app:
        with app.app_context():
            session = db.session()
            messe = create_open_event(session, "messe")
            host = create_organisation(session, HOST)
            chamber = create_organisation(session, CHAMBER)
            set_event_role(session, messe, host, EventRole.OWNER)
            set_event_role(session, messe, chamber, EventRole.ORGANISER)
            add_member(session, host, create_staff(session, HOST_STAFF, PASSWORD))
            add_member(session, chamber, create_staff(session, CHAMBER_STAFF, PASSWORD))
            session.commit()
        _import(app, HOST_STAFF, "H1,Metallbau Barleben GmbH,a@h.example,Fräsen\n"
                                 "H2,Pflegedienst Börde,b@h.example,Pflege\n")  # fmt: skip
        _import(app, CHAMBER_STAFF, "O1,Сибирские Медтехнологии,c@o.example,Медтехника\n"
                                    "O2,Омский Металл,d@o.example,Металл\n")  # fmt: skip
        yield app


def _credits(app: Flask) -> dict[str, str]:
    """Firm name -> the name of the organisation credited with it."""
    with app.app_context():
        rows = db.session.execute(select(Participant.name, Participant.recruited_by_id)).all()
        names = {o: db.session.get_one(Organisation, o).name for _n, o in rows if o is not None}
        return {name: names.get(org, "") if org else "" for name, org in rows}


def _login(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert staff_login(client, email, PASSWORD) == 303
    return client


def _org_id(app: Flask, name: str) -> int:
    with app.app_context():
        return find_organisation(db.session(), name).id


def test_imports_and_registrations_are_credited_to_who_brought_the_firm(fair: Flask) -> None:
    web = fair.test_client()
    page = web.get("/e/messe/register?via=tpp-omskoi-oblasti").get_data(as_text=True)
    sent = web.post("/e/messe/register?via=tpp-omskoi-oblasti",
                    data=form_values(page, name="Омский Приборный Завод",
                                     email="e@o.example"))  # fmt: skip
    assert sent.status_code == 303
    page = web.get("/e/messe/register").get_data(as_text=True)
    web.post("/e/messe/register", data=form_values(page, name="Ohre Sensorik GmbH",
                                                   email="f@h.example"))  # fmt: skip
    page = web.get("/e/messe/register?via=nobody").get_data(as_text=True)
    web.post("/e/messe/register?via=nobody", data=form_values(page, name="Elbe Pflege GmbH",
                                                             email="g@h.example"))  # fmt: skip
    assert _credits(fair) == {
        "Metallbau Barleben GmbH": HOST, "Pflegedienst Börde": HOST,
        "Сибирские Медтехнологии": CHAMBER, "Омский Металл": CHAMBER,
        "Омский Приборный Завод": CHAMBER, "Ohre Sensorik GmbH": HOST,
        "Elbe Pflege GmbH": HOST,
    }  # fmt: skip
    _import(fair, HOST_STAFF, "O1,Сибирские Медтехнологии (neu),c@o.example,Медтехника\n")
    assert _credits(fair)["Сибирские Медтехнологии (neu)"] == CHAMBER  # an update keeps it


def test_lists_statistics_and_report_narrow_to_one_organisers_recruits(fair: Flask) -> None:
    with fair.app_context():
        session = db.session()
        messe = find_event(session, "messe")
        assert messe is not None
        firms = {p.external_id: p for p in messe.participants}
        version = ScheduleVersion(event_id=messe.id, number=1, status=ScheduleStatus.PUBLISHED,
                                  published_at=utcnow())  # fmt: skip
        session.add(version)
        session.flush()
        table = messe.tables[0].id
        for slot, (a, b) in enumerate([("H1", "O1"), ("H1", "H2"), ("O2", "H2")]):
            session.add(Meeting(event_id=messe.id, schedule_id=version.id, slot=slot + 1,
                                participant_a_id=firms[a].id, participant_b_id=firms[b].id,
                                table_id=table))  # fmt: skip
        session.add_all([
            MeetingFeedback(event_id=messe.id, participant_id=firms["H1"].id,
                            partner_id=firms["O1"].id, met=True, follow_up=True,
                            cooperation=True),
            MeetingFeedback(event_id=messe.id, participant_id=firms["H1"].id,
                            partner_id=firms["H2"].id, met=True, follow_up=False,
                            cooperation=False),
        ])  # fmt: skip
        session.commit()
        chamber = recruits_of(session, messe, find_organisation(session, CHAMBER).id)
        whole, theirs = outcome_report(session, messe), outcome_report(session, messe, chamber)
        assert (whole.meetings, whole.firms, whole.met, whole.cooperation) == (3, 4, 2, 1)
        assert (theirs.meetings, theirs.firms, theirs.met, theirs.cooperation) == (2, 2, 1, 1)
        assert theirs.firms_answered == 0  # only H1 answered: not a chamber firm
    by = _org_id(fair, CHAMBER)
    web = _login(fair, CHAMBER_STAFF)
    listed = web.get(f"/staff/e/messe/firms?by={by}").get_data(as_text=True)
    assert "Омский Металл" in listed
    assert "Metallbau Barleben GmbH" not in listed
    everyone = web.get("/staff/e/messe/firms").get_data(as_text=True)
    assert "Metallbau Barleben GmbH" in everyone
    assert HOST in everyone  # each firm's recruiter beside it
    stats = web.get(f"/staff/e/messe/stats?by={by}").get_data(as_text=True)
    assert re.search(r"\b2\b[^.]*ТПП Омской области", stats)  # "the 2 firms ... recruited"
    assert re.search(r"<p>2 [^<]*</p>", stats)  # the firms taking part: the chamber's two
    report = web.get(f"/staff/e/messe/report?by={by}")
    assert report.status_code == 200
    sheet = web.get(f"/staff/e/messe/report.xlsx?by={by}")
    assert sheet.status_code == 200


def test_staff_correct_who_recruited_a_firm(fair: Flask) -> None:
    web = _login(fair, HOST_STAFF)
    with fair.app_context():
        firm = db.session.scalars(select(Participant).where(Participant.external_id == "H2")).one()
    page = web.get(f"/staff/e/messe/firms/{firm.id}/edit").get_data(as_text=True)
    assert 'name="recruited_by"' in page
    token = csrf_token(page)
    url = f"/staff/e/messe/firms/{firm.id}/recruiter"
    chamber = str(_org_id(fair, CHAMBER))
    assert web.post(url, data={"csrf_token": token, "recruited_by": chamber}).status_code == 303
    assert _credits(fair)["Pflegedienst Börde"] == CHAMBER
    with fair.app_context():
        stranger = create_organisation(db.session(), "Wirtschaftsförderung Cottbus").id
        db.session.commit()
    refused = web.post(url, data={"csrf_token": token, "recruited_by": str(stranger)},
                       follow_redirects=True)  # fmt: skip
    assert refused.status_code == 200
    assert _credits(fair)["Pflegedienst Börde"] == CHAMBER
