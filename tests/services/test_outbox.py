"""Staff reach the firms (issue 16, finding 2): invitations of imported firms with their link,
in each firm's language, sent by the worker through a real SMTP server (`inbox`); the outbox
with sent and failed mails and their reasons; sending failed mails again; a firm's link shown,
re-sent and replaced on its staff page; every "none told" explained. The real app, database,
worker code path (`run_queued_jobs`) and SMTP server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs
from matchmaker.jobs.mailer import send_outbox_mail
from matchmaker.models import MailKind, MailState, OutboxMail, Participant, ParticipantStatus
from matchmaker.models.base import utcnow
from matchmaker.services.outbox import reap_stale_sending
from matchmaker.services.privacy import erase_personal_data
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, app_with, csrf_token, free_port, mail_settings, staff_login
from tests.factories import create_open_event, create_participant
from tests.web.test_staff_login import mails

LOGIN = ("team@amt.example", "team-password-1")
BASE = "https://boerse.example.org"


@dataclass(frozen=True)
class Console:
    app: Flask
    web: FlaskClient
    ids: dict[str, int]


def make_console(app: Flask) -> Console:
    """An event with the firms staff imported (German, Russian by its chosen language, one
    without address, one withdrawn) and one that registered itself; staff logged in."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "reach", name="Kooperationsbörse Börde")
        firms = {
            "de": create_participant(
                session, event, "D1", name="Börde Präzision GmbH", country="DE",
                offer="CNC-Fräsen von Implantaten", email="de@praezision.example",
                contact_person="Anna Schulz",
            ),
            "ru": create_participant(
                session, event, "R1", name="ООО «Сибирь Мед»", country="DE", locale="ru",
                email="ru@sibir.example", contact_person="Ольга Иванова",
            ),
            "none": create_participant(session, event, "N1", name="Ohne Adresse GmbH"),
            "gone": create_participant(
                session, event, "W1", name="Zurückgezogen AG", email="w@weg.example",
                status=ParticipantStatus.WITHDRAWN,
            ),
            "self": create_participant(
                session, event, "S1", name="Selbst angemeldet KG", email="s@selbst.example",
                submission_key="form-key", status=ParticipantStatus.REGISTERED,
            ),
        }  # fmt: skip
        session.commit()
        ids = {key: firm.id for key, firm in firms.items()}
    web = app.test_client()
    assert staff_login(web, *LOGIN) == 303
    return Console(app, web, ids)


@pytest.fixture
def console(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Console]:
    settings = {**mail_settings(inbox), "BASE_URL": BASE, "TRUSTED_HOSTS": "localhost"}
    with app_with(tmp_path, database, **settings) as app:
        yield make_console(app)


def post(c: Console, path: str, page: str, **data: Any) -> str:
    """Press a button of `page` (its CSRF token) and read the page it leads to."""
    token = csrf_token(c.web.get(page).get_data(as_text=True))
    answer = c.web.post(path, data={"csrf_token": token, **data}, follow_redirects=True)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def outbox_rows(c: Console) -> list[tuple[str, str, MailState, str, int]]:
    """(firm key, kind, state, language, attempts) of every mail, oldest first."""
    keys = {firm_id: key for key, firm_id in c.ids.items()}
    with c.app.app_context():
        rows = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        return [(keys[m.participant_id], m.kind.value, m.state, m.locale, m.attempts) for m in rows]


def path_of(link: str) -> str:
    return link.removeprefix(BASE)


def link_in(body: str, suffix: str = "") -> str:
    match = re.search(re.escape(BASE) + r"(/p/[A-Za-z0-9_-]+/" + suffix + r")", body)
    assert match is not None, body
    return match.group(1)


