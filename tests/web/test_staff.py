"""The staff console: login with back-off, roles, the firms list with decisions, the audit
log, and `matchmaker create-staff`; the real app, a real database, real password hashes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import (
    AuditEntry,
    LoginFailure,
    Participant,
    ParticipantStatus,
    StaffRole,
    StaffUser,
)
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, dispose, make_config, staff_login
from tests.factories import create_open_event, create_participant

ADMIN = ("chefin@wirtschaft.example", "admin-password-1")
STAFF = ("mitarbeiter@wirtschaft.example", "staff-password-1")


@pytest.fixture
def console(app: Flask) -> Flask:
    with app.app_context():
        session = db.session()
        create_staff(session, *ADMIN, name="Chefin", role=StaffRole.ADMIN)
        create_staff(session, *STAFF, name="Mitarbeiter")
        event = create_open_event(session, "boerse")
        groups = {g.name: g for g in event.groups}
        registered = ParticipantStatus.REGISTERED  # as they registered on the web
        create_participant(session, event, "A", name="Alpha Medizin GmbH", group=groups["Börde"],
                           city="Barleben", email="a@alpha.example", status=registered)  # fmt: skip
        create_participant(session, event, "B", name="Beta Metall OOO", group=groups["Omsk"],
                           country="RU", email="b@beta.example", status=registered)  # fmt: skip
        other = create_open_event(session, "andere")
        create_participant(session, other, "Z", name="Zeta Fremd GmbH", status=registered)
        session.commit()
    return app


def log_in(client: FlaskClient, who: tuple[str, str], next_url: str = "") -> int:
    return staff_login(client, who[0], who[1], next_url)


def firm_id(app: Flask, name: str) -> int:
    with app.app_context():
        firm = db.session.scalars(select(Participant).where(Participant.name == name)).one()
        return firm.id


def test_anonymous_visitors_are_sent_to_the_login(console: Flask) -> None:
    web = console.test_client()
    for url in ("/staff/", "/staff/e/boerse/", "/staff/e/boerse/firms", "/staff/admin/staff"):
        response = web.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/staff/login"), url
    beta = firm_id(console, "Beta Metall OOO")
    assert web.post(f"/staff/e/boerse/firms/{beta}/approve").status_code == 400  # no token


def test_login_and_logout(console: Flask) -> None:
    web = console.test_client()
    assert log_in(web, (ADMIN[0], "wrong-password")) == 401
    assert log_in(web, ADMIN) == 303
    html = web.get("/staff/").get_data(as_text=True)
    assert "Fair boerse" in html
    assert "Chefin" in html
    assert web.post("/staff/logout").status_code == 400  # no CSRF token
    response = web.post("/staff/logout", data={"csrf_token": csrf_token(html)})
    assert response.status_code == 303
    assert web.get("/staff/").status_code == 302


def test_login_redirects_only_inside_the_console(console: Flask) -> None:
    web = console.test_client()
    page = web.get("/staff/login").get_data(as_text=True)
    response = web.post(
        "/staff/login?next=https://evil.example/staff",
        data={"csrf_token": csrf_token(page), "email": ADMIN[0], "password": ADMIN[1]},
    )
    assert response.location == "/staff/"
    web2 = console.test_client()
    page = web2.get("/staff/login").get_data(as_text=True)
    response = web2.post(
        "/staff/login?next=/staff/e/boerse/firms",
        data={"csrf_token": csrf_token(page), "email": ADMIN[0], "password": ADMIN[1]},
    )
    assert response.location == "/staff/e/boerse/firms"


def test_repeated_failures_make_the_account_wait_at_that_address(console: Flask) -> None:
    """Five wrong passwords for one account from one address make that pair wait (30 s,
    doubling); the account's owner elsewhere is not held up."""
    web = console.test_client()
    codes = [log_in(web, (STAFF[0], f"guess-{n}")) for n in range(5)]
    assert codes == [401, 401, 401, 401, 429]
    assert log_in(web, STAFF) == 429  # from this address even the right password waits
    owner = console.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.2"
    assert log_in(owner, STAFF) == 303  # the guesser slowed only himself
    earlier(console, timedelta(seconds=31))
    assert log_in(web, (STAFF[0], "guess-6")) == 429  # the sixth: 60 s now
    earlier(console, timedelta(seconds=61))
    assert log_in(web, STAFF) == 303
    with console.app_context():  # the pair's refusals are forgotten after a login
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0


