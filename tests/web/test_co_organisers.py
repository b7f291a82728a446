"""Co-organised fairs (issue 19): the owner invites by e-mail (a real SMTP server receives
the mail), another organisation's staff accept for their organisation, someone new creates
their organisation with the link; roles changed and taken off; a link works once. The real
app on a real database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from matchmaker.extensions import db
from matchmaker.models import EventRole, StaffUser
from matchmaker.services.co_organisers import event_organisers
from matchmaker.services.events import find_event
from matchmaker.services.organisations import (
    add_member,
    create_organisation,
    event_role,
    find_organisation,
    set_event_role,
)
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, app_with, csrf_token, mail_settings, staff_login
from tests.factories import create_open_event

pytestmark = pytest.mark.own_organisations

PASSWORD = "a-long-password-1"
OWNER, GUEST = "clerk@barleben.example", "desk@omsk.example"
REPLY = "unternehmerbuero@barleben.example"


@pytest.fixture
def fair(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    """Event "messe" of the Unternehmerbüro; the Omsk chamber has an account, no role."""
    with app_with(tmp_path, database, **mail_settings(inbox)) as app:
        with app.app_context():
            session = db.session()
            messe = create_open_event(session, "messe")
            host = create_organisation(session, "Unternehmerbüro Barleben")
            host.sender_name, host.reply_to = "Unternehmerbüro der Gemeinde Barleben", REPLY
            chamber = create_organisation(session, "ТПП Омской области")
            set_event_role(session, messe, host, EventRole.OWNER)
            add_member(session, host, create_staff(session, OWNER, PASSWORD))
            add_member(session, chamber, create_staff(session, GUEST, PASSWORD))
            session.commit()
        yield app


def _login(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert staff_login(client, email, PASSWORD) == 303
    return client


def _token(client: FlaskClient, path: str) -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


def _invite(client: FlaskClient, email: str, role: str, locale: str = "de") -> str:
    """Invite through the organisers page; the page it leads to."""
    form = {"csrf_token": _token(client, "/staff/e/messe/organisers"), "email": email,
            "role": role, "locale": locale}  # fmt: skip
    answer = client.post("/staff/e/messe/organisers/invite", data=form, follow_redirects=True)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def _mailed(inbox: tuple[Inbox, int]) -> tuple[str, str, str]:
    """(to, subject, body) of the last mail received; it comes from the owning office."""
    mail = message_from_bytes(inbox[0].messages[-1], policy=policy.default)
    body = mail.get_body()
    assert body is not None
    assert str(mail["From"]) == "Unternehmerbüro der Gemeinde Barleben <boerse@test.example>"
    assert str(mail["Reply-To"]) == REPLY
    return str(mail["To"]), str(mail["Subject"]), str(body.get_content())


def _link(body: str) -> str:
    found = re.search(r"http://localhost(/staff/invitation/\S+)", body)
    assert found is not None, body
    return found.group(1)


def _role(app: Flask, organisation: str) -> EventRole | None:
    """The organisation's role on "messe", as stored."""
    with app.app_context():
        messe = find_event(db.session(), "messe")
        assert messe is not None
        roles = {o.organisation.name: o.role for o in event_organisers(db.session(), messe)}
        return roles.get(organisation)


def test_an_invited_organisation_accepts_and_sees_the_event(
    fair: Flask, inbox: tuple[Inbox, int]
) -> None:
    owner = _login(fair, OWNER)
    page = _invite(owner, "Desk@Omsk.example", "organiser", locale="ru")
    assert "desk@omsk.example" in page
    to, subject, body = _mailed(inbox)
    assert to == "desk@omsk.example"
    assert "Приглашение" in subject
    path = _link(body)
    guest = _login(fair, GUEST)
    assert guest.get("/staff/e/messe/").status_code == 404  # not theirs yet
    form = guest.get(path).get_data(as_text=True)
    assert "ТПП Омской области" in form
    accepted = guest.post(
        path, data={"csrf_token": csrf_token(form), "organisation": _org_id(fair)}
    )
    assert accepted.status_code == 303
    assert _role(fair, "ТПП Омской области") is EventRole.ORGANISER
    assert guest.get("/staff/e/messe/firms").status_code == 200
    assert guest.get(path).status_code == 404  # the link works once
    with fair.app_context():
        messe = find_event(db.session(), "messe")
        user = db.session.query(StaffUser).filter_by(email=GUEST).one()
        assert messe is not None
        assert event_role(db.session(), user, messe) is EventRole.ORGANISER


def _org_id(app: Flask) -> str:
    with app.app_context():
        return str(find_organisation(db.session(), "ТПП Омской области").id)


