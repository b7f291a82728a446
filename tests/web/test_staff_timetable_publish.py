"""Staff publish a timetable, copy and re-publish it: the affected firms are told by e-mail
(through the outbox and the worker), and when some are not, the page says why. Split from
test_web_staff_timetable.py, whose console fixture it shares."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs
from matchmaker.models import (
    Participant,
    ScheduleStatus,
    ScheduleVersion,
)
from tests.conftest import Inbox
from tests.web.test_staff_timetable import (
    Console,
    generate,
    meetings,
    move,
    open_console,
    pair,
    token,
)


@pytest.fixture
def console(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Console]:
    yield from open_console(tmp_path, database, inbox)


def test_publish_copy_and_republish_tell_the_affected_firms(console: Console) -> None:
    number = generate(console)
    response = console.web.post(
        f"/staff/e/plan/timetable/{number}/publish",
        data={"csrf_token": token(console), "name": "Erste Fassung"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "4 Unternehmen haben Änderungen." in page
    assert "4 Unternehmen werden per E-Mail benachrichtigt" in page
    assert console.inbox.messages == []  # the worker sends them, not the request
    assert run_queued_jobs(console.app) == 4
    assert len(console.inbox.messages) == 4
    for raw in console.inbox.messages:
        body = message_from_bytes(raw).get_payload(decode=True).decode()  # type: ignore[union-attr]
        assert "https://boerse.example.org/p/" in body
        assert "localhost" not in body
        path = re.findall(r"https://boerse\.example\.org(/p/\S+/agenda)", body)[0]
        assert console.web.get(path).status_code == 200  # the mailed link opens the agenda
    with console.app.app_context():
        version = db.session.scalars(select(ScheduleVersion)).one()
        assert version.status == ScheduleStatus.PUBLISHED
        assert version.name == "Erste Fassung"
    ab = meetings(console, number)[pair(console, "A", "B")]
    assert move(console, number, ab[0], ab[1], ab[2], ab[4]) == 409  # published: no change
    copied = console.web.post(
        f"/staff/e/plan/timetable/{number}/copy", data={"csrf_token": token(console)}
    )
    assert copied.status_code == 303
    second = int(re.findall(r"/timetable/(\d+)", copied.location)[0])
    assert second == number + 1
    ab2 = meetings(console, second)[pair(console, "A", "B")]
    busy = {m[1] for m in meetings(console, second).values()}
    free_slot = next(s for s in range(1, 7) if s not in busy)
    assert move(console, second, ab2[0], free_slot, ab2[2], ab2[4]) == 303
    preview = console.web.get(f"/staff/e/plan/timetable/{second}").get_data(as_text=True)
    assert "Die Veröffentlichung ändert den Terminplan von 2 Unternehmen" in preview
    console.web.post(
        f"/staff/e/plan/timetable/{second}/publish", data={"csrf_token": token(console)}
    )
    run_queued_jobs(console.app)
    assert len(console.inbox.messages) == 6  # A and B told again, C and D not
    with console.app.app_context():
        statuses = {v.number: v.status for v in db.session.scalars(select(ScheduleVersion))}
    assert statuses == {number: ScheduleStatus.SUPERSEDED, second: ScheduleStatus.PUBLISHED}


def test_publishing_says_why_firms_are_not_told(console: Console) -> None:
    """Issue 16, finding 2: "0 notified" without a reason. A firm without an address is named;
    without mail settings nothing is queued and the page says so."""
    number = generate(console)
    with console.app.app_context():
        db.session.get_one(Participant, console.ids["D"]).email = ""
        db.session.commit()
    second = int(
        re.findall(
            r"/timetable/(\d+)",
            console.web.post(
                f"/staff/e/plan/timetable/{number}/copy", data={"csrf_token": token(console)}
            ).location,
        )[0]
    )
    page = publish_and_read(console, number)
    assert "3 Unternehmen werden per E-Mail benachrichtigt" in page
    assert "1 Unternehmen hat keine E-Mail-Adresse und bekommt keine E-Mail: Firma D." in page
    assert run_queued_jobs(console.app) == 3
    console.app.config["MAIL_SERVER"] = ""  # mail not set up
    ab = meetings(console, second)[pair(console, "A", "B")]
    busy = {m[1] for m in meetings(console, second).values()}
    assert move(console, second, ab[0], next(s for s in range(1, 7) if s not in busy), ab[2],
                ab[4]) == 303  # fmt: skip
    page = publish_and_read(console, second)
    assert "2 Unternehmen haben Änderungen." in page
    assert "E-Mail ist nicht eingerichtet (MAIL_SERVER ist leer)" in page
    assert run_queued_jobs(console.app) == 0
    assert len(console.inbox.messages) == 3


def publish_and_read(c: Console, number: int) -> str:
    response = c.web.post(
        f"/staff/e/plan/timetable/{number}/publish",
        data={"csrf_token": token(c)},
        follow_redirects=True,
    )
    return response.get_data(as_text=True)