def earlier(app: Flask, by: timedelta) -> None:
    """Move every counted refusal back in time, as if `by` had passed."""
    with app.app_context():
        for failure in db.session.scalars(select(LoginFailure)):
            failure.at -= by
        db.session.commit()


def test_unknown_email_gets_the_same_answer(console: Flask) -> None:
    web = console.test_client()
    assert log_in(web, ("niemand@x.example", "whatever-password")) == 401


def test_one_address_guessing_over_many_accounts_is_slowed(console: Flask) -> None:
    attacker = console.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    accounts = [f"person{n}@x.example" for n in range(18)] + [STAFF[0], ADMIN[0]]
    codes = [log_in(attacker, (email, "guess-password")) for email in accounts]
    assert codes == [401] * 19 + [429]  # the 20th refusal makes the address wait
    assert log_in(attacker, STAFF) == 429  # a browser never signed in there waits too
    colleague = console.test_client()
    colleague.environ_base["REMOTE_ADDR"] = "198.51.100.2"
    assert log_in(colleague, STAFF) == 303  # another address is not held up
    with console.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 20
    earlier(console, timedelta(minutes=16))
    assert log_in(attacker, STAFF) == 303  # the window has passed
    earlier(console, timedelta(days=1))
    assert log_in(attacker, ("niemand@x.example", "guess-password")) == 401
    with console.app_context():  # refusals a day old were forgotten when the new one came
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 1