def test_someone_new_creates_their_organisation_with_the_link(
    fair: Flask, inbox: tuple[Inbox, int]
) -> None:
    owner = _login(fair, OWNER)
    _invite(owner, "kontakt@landkreis-boerde.example", "supporter")
    path = _link(_mailed(inbox)[2])
    newcomer = fair.test_client()
    page = newcomer.get(path).get_data(as_text=True)
    assert "kontakt@landkreis-boerde.example" in page
    short = newcomer.post(path, data={"csrf_token": csrf_token(page), "organisation": "",
                                      "name": "Anna", "password": "x", "repeat": "x"})  # fmt: skip
    assert short.status_code == 422
    joined = newcomer.post(path, data={
        "csrf_token": csrf_token(page), "organisation": "Landkreis Börde", "name": "Anna Weber",
        "password": PASSWORD, "repeat": PASSWORD})  # fmt: skip
    assert joined.status_code == 303
    assert joined.headers["Location"].endswith("/staff/e/messe/")
    assert _role(fair, "Landkreis Börde") is EventRole.SUPPORTER
    welcome = newcomer.get("/staff/e/messe/")
    assert welcome.status_code == 200  # signed in, and told what happened
    assert "Landkreis Börde" in welcome.get_data(as_text=True)
    assert newcomer.get("/staff/e/messe/settings").status_code == 200
    change = {"csrf_token": _token(newcomer, "/staff/e/messe/settings"), "name": "x"}
    assert newcomer.post("/staff/e/messe/settings", data=change).status_code == 403
    assert fair.test_client().get(path).status_code == 404


def test_the_owner_changes_roles_takes_co_organisers_off_and_withdraws(
    fair: Flask, inbox: tuple[Inbox, int]
) -> None:
    with fair.app_context():
        session = db.session()
        messe = find_event(session, "messe")
        assert messe is not None
        set_event_role(session, messe, find_organisation(session, "ТПП Омской области"),
                       EventRole.SUPPORTER)  # fmt: skip
        session.commit()
    owner = _login(fair, OWNER)
    org = _org_id(fair)
    token = _token(owner, "/staff/e/messe/organisers")
    answer = owner.post(f"/staff/e/messe/organisers/{org}/role",
                        data={"csrf_token": token, "role": "organiser"})  # fmt: skip
    assert answer.status_code == 303
    assert _role(fair, "ТПП Омской области") is EventRole.ORGANISER
    guest = _login(fair, GUEST)
    assert guest.post("/staff/e/messe/organisers/invite",
                      data={"csrf_token": _token(guest, "/staff/e/messe/organisers"),
                            "email": "x@y.example", "role": "organiser",
                            "locale": "de"}).status_code == 403  # fmt: skip
    owner.post(f"/staff/e/messe/organisers/{org}/remove", data={"csrf_token": token})
    assert _role(fair, "ТПП Омской области") is None
    assert guest.get("/staff/e/messe/").status_code == 404
    with fair.app_context():
        host = find_organisation(db.session(), "Unternehmerbüro Barleben").id
    kept = owner.post(f"/staff/e/messe/organisers/{host}/remove", data={"csrf_token": token},
                      follow_redirects=True)  # fmt: skip
    assert kept.status_code == 200
    assert _role(fair, "Unternehmerbüro Barleben") is EventRole.OWNER
    _invite(owner, "someone@else.example", "organiser")
    path = _link(_mailed(inbox)[2])
    page = owner.get("/staff/e/messe/organisers").get_data(as_text=True)
    withdraw = re.search(r'action="(/staff/e/messe/invitations/\d+/withdraw)"', page)
    assert withdraw is not None
    owner.post(withdraw.group(1), data={"csrf_token": token})
    assert fair.test_client().get(path).status_code == 404


def test_without_mail_the_owner_is_given_the_link(tmp_path: Path, database: str) -> None:
    with app_with(tmp_path, database) as app:
        with app.app_context():
            session = db.session()
            messe = create_open_event(session, "messe")
            host = create_organisation(session, "Unternehmerbüro Barleben")
            set_event_role(session, messe, host, EventRole.OWNER)
            add_member(session, host, create_staff(session, OWNER, PASSWORD))
            session.commit()
        page = _invite(_login(app, OWNER), "desk@omsk.example", "organiser")
        found = re.search(r"http://localhost(/staff/invitation/[\w-]+)", page)
        assert found is not None
        assert app.test_client().get(found.group(1)).status_code == 200


def test_staff_in_no_organisation_make_no_event(tmp_path: Path, database: str) -> None:
    """An account that belongs to no organisation may not make an event (it would belong to
    nobody); one of an organisation makes it for its organisation, which owns it."""
    with app_with(tmp_path, database) as app:
        with app.app_context():
            session = db.session()
            create_staff(session, "lonely@amt.example", PASSWORD)
            host = create_organisation(session, "Unternehmerbüro Barleben")
            add_member(session, host, create_staff(session, OWNER, PASSWORD))
            session.commit()
        assert _login(app, "lonely@amt.example").get("/staff/admin/events/new").status_code == 403
        owner = _login(app, OWNER)
        page = owner.get("/staff/admin/events/new").get_data(as_text=True)
        assert "Unternehmerbüro Barleben" in page
