"""Personal data deleted on request (by the firm or by staff) and after the retention
period: the real app, database and command."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import MeetingRequest, Participant, ParticipantStatus, RequestStatus
from matchmaker.services.staff import create_staff
from tests.conftest import create_open_event, create_participant, csrf_token, staff_login


@pytest.fixture
def firms(app: Flask) -> dict[str, tuple[int, str]]:
    with app.app_context():
        event = create_open_event(db.session(), "daten")
        made = {
            k: create_participant(
                db.session(),
                event,
                k,
                name=f"Firma {k}",
                contact_person=f"Frau {k}",
                email=f"{k}@x.example",
                phone="+49 1",
            )
            for k in "AB"
        }
        db.session.add(MeetingRequest(event_id=event.id, from_participant_id=made["A"].id,
                                      to_participant_id=made["B"].id, message="Ruf mich an: 0171",
                                      status=RequestStatus.PENDING))  # fmt: skip
        db.session.commit()
        return {k: (p.id, p.access_token) for k, p in made.items()}


def row(app: Flask, firm_id: int) -> Participant:
    with app.app_context():
        found = db.session.get(Participant, firm_id)
        assert found is not None
        db.session.expunge(found)
        return found


def test_a_firm_deletes_its_personal_data(app: Flask, firms: dict[str, tuple[int, str]]) -> None:
    firm_id, token = firms["A"]
    web = app.test_client()
    page = web.get(f"/p/{token}/profile").get_data(as_text=True)
    unconfirmed = web.post(f"/p/{token}/erase", data={"csrf_token": csrf_token(page)})
    assert unconfirmed.status_code == 303
    assert row(app, firm_id).email == "A@x.example"  # not without the tick
    done = web.post(f"/p/{token}/erase", data={"csrf_token": csrf_token(page), "confirm": "1"})
    assert done.status_code == 303
    erased = row(app, firm_id)
    assert (erased.contact_person, erased.email, erased.phone) == ("", "", "")
    assert erased.status == ParticipantStatus.WITHDRAWN
    assert erased.name == "Firma A"
    assert web.get(f"/p/{token}/").status_code == 404  # the link opens nothing any more
    with app.app_context():
        assert [r.message for r in db.session.scalars(select(MeetingRequest))] == [""]


def test_staff_delete_a_firms_personal_data(app: Flask, firms: dict[str, tuple[int, str]]) -> None:
    with app.app_context():
        create_staff(db.session(), "s@amt.example", "s-password-123")
        db.session.commit()
    web = app.test_client()
    staff_login(web, "s@amt.example", "s-password-123")
    firm_id = firms["B"][0]
    page = web.get(f"/staff/e/daten/firms/{firm_id}/edit").get_data(as_text=True)
    response = web.post(
        f"/staff/e/daten/firms/{firm_id}/erase", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 303
    assert row(app, firm_id).email == ""
    assert row(app, firms["A"][0]).email == "A@x.example"


def test_retention_purges_past_events_only(
    app: Flask, runner: FlaskCliRunner, firms: dict[str, tuple[int, str]]
) -> None:
    with app.app_context():
        old = create_open_event(db.session(), "alt", date=date.today() - timedelta(days=400))
        old_firm = create_participant(db.session(), old, "O", email="o@x.example")
        old_id = old_firm.id
        db.session.commit()
    result = runner.invoke(args=["purge-personal-data", "--days", "365"])
    assert result.exit_code == 0, result.output
    assert "Deleted the personal data of 1 firms" in result.output
    assert row(app, old_id).email == ""
    assert row(app, firms["A"][0]).email == "A@x.example"  # a future fair keeps its data
