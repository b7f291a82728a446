"""Every staff page refuses the anonymous (to the login page) and every staff form refuses a
request without a CSRF token, found from the app's own URL map so no new page is missed."""

from __future__ import annotations

import re

from flask import Flask
from werkzeug.routing import Rule

from matchmaker.services.staff import create_staff
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


def staff_rules(app: Flask, method: str) -> list[Rule]:
    return [
        r
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/staff") and method in (r.methods or set())
        and r.endpoint != "staff.login"
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
    rules = staff_rules(app, "POST")
    assert len(rules) >= 15
    for rule in rules:
        assert web.post(example(rule), data={}).status_code == 400, rule.rule
