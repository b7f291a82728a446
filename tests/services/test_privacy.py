"""Personal data deleted on request (by the firm or by staff) and after the retention
period, with every copy, and not brought back by the next import: the real app, database,
command and staff import pages."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEntry,
    ErasedFirm,
    LoginFailure,
    MeetingFeedback,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Recommendation,
    RequestStatus,
)
from matchmaker.models.base import utcnow
from matchmaker.services.audit import record
from matchmaker.services.recommendations import compute_recommendations
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant, link_token

STAFF = ("s@amt.example", "s-password-123")


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
                offer="Sterilgutaufbereitung" if k == "A" else "Krankenhausbedarf",
                request="Krankenhausbedarf" if k == "A" else "Sterilgutaufbereitung",
                description=f"Fragen Sie Frau {k} direkt",
                website=f"https://frau-{k.lower()}.example",
                languages=["de"],
            )
            for k in "AB"
        }
        db.session.add(MeetingRequest(event_id=event.id, from_participant_id=made["A"].id,
                                      to_participant_id=made["B"].id, message="Ruf mich an: 0171",
                                      status=RequestStatus.PENDING))  # fmt: skip
        db.session.commit()
        return {k: (p.id, link_token(p)) for k, p in made.items()}


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
    assert (erased.description, erased.website) == ("", "")
    assert erased.status == ParticipantStatus.WITHDRAWN
    assert erased.name == "Firma A"
    assert web.get(f"/p/{token}/").status_code == 404  # the link opens nothing any more
    with app.app_context():
        assert [r.message for r in db.session.scalars(select(MeetingRequest))] == [""]
        (tombstone,) = db.session.scalars(select(ErasedFirm)).all()
        kept = " ".join(str(v) for v in (tombstone.id_key, tombstone.email_key))
        assert "A@x.example".casefold() not in kept.casefold()  # keyed hashes only
        assert len(tombstone.email_key or "") == 64


def test_staff_delete_a_firms_personal_data(app: Flask, firms: dict[str, tuple[int, str]]) -> None:
    with app.app_context():
        create_staff(db.session(), *STAFF)
        db.session.commit()
    web = app.test_client()
    staff_login(web, *STAFF)
    firm_id = firms["B"][0]
    page = web.get(f"/staff/e/daten/firms/{firm_id}/edit").get_data(as_text=True)
    response = web.post(
        f"/staff/e/daten/firms/{firm_id}/erase", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 303
    assert row(app, firm_id).email == ""
    assert row(app, firms["A"][0]).email == "A@x.example"


def test_erasure_removes_every_copy(app: Flask, firms: dict[str, tuple[int, str]]) -> None:
    """Before: description, website, the audit log, recommendations' reasons, feedback about
    the firm and kept uploads all still held its data after the erasure."""
    a, b = firms["A"][0], firms["B"][0]
    with app.app_context():
        session = db.session()
        event = session.get_one(Participant, a).event
        compute_recommendations(session, event, readings=None)
        session.add(MeetingFeedback(event_id=event.id, participant_id=b, partner_id=a,
                                    met=True, comment="Frau A hat zurückgerufen"))  # fmt: skip
        record(session, None, "firm.note", event=event, subject="Anruf von Frau A",
               detail={"mail": "a@X.example", "count": 2})  # fmt: skip
        session.commit()
        assert session.scalars(select(Recommendation)).all()  # A and B recommended each other
    uploads = Path(app.instance_path) / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "abc.csv").write_text("id;email\nA;A@x.example\n", encoding="utf-8")
    web = app.test_client()
    token = firms["A"][1]
    page = web.get(f"/p/{token}/profile").get_data(as_text=True)
    web.post(f"/p/{token}/erase", data={"csrf_token": csrf_token(page), "confirm": "1"})
    with app.app_context():
        session = db.session()
        assert session.scalars(select(Recommendation)).all() == []
        assert [f.comment for f in session.scalars(select(MeetingFeedback))] == [""]
        assert [f.met for f in session.scalars(select(MeetingFeedback))] == [True]  # counts stay
        log = " ".join(
            f"{e.subject} {json.dumps(e.detail)}" for e in session.scalars(select(AuditEntry))
        )
        assert "Frau A" not in log
        assert "a@x.example" not in log.casefold()
        assert "Anruf von [erased]" in log
        assert '"count": 2' in log
    assert list(uploads.iterdir()) == []
    assert row(app, b).description == "Fragen Sie Frau B direkt"  # the other firm keeps its own


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


def test_retention_purge_covers_firms_with_empty_contact_fields(
    app: Flask, runner: FlaskCliRunner
) -> None:
    """Before: a firm without contact person, e-mail and phone was skipped, its description
    and website kept for ever."""
    with app.app_context():
        old = create_open_event(db.session(), "alt", date=date.today() - timedelta(days=400))
        quiet = create_participant(db.session(), old, "Q", description="Ruf Herrn Q an: 0171",
                                   website="https://herr-q.example")  # fmt: skip
        quiet_id = quiet.id
        db.session.add(LoginFailure(address="198.51.100.7", at=utcnow() - timedelta(days=3)))
        db.session.add(LoginFailure(address="198.51.100.8", at=utcnow()))
        db.session.commit()
    result = runner.invoke(args=["purge-personal-data", "--days", "365"])
    assert "Deleted the personal data of 1 firms" in result.output
    purged = row(app, quiet_id)
    assert (purged.description, purged.website) == ("", "")
    assert purged.erased_at is not None
    with app.app_context():  # an old refused login's address goes, a recent one still counts
        assert list(db.session.scalars(select(LoginFailure.address))) == ["198.51.100.8"]
    again = runner.invoke(args=["purge-personal-data", "--days", "365"])
    assert "Deleted the personal data of 0 firms" in again.output


# ---- a later import does not bring an erased firm back ---------------------------------------

MASTER = "id;name;email;phone\nA;Firma A;A@x.example;+49 1\nB;Firma B;B@x.example;+49 2\n"


def staff_web(app: Flask) -> FlaskClient:
    with app.app_context():
        create_staff(db.session(), *STAFF)
        db.session.commit()
    web = app.test_client()
    staff_login(web, *STAFF)
    return web


def upload(web: FlaskClient, text: str) -> str:
    page = web.get("/staff/e/daten/import").get_data(as_text=True)
    response = web.post(
        "/staff/e/daten/import",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(text.encode()), "master.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def confirm(web: FlaskClient, page: str, **extra: list[str] | str) -> tuple[int, str]:
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    data: dict[str, list[str] | str] = {"csrf_token": csrf_token(page), "token": token.group(1)}
    for index, chosen in re.findall(
        r'name="map-(\d+)">.*?(?:<option value="([a-z_]*)" selected>|</select>)', page, re.S
    ):
        data[f"map-{index}"] = chosen
    data["erased"] = re.findall(r'name="erased" value="([^"]+)"', page)
    data.update(extra)
    response = web.post("/staff/e/daten/import/confirm", data=data, follow_redirects=True)
    return response.status_code, response.get_data(as_text=True)


def contacts(app: Flask) -> dict[str, tuple[str, str, ParticipantStatus]]:
    with app.app_context():
        return {
            p.name: (p.email, p.phone, p.status)
            for p in db.session.scalars(select(Participant).order_by(Participant.id))
        }


def test_reimport_leaves_an_erased_firm_out_unless_staff_bring_it_back(
    app: Flask, firms: dict[str, tuple[int, str]]
) -> None:
    """Before: importing the master spreadsheet again wrote the erased contact data back."""
    token = firms["A"][1]
    client = app.test_client()
    page = client.get(f"/p/{token}/profile").get_data(as_text=True)
    client.post(f"/p/{token}/erase", data={"csrf_token": csrf_token(page), "confirm": "1"})
    web = staff_web(app)
    preview = upload(web, MASTER)
    assert "Firma A zurückholen (Zeile 2, id A)" in preview
    assert 'name="bring_back" value="B"' not in preview
    status, page = confirm(web, preview)
    assert status == 200
    assert "1 Zeile eines Unternehmens, dessen Daten gelöscht wurden, wurde ausgelassen." in page
    found = contacts(app)
    assert found["Firma A"][:2] == ("", "")  # still erased
    assert found["Firma B"][1] == "+49 2"  # the others are updated
    assert len(found) == 2

    status, page = confirm(web, upload(web, MASTER), bring_back=["A"])  # staff confirm by name
    assert status == 200
    back = [(n, c) for n, c in contacts(app).items() if c[0] == "A@x.example"]
    assert back == [("Firma A", ("A@x.example", "+49 1", ParticipantStatus.APPROVED))]
    with app.app_context():
        assert db.session.scalars(select(ErasedFirm)).all() == []  # asked once, decided
    assert upload(web, MASTER).count('name="bring_back"') == 0


def test_an_erased_address_is_recognised_in_another_event_and_under_another_id(
    app: Flask, firms: dict[str, tuple[int, str]]
) -> None:
    web = staff_web(app)
    page = web.get(f"/staff/e/daten/firms/{firms['A'][0]}/edit").get_data(as_text=True)
    web.post(f"/staff/e/daten/firms/{firms['A'][0]}/erase", data={"csrf_token": csrf_token(page)})
    renamed = "id;name;email\nNEU-7;Firma A Neu;a@X.example \n"
    preview = upload(web, renamed)
    assert 'name="bring_back" value="NEU-7"' in preview
    # the mapping changed so that the erased rows were not shown: nothing is imported
    status, page = confirm(web, preview, erased=[])
    assert status == 422
    assert 'name="bring_back" value="NEU-7"' in page
    assert "Firma A Neu" not in contacts(app)


# ---- a partial import keeps what the firms entered ------------------------------------------


def test_partial_reimport_updates_only_the_columns_and_cells_it_has(
    app: Flask, firms: dict[str, tuple[int, str]]
) -> None:
    """Before: a file with fewer columns, or an empty cell, wiped the firm's own data."""
    web = staff_web(app)
    status, _ = confirm(web, upload(web, "id;name;offer;phone\nA;Firma A GmbH;;\n"))
    assert status == 200
    firm = row(app, firms["A"][0])
    assert firm.name == "Firma A GmbH"
    assert firm.offer == "Sterilgutaufbereitung"  # empty cell: kept
    assert firm.phone == "+49 1"  # empty cell: kept
    assert (firm.email, firm.description) == ("A@x.example", "Fragen Sie Frau A direkt")
    assert firm.languages == ["de"]  # no such column: kept


def test_a_stay_ending_before_its_kept_start_is_refused(
    app: Flask, firms: dict[str, tuple[int, str]]
) -> None:
    with app.app_context():
        db.session.get_one(Participant, firms["A"][0]).available_from = __import__("datetime").time(
            12, 0
        )
        db.session.commit()
    web = staff_web(app)
    status, page = confirm(web, upload(web, "id;available_to;phone\nA;11:00;+49 9\n"))
    assert status == 422
    assert "available_to" in page
    assert row(app, firms["A"][0]).phone == "+49 1"  # nothing written
