"""Mails of the delegation's week (issue 21), through the real app to a real SMTP server:
each member gets the link to their week in their own language, and it opens the week; each
host of a published plan gets its notice of who comes when; nothing is promised when mail
is not set up."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs
from matchmaker.models import DelegationMember, Job, VisitHost
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, app_with, csrf_token, mail_settings, staff_login
from tests.visit_week import build_week

LOGIN = ("post@amt.example", "post-password-1")
WEEK = "/staff/e/omsk-week/week"


@pytest.fixture
def mailing(
    tmp_path: Path, database: str, inbox: tuple[Inbox, int]
) -> Iterator[tuple[Flask, FlaskClient, int]]:
    with app_with(tmp_path, database, **mail_settings(inbox)) as app:
        with app.app_context():
            week = build_week(db.session())
            create_staff(db.session(), *LOGIN)
            db.session.commit()
            monday = week.monday.id
        web = app.test_client()
        assert staff_login(web, *LOGIN) == 303
        yield app, web, monday


def _mails(inbox: tuple[Inbox, int]) -> list[EmailMessage]:
    return [message_from_bytes(raw, policy=policy.default) for raw in inbox[0].messages]


def test_every_member_gets_the_link_to_their_week_in_russian(
    mailing: tuple[Flask, FlaskClient, int], inbox: tuple[Inbox, int]
) -> None:
    app, web, _monday = mailing
    token = csrf_token(web.get(WEEK).get_data(as_text=True))
    assert web.post(f"{WEEK}/members/mail", data={"csrf_token": token}).status_code == 303
    mails = _mails(inbox)
    assert sorted(str(m["To"]) for m in mails) == sorted(
        f"{n}@omsk.example" for n in ("iwan", "anna", "sergej", "maria", "pawel")
    )
    body = mails[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Ausflug nach Wernigerode" in body
    link = next(word for word in body.split() if "/w/" in word)
    page = web.get(urlsplit(link).path)
    assert page.status_code == 200
    assert 'lang="ru"' in page.get_data(as_text=True)
    with app.app_context():
        assert all(m.mailed_at for m in db.session.scalars(select(DelegationMember)))


def test_hosts_get_their_notice_of_the_published_plan_only(
    mailing: tuple[Flask, FlaskClient, int], inbox: tuple[Inbox, int]
) -> None:
    app, web, monday = mailing
    day = f"{WEEK}/visits/{monday}"
    token = csrf_token(web.get(day).get_data(as_text=True))
    web.post(f"{day}/plan", data={"csrf_token": token, "time_limit": "2"})
    assert run_queued_jobs(app) == 1
    with app.app_context():
        number = int(db.session.scalars(select(Job)).one().result["version"])
    assert web.post(f"{day}/{number}/notify-hosts", data={"csrf_token": token}).status_code == 303
    assert inbox[0].messages == []  # a draft: nobody is told
    web.post(f"{day}/{number}/publish", data={"csrf_token": token})
    assert web.post(f"{day}/{number}/notify-hosts", data={"csrf_token": token}).status_code == 303
    mails = _mails(inbox)
    assert mails
    with app.app_context():
        told = {h.email: h for h in db.session.scalars(select(VisitHost)) if h.notified_at}
        assert set(told) == {str(m["To"]) for m in mails}
    body = mails[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Omsk" in body  # a visitor's firm


def test_without_a_mail_server_nothing_is_promised(app: Flask) -> None:
    with app.app_context():
        build_week(db.session())
        create_staff(db.session(), *LOGIN)
        db.session.commit()
    web = app.test_client()
    staff_login(web, *LOGIN)
    token = csrf_token(web.get(WEEK).get_data(as_text=True))
    answer = web.post(f"{WEEK}/members/mail", data={"csrf_token": token}, follow_redirects=True)
    assert "nicht eingerichtet" in answer.get_data(as_text=True) or "not set up" in answer.get_data(
        as_text=True
    )
