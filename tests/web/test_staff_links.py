"""The staff console's ways in besides the password (issue 15): a one-time sign-in link by
e-mail, a password reset by e-mail (through the real SMTP server, `inbox`), changing the
password, and the admin's unlock and end-sessions."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEntry, StaffToken
from matchmaker.services.staff_tokens import token_hash
from tests.conftest import Inbox, csrf_token
from tests.web.test_staff_login import (
    ADMIN,
    STAFF,
    UNKNOWN,
    ask_for_link,
    browser,
    console,
    earlier,
    link_in,
    mails,
    signed_in,
    status,
    use_link,
    user,
)

__all__ = ["console"]  # the fixture, shared with the login tests


# ---- the way in when password logins wait: a one-time link by e-mail ---------------------------


def test_an_attacked_owner_signs_in_through_a_mailed_link(
    console: Flask, inbox: tuple[Inbox, int]
) -> None:
    for n in range(10):  # guessed at from ten networks: password logins wait everywhere
        status(browser(console, f"198.18.0.{n}"), (STAFF[0], "guess"))
    owner = browser(console, "198.51.100.7")
    assert status(owner, STAFF) == 429
    answer = ask_for_link(owner, "/staff/login/mail", STAFF[0], **{"Accept-Language": "ru"})
    assert answer.status_code == 303
    ((to, subject, body),) = mails(inbox)
    assert to == STAFF[0]
    assert subject == "Ваша ссылка для входа в консоль сотрудников"
    assert "Здравствуйте, Mitarbeiter" in body
    path = link_in(body)
    token = path.rsplit("/", 1)[1]
    with console.app_context():  # only the token's hash is stored
        stored = db.session.scalars(select(StaffToken.token_hash)).one()
        assert stored == token_hash(token) != token
    owner.get(path)  # opening the link (a mail scanner does) uses nothing up
    assert use_link(owner, path).status_code == 303
    assert signed_in(owner)
    other = browser(console, "198.51.100.8")  # a second use: refused
    refused = other.post(
        "/staff/login/link",
        data={"csrf_token": csrf_token(other.get("/staff/login").get_data(as_text=True)),
              "token": token},
    )  # fmt: skip
    assert refused.status_code == 404
    assert not signed_in(other)
    assert other.get(path).status_code == 404


def test_a_sign_in_link_expires(console: Flask, inbox: tuple[Inbox, int]) -> None:
    web = browser(console, "198.51.100.7")
    ask_for_link(web, "/staff/login/mail", STAFF[0])
    path = link_in(mails(inbox)[0][2])
    earlier(console, timedelta(minutes=16))
    assert web.get(path).status_code == 404
    token = path.rsplit("/", 1)[1]
    page = web.get("/staff/login").get_data(as_text=True)
    used = web.post("/staff/login/link", data={"csrf_token": csrf_token(page), "token": token})
    assert used.status_code == 404
    assert not signed_in(web)


def test_asking_for_a_link_answers_alike_and_is_limited(
    console: Flask, inbox: tuple[Inbox, int]
) -> None:
    web = browser(console, "198.51.100.7")
    answers = []
    for email in (UNKNOWN[0], STAFF[0], STAFF[0], STAFF[0], STAFF[0]):
        for path in ("/staff/login/mail", "/staff/password/forgot"):
            response = ask_for_link(web, path, email)
            answers.append((response.status_code, response.location))
            shown = web.get("/staff/login").get_data(as_text=True)
            assert "ist ein Link an sie unterwegs" in shown, (email, path)
    assert set(answers) == {(303, "/staff/login")}
    sent = mails(inbox)
    assert [to for to, _, _ in sent] == [STAFF[0]] * 3  # three per hour from one network
    assert {subject for _, subject, _ in sent} == {
        "Ihr Anmeldelink für die Mitarbeiterkonsole",
        "Ein neues Passwort für die Mitarbeiterkonsole",
    }
    ask_for_link(browser(console, "198.51.100.8"), "/staff/login/mail", STAFF[0])
    assert len(mails(inbox)) == 4  # another network has its own


# ---- passwords: reset by e-mail, change; the admin's unlock and end-sessions -------------------


def test_password_reset_by_mail_end_to_end(console: Flask, inbox: tuple[Inbox, int]) -> None:
    elsewhere = browser(console, "198.51.100.9")  # a session the reset must end
    assert status(elsewhere, STAFF) == 303
    web = browser(console, "198.51.100.7")
    ask_for_link(web, "/staff/password/forgot", STAFF[0])
    ((to, subject, body),) = mails(inbox)
    assert (to, subject) == (STAFF[0], "Ein neues Passwort für die Mitarbeiterkonsole")
    path = link_in(body)
    assert path.startswith("/staff/password/reset/")
    differ = use_link(web, path, password="new-password-22", repeat="new-password-23")
    assert differ.status_code == 422
    assert "Die beiden Passwörter sind verschieden." in differ.get_data(as_text=True)
    done = use_link(web, path, password="new-password-22", repeat="new-password-22")
    assert done.status_code == 303
    assert web.get(path).status_code == 404  # used up
    assert not signed_in(elsewhere)
    assert status(browser(console, "198.51.100.10"), STAFF) == 401
    assert status(browser(console, "198.51.100.11"), (STAFF[0], "new-password-22")) == 303
    with console.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert "staff.password_reset" in actions


def test_a_reset_link_expires_after_an_hour(console: Flask, inbox: tuple[Inbox, int]) -> None:
    web = browser(console, "198.51.100.7")
    ask_for_link(web, "/staff/password/forgot", STAFF[0])
    path = link_in(mails(inbox)[0][2])
    earlier(console, timedelta(minutes=59))
    assert web.get(path).status_code == 200
    earlier(console, timedelta(minutes=2))
    assert web.get(path).status_code == 404
    assert status(web, STAFF) == 303  # the old password is still the password


def test_changing_the_password_ends_the_other_sessions(console: Flask) -> None:
    here, there = browser(console, "198.51.100.1"), browser(console, "198.51.100.2")
    assert status(here, STAFF) == 303
    assert status(there, STAFF) == 303
    page = here.get("/staff/password").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "password": "new-password-33",
            "repeat": "new-password-33"}  # fmt: skip
    wrong = here.post("/staff/password", data=form | {"current": "not-my-password"})
    assert wrong.status_code == 422
    assert "Das bisherige Passwort ist falsch." in wrong.get_data(as_text=True)
    assert signed_in(there)
    assert here.post("/staff/password", data=form | {"current": STAFF[1]}).status_code == 303
    assert signed_in(here)  # this session goes on
    assert not signed_in(there)  # the other one has ended
    assert status(browser(console, "198.51.100.3"), STAFF) == 401
    assert status(there, (STAFF[0], "new-password-33")) == 303


def test_wrong_current_passwords_count_like_wrong_logins(console: Flask) -> None:
    web = browser(console, "198.51.100.1")
    assert status(web, STAFF) == 303
    page = web.get("/staff/password").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "password": "new-password-33",
            "repeat": "new-password-33"}  # fmt: skip
    codes = [
        web.post("/staff/password", data=form | {"current": f"guess-{n}"}).status_code
        for n in range(7)
    ]
    assert codes == [422] * 7
    waits = web.post("/staff/password", data=form | {"current": STAFF[1]})
    assert waits.status_code == 422
    assert "warten Sie ein paar Minuten" in waits.get_data(as_text=True)


def test_admin_lifts_login_limits_and_ends_sessions(console: Flask) -> None:
    staff_member = browser(console, "198.51.100.5")
    assert status(staff_member, STAFF) == 303
    office = browser(console, "192.0.2.20")  # someone guesses from the office's address
    for n in range(5):
        status(office, (STAFF[0], f"guess-{n}"))
    assert status(browser(console, "192.0.2.20"), STAFF) == 429
    admin = browser(console, "198.51.100.6")
    assert status(admin, ADMIN) == 303
    page = admin.get("/staff/admin/staff").get_data(as_text=True)
    assert "Anmeldegrenzen aufheben" in page
    staff_id = user(console, STAFF[0]).id
    token = {"csrf_token": csrf_token(page)}
    unlocked = admin.post(f"/staff/admin/staff/{staff_id}/unlock", data=token)
    assert unlocked.status_code == 303
    assert status(browser(console, "192.0.2.20"), STAFF) == 303
    assert signed_in(staff_member)
    ended = admin.post(f"/staff/admin/staff/{staff_id}/end_sessions", data=token)
    assert ended.status_code == 303
    assert not signed_in(staff_member)
    assert signed_in(admin)
    with console.app_context():
        logged = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.subject == STAFF[0])
        ).all()
        assert logged == ["staff.unlock", "staff.end_sessions"]
    staff_only = browser(console, "198.51.100.5")
    assert status(staff_only, STAFF) == 303
    own = {"csrf_token": csrf_token(staff_only.get("/staff/").get_data(as_text=True))}
    assert staff_only.post(f"/staff/admin/staff/{staff_id}/unlock", data=own).status_code == 403


def test_ending_sessions_also_ends_the_trusted_browser(console: Flask) -> None:
    """After an admin's order (a stolen laptop), the browser's device cookie no longer
    spares it from the limits its address has reached."""
    laptop = browser(console, "192.0.2.30")
    assert status(laptop, STAFF) == 303
    for n in range(20):
        status(browser(console, "192.0.2.30"), (f"p{n}@x.example", "guess"))
    page = laptop.get("/staff/").get_data(as_text=True)
    laptop.post("/staff/logout", data={"csrf_token": csrf_token(page)})
    assert status(laptop, STAFF) == 303  # trusted: spared by the address's limit
    admin = browser(console, "198.51.100.6")
    assert status(admin, ADMIN) == 303
    page = admin.get("/staff/admin/staff").get_data(as_text=True)
    staff_id = user(console, STAFF[0]).id
    admin.post(f"/staff/admin/staff/{staff_id}/end_sessions", data={"csrf_token": csrf_token(page)})
    assert not signed_in(laptop)
    assert status(laptop, STAFF) == 429  # trusted no more


def test_without_mail_no_page_promises_a_mailed_link(client: FlaskClient) -> None:
    """Found by a first-time user: the login offered mailed links that could not be sent,
    and the sign-in-link page asked for an address before saying so."""
    login = client.get("/staff/login").get_data(as_text=True)
    assert "Bitte lassen Sie sich von einer Administratorin" in login
    assert "/staff/login/mail" not in login
    asked = client.get("/staff/login/mail").get_data(as_text=True)
    assert "E-Mail ist hier nicht eingerichtet" in asked
    assert 'name="email"' not in asked
