"""Getting into the staff console when strangers guess (issue 15, finding 3): nobody is
locked out by someone else's guesses, refusals tell nothing about who is staff, and the
mailed one-time links, password change and reset, and the admin's unlock and end-sessions
work end to end. The real app, a real database, a real SMTP server (`inbox`)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import LoginFailure, StaffRole, StaffToken, StaffUser
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, csrf_token, dispose, make_config

ADMIN = ("chefin@wirtschaft.example", "admin-password-1")
STAFF = ("mitarbeiter@wirtschaft.example", "staff-password-1")
UNKNOWN = ("niemand@wirtschaft.example", "staff-password-1")


@pytest.fixture
def console(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    app = create_app(
        make_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=database,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=inbox[1],
            MAIL_SENDER="konsole@wirtschaft.example",
        )
    )
    with app.app_context():
        create_staff(db.session(), *ADMIN, name="Chefin", role=StaffRole.ADMIN)
        create_staff(db.session(), *STAFF, name="Mitarbeiter")
        db.session.commit()
    yield app
    dispose(app)  # its database pool and its queue\'s connections


def browser(app: Flask, address: str) -> FlaskClient:
    """A browser of its own (own cookies) at a network address."""
    web = app.test_client()
    web.environ_base["REMOTE_ADDR"] = address
    return web


def login(web: FlaskClient, who: tuple[str, str]) -> TestResponse:
    page = web.get("/staff/login").get_data(as_text=True)
    return web.post(
        "/staff/login",
        data={"csrf_token": csrf_token(page), "email": who[0], "password": who[1]},
    )


def status(web: FlaskClient, who: tuple[str, str]) -> int:
    return login(web, who).status_code


def signed_in(web: FlaskClient) -> bool:
    return web.get("/staff/").status_code == 200


def ask_for_link(web: FlaskClient, path: str, email: str, **headers: str) -> TestResponse:
    """Ask for a mailed link as a person does; the mail goes out once the answer is closed
    (as the WSGI server does after sending it)."""
    page = web.get(path, headers=headers).get_data(as_text=True)
    response = web.post(
        path, data={"csrf_token": csrf_token(page), "email": email}, headers=headers
    )
    response.close()
    return response


def mails(inbox: tuple[Inbox, int]) -> list[tuple[str, str, str]]:
    """(to, subject, body) of every mail received, decoded as a mail program does."""
    found = []
    for raw in inbox[0].messages:
        mail = message_from_bytes(raw, policy=policy.default)
        body = mail.get_body()
        assert isinstance(mail, EmailMessage)
        assert body is not None
        found.append((str(mail["To"]), str(mail["Subject"]), str(body.get_content())))
    return found


def link_in(body: str) -> str:
    match = re.search(r"http://localhost(/staff/\S+)", body)
    assert match is not None, body
    return match.group(1)


def use_link(web: FlaskClient, path: str, **fields: str) -> TestResponse:
    """Open a mailed link's page and press its button (with `fields` filled in)."""
    page = web.get(path)
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+)"', html)
    token = re.search(r'id="token" name="token" type="hidden" value="([^"]+)"', html)
    assert action is not None
    assert token is not None
    data = {"csrf_token": csrf_token(html), "token": token.group(1), **fields}
    return web.post(action.group(1), data=data)


def user(app: Flask, email: str) -> StaffUser:
    with app.app_context():
        found = db.session.scalars(select(StaffUser).where(StaffUser.email == email)).one()
        db.session.expunge(found)
        return found


def earlier(app: Flask, by: timedelta) -> None:
    """As if `by` had passed: counted refusals and mailed links are moved back."""
    with app.app_context():
        for failure in db.session.scalars(select(LoginFailure)):
            failure.at -= by
        for token in db.session.scalars(select(StaffToken)):
            token.created_at -= by
            token.expires_at -= by
        db.session.commit()


# ---- the finding's claims, each failing on the code before issue 15 -------------------------


def test_a_strangers_guesses_do_not_keep_the_owner_out(console: Flask) -> None:
    """Before: five wrong passwords locked the account itself, the right one was refused
    from everywhere, and one more wrong try every half hour kept it so."""
    stranger = browser(console, "203.0.113.7")
    codes = [status(stranger, (STAFF[0], f"guess-{n}")) for n in range(8)]
    assert codes[:4] == [401] * 4
    assert set(codes[4:]) == {429}  # the stranger waits ...
    assert status(browser(console, "198.51.100.2"), STAFF) == 303  # ... the owner does not
    for _ in range(3):  # one try each half hour
        earlier(console, timedelta(minutes=31))
        assert status(stranger, (STAFF[0], "another-guess")) == 429
        assert status(browser(console, "198.51.100.3"), STAFF) == 303