@pytest.mark.parametrize(
    ("hops", "expected"),
    [
        pytest.param(0, "127.0.0.1", id="no-proxy-the-peer"),
        pytest.param(1, "203.0.113.9", id="one-proxy-the-forwarded-address"),
    ],
)
def test_forwarded_addresses_count_only_behind_a_configured_proxy(
    tmp_path: Path, database: str, hops: int, expected: str
) -> None:
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=database, PROXY_HOPS=hops))
    web = app.test_client()
    log_in(web, ("niemand@x.example", "guess-password"))
    page = web.get("/staff/login").get_data(as_text=True)
    web.post(
        "/staff/login",
        data={"csrf_token": csrf_token(page), "email": "x@x.example", "password": "y"},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    with app.app_context():
        addresses = db.session.scalars(select(LoginFailure.address)).all()
    dispose(app)  # its database pool and its queue's connections
    assert addresses[-1] == expected


def test_staff_cannot_open_admin_pages_but_admins_can(console: Flask) -> None:
    web = console.test_client()
    log_in(web, STAFF)
    assert web.get("/staff/admin/staff").status_code == 403
    admin = console.test_client()
    log_in(admin, ADMIN)
    page = admin.get("/staff/admin/staff").get_data(as_text=True)
    assert STAFF[0] in page
    created = admin.post(
        "/staff/admin/staff",
        data={
            "csrf_token": csrf_token(page),
            "email": "neu@wirtschaft.example",
            "name": "Neu",
            "password": "new-password-12",
        },
    )
    assert created.status_code == 303
    again = admin.post(
        "/staff/admin/staff",
        data={
            "csrf_token": csrf_token(page),
            "email": "neu@wirtschaft.example",
            "password": "new-password-12",
        },
    )
    assert again.status_code == 422
    assert "besteht bereits" in again.get_data(as_text=True)
    short = admin.post(
        "/staff/admin/staff",
        data={"csrf_token": csrf_token(page), "email": "kurz@x.example", "password": "short"},
    )
    assert short.status_code == 422
    assert log_in(console.test_client(), ("neu@wirtschaft.example", "new-password-12")) == 303


def test_firms_list_searches_filters_and_sorts(console: Flask) -> None:
    web = console.test_client()
    log_in(web, STAFF)
    html = web.get("/staff/e/boerse/firms").get_data(as_text=True)
    assert html.index("Alpha Medizin GmbH") < html.index("Beta Metall OOO")
    assert "Zeta Fremd GmbH" not in html  # another event's firm
    html = web.get("/staff/e/boerse/firms?q=barleben").get_data(as_text=True)
    assert "Alpha Medizin GmbH" in html
    assert "Beta Metall OOO" not in html
    html = web.get("/staff/e/boerse/firms?sort=country").get_data(as_text=True)
    assert html.index("Alpha Medizin GmbH") < html.index("Beta Metall OOO")  # "" before RU
    html = web.get("/staff/e/boerse/firms?status=approved").get_data(as_text=True)
    assert "Kein Unternehmen passt zu Ihrer Suche." in html


def test_approve_and_reject_are_logged(console: Flask) -> None:
    web = console.test_client()
    log_in(web, STAFF)
    html = web.get("/staff/e/boerse/firms").get_data(as_text=True)
    beta = firm_id(console, "Beta Metall OOO")
    response = web.post(
        f"/staff/e/boerse/firms/{beta}/approve", data={"csrf_token": csrf_token(html)}
    )
    assert response.status_code == 303
    web.post(
        f"/staff/e/boerse/firms/{firm_id(console, 'Alpha Medizin GmbH')}/reject",
        data={"csrf_token": csrf_token(html)},
    )
    with console.app_context():
        statuses = {p.name: p.status for p in db.session.scalars(select(Participant))}
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        logged = [(e.staff_email, e.action, e.subject, e.detail["after"]) for e in entries]
    assert statuses["Beta Metall OOO"] == ParticipantStatus.APPROVED
    assert statuses["Alpha Medizin GmbH"] == ParticipantStatus.REJECTED
    assert logged == [
        (STAFF[0], "firm.status", "Beta Metall OOO", "approved"),
        (STAFF[0], "firm.status", "Alpha Medizin GmbH", "rejected"),
    ]
    audit = web.get("/staff/e/boerse/audit").get_data(as_text=True)
    assert "Beta Metall OOO" in audit
    assert STAFF[0] in audit


def test_decisions_refuse_a_missing_token_and_another_events_firm(console: Flask) -> None:
    web = console.test_client()
    log_in(web, STAFF)
    html = web.get("/staff/e/boerse/firms").get_data(as_text=True)
    beta = firm_id(console, "Beta Metall OOO")
    assert web.post(f"/staff/e/boerse/firms/{beta}/approve").status_code == 400
    zeta = firm_id(console, "Zeta Fremd GmbH")
    wrong = web.post(f"/staff/e/boerse/firms/{zeta}/approve", data={"csrf_token": csrf_token(html)})
    assert wrong.status_code == 404
    assert web.get("/staff/e/nowhere/firms").status_code == 404
    with console.app_context():
        assert all(
            p.status == ParticipantStatus.REGISTERED
            for p in db.session.scalars(select(Participant))
        )


def test_create_staff_command(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["create-staff", "Erste@Amt.example", "--name", "Erste", "--admin"],
        input="first-password-1\nfirst-password-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created administrator account erste@amt.example." in result.output
    short = runner.invoke(args=["create-staff", "b@amt.example", "--password", "kurz"])
    assert short.exit_code != 0
    assert "at least 10 characters" in short.output
    twice = runner.invoke(args=["create-staff", "erste@amt.example", "--password", "x" * 12])
    assert "exists already" in twice.output  # the command line speaks English
    with app.app_context():
        users = db.session.scalars(select(StaffUser)).all()
        assert [(u.email, u.role) for u in users] == [("erste@amt.example", StaffRole.ADMIN)]
        assert users[0].password_hash.startswith("scrypt:")
    assert log_in(app.test_client(), ("erste@amt.example", "first-password-1")) == 303


def test_admin_locks_and_unlocks_an_account(console: Flask) -> None:
    admin = console.test_client()
    log_in(admin, ADMIN)
    page = admin.get("/staff/admin/staff").get_data(as_text=True)
    with console.app_context():
        staff_id = db.session.scalars(select(StaffUser.id).where(StaffUser.email == STAFF[0])).one()
        admin_id = db.session.scalars(select(StaffUser.id).where(StaffUser.email == ADMIN[0])).one()
    locked = admin.post(
        f"/staff/admin/staff/{staff_id}/deactivate", data={"csrf_token": csrf_token(page)}
    )
    assert locked.status_code == 303
    assert log_in(console.test_client(), STAFF) == 401
    self_lock = admin.post(
        f"/staff/admin/staff/{admin_id}/deactivate",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "Sie können sich nicht selbst aussperren" in self_lock.get_data(as_text=True)
    admin.post(f"/staff/admin/staff/{staff_id}/activate", data={"csrf_token": csrf_token(page)})
    assert log_in(console.test_client(), STAFF) == 303