def test_invite_all_sends_each_firm_its_link_in_its_language(
    console: Console, inbox: tuple[Inbox, int]
) -> None:
    page = post(console, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="all")
    assert "2 Einladungen sind zum Versand vorgemerkt" in page
    assert "1 Unternehmen hat keine E-Mail-Adresse und bekommt keine E-Mail: Ohne Adresse GmbH" in (
        page
    )
    assert inbox[0].messages == []  # the request only queued them
    assert run_queued_jobs(console.app) == 2
    by_address = {to: (subject, body) for to, subject, body in mails(inbox)}
    assert set(by_address) == {"de@praezision.example", "ru@sibir.example"}
    subject, body = by_address["de@praezision.example"]
    assert subject == "Einladung: Kooperationsbörse Börde"
    assert body.startswith("Guten Tag Anna Schulz,")
    subject, body = by_address["ru@sibir.example"]
    assert subject == "Приглашение: Kooperationsbörse Börde"
    assert body.startswith("Здравствуйте, Ольга Иванова!")
    path = link_in(body)
    assert console.web.get(path).status_code == 200  # the mailed link opens the firm's pages
    assert outbox_rows(console) == [
        ("de", "invitation", MailState.SENT, "de", 1),
        ("ru", "invitation", MailState.SENT, "ru", 1),
    ]
    with console.app.app_context():  # the outbox never holds the link
        token = path.split("/")[2]
        for mail in db.session.scalars(select(OutboxMail)):
            stored = {c.key: getattr(mail, c.key) for c in mail.__mapper__.columns}
            assert token not in repr(stored)
    outbox = console.web.get("/staff/e/reach/outbox").get_data(as_text=True)
    assert outbox.count("<strong>versandt</strong>") == 2
    assert "Ohne Adresse GmbH" in outbox  # named as unreachable
    page = post(console, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="all")
    assert "zum Versand vorgemerkt" not in page
    assert "Ohne Adresse GmbH" in page  # still cannot be reached, and the answer says so
    assert run_queued_jobs(console.app) == 0
    with console.app.app_context():  # staff found its address
        db.session.get_one(Participant, console.ids["none"]).email = "neu@adresse.example"
        db.session.commit()
    page = post(console, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="all")
    assert "1 Einladung ist zum Versand vorgemerkt" in page
    page = post(console, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="all")
    assert "Kein Unternehmen einzuladen" in page


def test_invite_ticked_firms_reports_those_it_cannot_reach(
    console: Console, inbox: tuple[Inbox, int]
) -> None:
    ids = console.ids
    firms = [ids["self"], ids["gone"], ids["none"]]
    page = post(
        console, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="chosen", firm=firms
    )
    assert "1 Einladung ist zum Versand vorgemerkt" in page
    assert "1 Unternehmen nimmt nicht mehr teil und bekommt keine E-Mail: Zurückgezogen AG" in page
    assert "Ohne Adresse GmbH" in page
    run_queued_jobs(console.app)
    assert [to for to, _, _ in mails(inbox)] == ["s@selbst.example"]
    page = post(console, "/staff/e/reach/firms/invite", "/staff/e/reach/firms")
    assert "Bitte kreuzen Sie zuerst in der Liste" in page


def test_a_failing_mail_server_is_recorded_with_its_reason_and_sent_again(
    tmp_path: Path, database: str, inbox: tuple[Inbox, int]
) -> None:
    nowhere = free_port()
    settings: dict[str, Any] = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": nowhere, "BASE_URL": BASE,
                "TRUSTED_HOSTS": "localhost"}  # fmt: skip
    with app_with(tmp_path, database, **settings) as app:
        c = make_console(app)
        post(c, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="all")
        assert run_queued_jobs(app) == 2
        assert {row[2] for row in outbox_rows(c)} == {MailState.FAILED}
        page = c.web.get("/staff/e/reach/outbox?state=failed").get_data(as_text=True)
        assert page.count("<strong>fehlgeschlagen</strong>") == 2
        assert (
            f"Unter 127.0.0.1:{nowhere} antwortet nichts: Die Verbindung wurde abgelehnt. "
            "Prüfen Sie MAIL_SERVER und MAIL_PORT"
        ) in page
        app.config["MAIL_PORT"] = inbox[1]  # the admin fixed the settings
        page = post(c, "/staff/e/reach/outbox/retry", "/staff/e/reach/outbox")
        assert "2 E-Mails sind erneut zum Versand vorgemerkt." in page
        assert run_queued_jobs(app) == 2
        assert [row[2:] for row in outbox_rows(c)] == [
            (MailState.SENT, "de", 2),
            (MailState.SENT, "ru", 2),
        ]
        assert len(inbox[0].messages) == 2