def test_guesses_from_a_shared_address_do_not_lock_out_who_signed_in_there(
    console: Flask,
) -> None:
    """Before: 20 wrong logins from one address (a proxy without MATCHMAKER_PROXY_HOPS, an
    office's NAT) refused everyone behind it. A browser that signed in before goes on."""
    colleague = browser(console, "192.0.2.10")
    assert status(colleague, STAFF) == 303
    page = colleague.get("/staff/").get_data(as_text=True)
    colleague.post("/staff/logout", data={"csrf_token": csrf_token(page)})
    assert not signed_in(colleague)
    attacker = browser(console, "192.0.2.10")
    codes = [status(attacker, (f"person{n}@x.example", "guess")) for n in range(20)]
    assert codes[-1] == 429
    assert status(attacker, STAFF) == 429  # a browser that never signed in here waits
    assert status(colleague, STAFF) == 303  # the colleague's browser does not


def test_waiting_does_not_tell_which_addresses_are_staff(console: Flask) -> None:
    """Before: the account's own lock answered 429 for staff addresses only (401 for
    unknown ones), so five guesses told who is staff."""
    sequences = {}
    for who, address in ((STAFF, "203.0.113.1"), (UNKNOWN, "203.0.113.2")):
        web = browser(console, address)
        sequences[who[0]] = [status(web, (who[0], f"guess-{n}")) for n in range(7)]
    assert sequences[STAFF[0]] == sequences[UNKNOWN[0]] == [401] * 4 + [429] * 3
    spread: dict[str, int] = {}  # an attack spread over ten networks: alike too
    for who in (STAFF, UNKNOWN):
        for n in range(10):
            status(browser(console, f"198.18.{len(spread)}.{n}"), (who[0], "guess"))
        spread[who[0]] = status(browser(console, f"198.19.{len(spread)}.1"), who)
    assert spread == {STAFF[0]: 429, UNKNOWN[0]: 429}


def hash_checks(action: Callable[[], TestResponse]) -> tuple[TestResponse, tuple[list[str], int]]:
    """`action`'s answer and the password-hash checks it made, watched from outside
    (sys.setprofile, no code replaced): the method of each hash checked (werkzeug's
    check_password_hash) and how many times scrypt itself ran."""
    methods: list[str] = []
    scrypt = 0

    def watch(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal scrypt
        code = frame.f_code
        if event == "call" and code.co_name == "check_password_hash":
            if code.co_filename.endswith(f"werkzeug{Path('/').as_posix()}security.py"):
                methods.append(str(frame.f_locals["pwhash"]).split("$")[0])
        elif event == "c_call" and getattr(arg, "__name__", "") == "scrypt":
            scrypt += 1

    sys.setprofile(watch)
    try:
        answer = action()
    finally:
        sys.setprofile(None)
    return answer, (methods, scrypt)


def test_wrong_password_and_unknown_account_answer_alike(console: Flask) -> None:
    """Attempt by attempt, the same status, the same page and the same work: an unknown
    account's password is checked against a hash made like a real one, and waiting skips
    the check for both alike. Before, a staff account that had started to wait answered at
    once while an unknown one still ran scrypt. A shortcut that skips the dummy check, or
    checks a cheaper hash, shows here; no clock is read."""
    seen: dict[str, list[tuple[int, str, tuple[list[str], int]]]] = {}
    for n, email in enumerate((STAFF[0], UNKNOWN[0])):
        web = browser(console, f"203.0.113.{n + 1}")
        seen[email] = []
        for attempt in range(6):
            page = web.get("/staff/login").get_data(as_text=True)
            data = {"csrf_token": csrf_token(page), "email": email, "password": f"wrong-{attempt}"}
            answer, work = hash_checks(partial(web.post, "/staff/login", data=data))
            html = answer.get_data(as_text=True).replace(email, "EMAIL")
            html = re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "TOKEN", html)
            seen[email].append((answer.status_code, html, work))
    assert seen[STAFF[0]] == seen[UNKNOWN[0]]
    stored_method = user(console, STAFF[0]).password_hash.split("$")[0]
    assert stored_method.startswith("scrypt:")
    first_status, first_page, first_work = seen[UNKNOWN[0]][0]
    assert first_status == 401
    assert "E-Mail oder Passwort ist falsch." in first_page
    assert first_work == ([stored_method], 1)  # an unknown account costs one real scrypt
