"""Shared by the tests of the event's setup in the staff console: an event with a published
meeting (`plant_setup_event`), staff logged in, and the settings form as a browser sends it."""

from __future__ import annotations

from collections.abc import Sequence
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from matchmaker.extensions import db
from matchmaker.models import Meeting, ScheduleStatus, ScheduleVersion, StaffRole
from matchmaker.models.base import utcnow
from matchmaker.services.staff import create_staff
from tests.conftest import staff_login
from tests.factories import create_open_event, create_participant

ADMIN = ("admin@amt.example", "admin-password-1")
STAFF = ("staff@amt.example", "staff-password-1")
URL = "/staff/e/messe/settings"


def logged_in(app: Flask, who: tuple[str, str]) -> FlaskClient:
    web = app.test_client()
    staff_login(web, who[0], who[1])
    return web


def plant_setup_event(app: Flask) -> Flask:
    """The app with staff (ADMIN, STAFF) and event "messe" with a published meeting at slot
    5, table 3 (the tests' `setup_app` fixture)."""
    with app.app_context():
        session = db.session()
        create_staff(session, *ADMIN, role=StaffRole.ADMIN)
        create_staff(session, *STAFF)
        event = create_open_event(session, "messe")
        a = create_participant(session, event, "A", languages=["de"])
        b = create_participant(session, event, "B", languages=["de"])
        version = ScheduleVersion(event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED,
                                  published_at=utcnow())  # fmt: skip
        session.add(version)
        session.flush()
        table3 = next(t for t in event.tables if t.number == 3)
        session.add(Meeting(event_id=event.id, schedule_id=version.id, participant_a_id=a.id,
                            participant_b_id=b.id, slot=5, table_id=table3.id))  # fmt: skip
        session.commit()
    return app


class _Fields(HTMLParser):
    """What a browser sends for the page's form with the `more`-less Save button: text and
    hidden inputs, ticked boxes, the selected option of each select, text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: MultiDict[str, str] = MultiDict()
        self.select: str | None = None
        self.first_option: dict[str, str] = {}
        self.chosen: set[str] = set()
        self.textarea: str | None = None
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("class") == "form":
            self.in_form = True
        if not self.in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") in ("checkbox", "radio"):
            if "checked" in a:
                self.values.add(a["name"], a.get("value", "on"))
        elif tag == "input":
            self.values.add(a["name"], a.get("value", ""))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select:
            self.first_option.setdefault(self.select, a.get("value", ""))
            if "selected" in a:
                self.values.add(self.select, a.get("value", ""))
                self.chosen.add(self.select)
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values.add(a["name"], "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select:
            if self.select not in self.chosen:
                self.values.add(self.select, self.first_option.get(self.select, ""))
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values.setlist(self.textarea, [data.strip("\n")])


def form_of(
    web: FlaskClient, url: str = URL, /, **changes: str | Sequence[str] | None
) -> MultiDict[str, str]:
    """The settings form as the page fills it (as a browser would send it), with changes
    (a list sets several values, None drops the field)."""
    parser = _Fields()
    parser.feed(web.get(url).get_data(as_text=True))
    values = parser.values
    for name, value in changes.items():
        if value is None:
            values.poplist(name)
        else:
            values.setlist(name, [value] if isinstance(value, str) else list(value))
    return values
