"""The mails of a fair come from its organisers (issue 19): every mail to a firm (the
registration's link and confirmation request, sent in the request; the invitations of the
outbox, sent by the worker) carries the owning organisation's sender name before the
installation's own address (MAIL_SENDER, which SPF and DKIM vouch for) and its reply-to
address, else its contact address, as Reply-To. An organisation that gave neither leaves the
installation's From and no Reply-To; the mails to staff are the installation's whatever the
organisation. The real app, database, worker code path and SMTP server (`inbox`); the mails
are read as a mail program reads them, and their raw headers checked for encoding."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs
from matchmaker.models import Organisation, StaffRole
from matchmaker.services.events import find_event
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, app_with, csrf_token, mail_settings, staff_login
from tests.factories import create_participant
from tests.web.test_registration import form_values

INSTALLATION = "boerse@test.example"  # MAIL_SENDER of `mail_settings`
ADMIN = ("admin@amt.example", "admin-password-1")


@pytest.fixture
def mail_app(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    """Event "open" (owned by the tests' organisation, Testamt), taking registrations, with an
    imported firm to invite; an administrator; mail to the test's SMTP server."""
    with app_with(tmp_path, database, {}, **mail_settings(inbox)) as app:
        with app.app_context():
            session = db.session()
            event = find_event(session, "open")
            assert event is not None
            create_participant(
                session, event, "D1", name="Börde Präzision GmbH", email="de@praezision.example"
            )
            create_staff(session, *ADMIN, role=StaffRole.ADMIN)
            session.commit()
        yield app


def organisation_sends_as(app: Flask, **values: str) -> None:
    """Set the owning organisation's sender name, reply-to and contact address."""
    with app.app_context():
        office = db.session.scalars(select(Organisation).where(Organisation.slug == "testamt"))
        office_row = office.one()
        for key, value in values.items():
            setattr(office_row, key, value)
        db.session.commit()


def mails_to_firms(app: Flask, inbox: tuple[Inbox, int]) -> list[tuple[EmailMessage, bytes]]:
    """Register a firm (its link mailed in the request), then invite the imported firm
    through the staff page and let the worker send it: both mails, parsed, and their raw
    header blocks."""
    web = app.test_client()
    page = web.get("/e/open/register").get_data(as_text=True)
    assert web.post("/e/open/register", data=form_values(page)).status_code == 303
    assert staff_login(web, *ADMIN) == 303
    invite(web)
    assert run_queued_jobs(app) == 1
    received = []
    for raw in inbox[0].messages:
        mail = message_from_bytes(raw, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        received.append((mail, re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]))
    assert [str(m["To"]) for m, _ in received] == [
        "anna.schulz@ostfalen.example",
        "de@praezision.example",
    ]
    return received


def invite(web: FlaskClient) -> None:
    token = csrf_token(web.get("/staff/e/open/firms").get_data(as_text=True))
    answer = web.post("/staff/e/open/firms/invite", data={"csrf_token": token, "which": "all"})
    assert answer.status_code == 303


def sender_of(mail: EmailMessage, header: str) -> Address:
    (address,) = mail[header].addresses
    assert isinstance(address, Address)
    return address


@pytest.mark.parametrize(
    ("name", "values", "answers_to"),
    [
        (
            "Unternehmerbüro Barleben",
            {"reply_to": "antwort@barleben.example", "contact_email": "info@barleben.example"},
            "antwort@barleben.example",
        ),
        ("ТПП Омск", {"contact_email": "info@tpp-omsk.example"}, "info@tpp-omsk.example"),
    ],
)
def test_the_mails_of_a_fair_come_from_its_owning_organisation(
    mail_app: Flask, inbox: tuple[Inbox, int], name: str, values: dict[str, str], answers_to: str
) -> None:
    organisation_sends_as(mail_app, sender_name=name, **values)
    for mail, raw in mails_to_firms(mail_app, inbox):
        sender = sender_of(mail, "From")
        assert (sender.display_name, sender.addr_spec) == (name, INSTALLATION)
        assert sender_of(mail, "Reply-To").addr_spec == answers_to
        raw.decode("ascii")  # the name travels encoded (RFC 2047), never as raw UTF-8
        assert b"From: =?utf-8?" in raw
        assert f"<{INSTALLATION}>".encode() in raw


def test_without_sender_name_and_addresses_the_installation_sends_as_itself(
    mail_app: Flask, inbox: tuple[Inbox, int]
) -> None:
    for mail, raw in mails_to_firms(mail_app, inbox):
        assert str(mail["From"]) == INSTALLATION
        assert mail["Reply-To"] is None
        assert f"From: {INSTALLATION}".encode() in raw.splitlines()


def test_mails_to_staff_stay_the_installations(mail_app: Flask, inbox: tuple[Inbox, int]) -> None:
    organisation_sends_as(
        mail_app, sender_name="Unternehmerbüro Barleben", reply_to="antwort@barleben.example"
    )
    web = mail_app.test_client()
    assert staff_login(web, *ADMIN) == 303
    page = web.get("/staff/admin/mail").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "email": "pruefer@amt.example"}
    assert web.post("/staff/admin/mail", data=data).status_code == 200
    (raw,) = inbox[0].messages
    mail = message_from_bytes(raw, policy=policy.default)
    assert str(mail["From"]) == INSTALLATION
    assert mail["Reply-To"] is None
