"""Every staff page refuses the anonymous (to the login page) and every staff form refuses a
request without a CSRF token, found from the app's own URL map so no new page is missed."""

from __future__ import annotations

import re

from flask import Flask
from werkzeug.routing import Rule

from matchmaker.services.staff import create_staff
from matchmaker.views.staff.login import ANONYMOUS
from tests.conftest import staff_login

DUMMY = {"int": "1", "default": "x", "string": "x", "path": "x"}


def example(rule: Rule) -> str:
    """The rule's path with a plausible value in each variable."""

    def value(match: re.Match[str]) -> str:
        converter, _, name = match.group(1).rpartition(":")
        if converter.startswith("any("):
            return converter[4:].split(",")[0].strip(" )")
        return DUMMY.get(converter or "default", "1") if name else "x"

    return re.sub(r"<([^>]+)>", value, rule.rule)


def staff_rules(app: Flask, method: str, *, anonymous: bool = False) -> list[Rule]:
    """The console's rules for `method`; the login's own pages (open to anyone) only when
    `anonymous` asks for them."""
    return [
        r
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/staff") and method in (r.methods or set())
        and (r.endpoint in ANONYMOUS) == anonymous
    ]  # fmt: skip


def test_anonymous_get_goes_to_the_login_page(app: Flask) -> None:
    web = app.test_client()
    rules = staff_rules(app, "GET")
    assert len(rules) >= 20
    for rule in rules:
        response = web.get(example(rule))
        assert response.status_code == 302, rule.rule
        assert response.location.startswith("/staff/login"), rule.rule


def test_forms_without_a_csrf_token_are_refused(app: Flask) -> None:
    from matchmaker.extensions import db

    with app.app_context():
        create_staff(db.session(), "x@amt.example", "x-password-12")
        db.session.commit()
    web = app.test_client()
    staff_login(web, "x@amt.example", "x-password-12")
    rules = staff_rules(app, "POST") + staff_rules(app, "POST", anonymous=True)
    assert len(rules) >= 15
    for rule in rules:
        assert web.post(example(rule), data={}).status_code == 400, rule.rule


def test_only_the_login_pages_are_open_to_anyone(app: Flask) -> None:
    """The pages of the login (asking for a link, a link's page) and an invitation to
    co-organise open without a login; a made-up token shows that the link is not valid."""
    web = app.test_client()
    opened = {
        r.endpoint: web.get(example(r)).status_code for r in staff_rules(app, "GET", anonymous=True)
    }
    assert opened == {
        "staff.login": 200,
        "staff.mail_sign_in": 200,
        "staff.forgot_password": 200,
        "staff.sign_in_link": 404,
        "staff.reset_link": 404,
        "staff.invitation": 404,
    }