def test_without_mail_settings_nothing_is_queued_and_the_page_says_why(
    tmp_path: Path, database: str
) -> None:
    with app_with(tmp_path, database, BASE_URL=BASE, TRUSTED_HOSTS="localhost") as app:
        c = make_console(app)
        page = post(c, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="all")
        assert "E-Mail ist nicht eingerichtet (MAIL_SERVER ist leer)" in page
        assert outbox_rows(c) == []
        outbox = c.web.get("/staff/e/reach/outbox").get_data(as_text=True)
        assert "E-Mail ist nicht eingerichtet" in outbox
        assert "3 vom Veranstalter eingetragene Unternehmen sind noch nicht eingeladen." in outbox


def test_the_firms_link_is_shown_resent_and_replaced_on_its_staff_page(
    console: Console, inbox: tuple[Inbox, int]
) -> None:
    edit = f"/staff/e/reach/firms/{console.ids['ru']}/edit"
    page = console.web.get(edit).get_data(as_text=True)
    shown = re.search(r'id="firm-link-value" type="text" readonly value="([^"]+)"', page)
    assert shown is not None
    old = path_of(shown.group(1))
    assert console.web.get(old).status_code == 200
    assert 'data-copy="firm-link-value"' in page
    assert "copy.js" in page
    page = post(console, edit.replace("edit", "send-link"), edit)
    assert "Der Link ist zum Versand an ru@sibir.example vorgemerkt." in page
    run_queued_jobs(console.app)
    ((to, subject, body),) = mails(inbox)
    assert (to, subject) == ("ru@sibir.example", "Ваша ссылка для «Kooperationsbörse Börde»")
    assert link_in(body) == old
    confirm = console.web.get(edit.replace("edit", "replace-link")).get_data(as_text=True)
    assert "Der alte Link funktioniert sofort nicht mehr" in confirm
    assert console.web.get(old).status_code == 200  # looking at the question changes nothing
    page = post(console, edit.replace("edit", "replace-link"), edit, send="1")
    assert "Der alte Link öffnet nichts mehr" in page
    assert console.web.get(old).status_code == 404
    shown = re.search(r'id="firm-link-value" type="text" readonly value="([^"]+)"', page)
    assert shown is not None
    assert path_of(shown.group(1)) != old
    run_queued_jobs(console.app)
    assert link_in(mails(inbox)[1][2]) == path_of(shown.group(1))
    with console.app.app_context():
        actions = [m.kind for m in db.session.scalars(select(OutboxMail))]
    assert actions == [MailKind.LINK, MailKind.LINK]


def test_a_mail_delivered_twice_is_sent_once_and_a_lost_one_ends_failed(
    console: Console, inbox: tuple[Inbox, int]
) -> None:
    post(console, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="all")
    with console.app.app_context():
        first, second = db.session.scalars(select(OutboxMail.id).order_by(OutboxMail.id)).all()
    send_outbox_mail(console.app, first)
    send_outbox_mail(console.app, first)  # the queue delivered its id twice
    assert len(inbox[0].messages) == 1
    with console.app.app_context():  # a worker took the other and was killed mid-send
        mail = db.session.get_one(OutboxMail, second)
        mail.state, mail.attempted_at = MailState.SENDING, utcnow().replace(year=2020)
        db.session.commit()
        assert reap_stale_sending(db.session(), utcnow()) == 1
        db.session.commit()
    page = console.web.get("/staff/e/reach/outbox").get_data(as_text=True)
    assert "Der Hintergrundprozess wurde beim Versand dieser E-Mail beendet" in page


def test_erasing_a_firm_deletes_its_mails(console: Console, inbox: tuple[Inbox, int]) -> None:
    post(console, "/staff/e/reach/firms/invite", "/staff/e/reach/firms", which="all")
    run_queued_jobs(console.app)
    with console.app.app_context():
        firm = db.session.get_one(Participant, console.ids["de"])
        erase_personal_data(db.session(), firm)
        db.session.commit()
    assert [row[0] for row in outbox_rows(console)] == ["ru"]
