"""Many clients at once against a real server process (gunicorn, 2 workers x 4 threads) on
the test database (SQLite in WAL mode, or PostgreSQL in the CI's second pass): no lost row,
no duplicate, and the losing writer of a conflict gets a clear answer."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Job, Meeting, MeetingRequest, Participant, ScheduleVersion
from matchmaker.services.staff import create_staff
from tests.factories import create_open_event, create_participant, link_token
from tests.servers import Server


class Browser:
    """One client with its own cookies, like one person's browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._send(urllib.request.Request(self.base + path))  # noqa: S310 (local)

    def post(self, path: str, data: Mapping[str, object]) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")  # noqa: S310
        return self._send(request)

    def _send(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def token_of(page: str, name: str = "csrf_token") -> str:
    found = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page)
    assert found is not None, name
    return found.group(1)


def count(app: Flask, model: type[object]) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_200_simultaneous_registrations(app: Flask, server: Server) -> None:
    with app.app_context():
        create_open_event(db.session(), "ansturm")
        db.session.commit()

    def register(n: int) -> list[int]:
        browser = Browser(server.url)
        status, page = browser.get("/e/ansturm/register")
        assert status == 200
        form = {
            "csrf_token": token_of(page), "submission_key": token_of(page, "submission_key"),
            "name": f"Firma {n:03d}", "offer": "Fräsen", "request": "Kunden", "group": "0",
            "contact_person": "Frau X", "email": f"f{n}@firm.example", "languages": ["de"],
            "consent": "y",
        }  # fmt: skip
        first, _ = browser.post("/e/ansturm/register", form)
        again, _ = browser.post("/e/ansturm/register", form)  # the same form, sent twice
        return [first, again]

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(register, range(200)))
    assert all(a == [303, 303] for a in answers), answers[:5]
    with app.app_context():
        names = db.session.scalars(select(Participant.name)).all()
    assert len(names) == 200
    assert len(set(names)) == 200


def test_500_simultaneous_requests_and_answers(app: Flask, server: Server) -> None:
    with app.app_context():
        event = create_open_event(db.session(), "anfragen", max_requests_per_participant=None)
        firms = [
            create_participant(db.session(), event, f"F{n}", languages=["de"]) for n in range(50)
        ]
        tokens = [link_token(f) for f in firms]
        ids = [f.id for f in firms]
    pairs = [(a, b) for a in range(50) for b in range(50) if a < b][:500]

    def ask(pair: tuple[int, int]) -> int:
        a, b = pair
        browser = Browser(server.url)
        _, page = browser.get(f"/p/{tokens[a]}/profile")
        status, _ = browser.post(
            f"/p/{tokens[a]}/requests",
            {"csrf_token": token_of(page), "partner": ids[b], "priority": "2"},
        )
        return status

    with ThreadPoolExecutor(max_workers=40) as pool:
        assert set(pool.map(ask, pairs)) == {303}
    assert count(app, MeetingRequest) == 500
    with app.app_context():
        pending = {(r.id, r.to_participant_id) for r in db.session.scalars(select(MeetingRequest))}
    by_id = {firm_id: n for n, firm_id in enumerate(ids)}

    def answer(item: tuple[int, int]) -> tuple[int, int]:
        request_id, receiver = item
        browser = Browser(server.url)
        _, page = browser.get(f"/p/{tokens[by_id[receiver]]}/profile")
        path = f"/p/{tokens[by_id[receiver]]}/requests/{request_id}/accept"
        first, _ = browser.post(path, {"csrf_token": token_of(page)})
        second, _ = browser.post(path, {"csrf_token": token_of(page)})  # answered already
        return first, second

    with ThreadPoolExecutor(max_workers=40) as pool:
        assert set(pool.map(answer, sorted(pending))) == {(303, 409)}
    with app.app_context():
        statuses = set(db.session.scalars(select(MeetingRequest.status)).all())
    assert {s.value for s in statuses} == {"accepted"}


def test_two_staff_moving_one_meeting(app: Flask, server: Server) -> None:
    with app.app_context():
        session = db.session()
        for who in ("a", "b"):
            create_staff(session, f"{who}@amt.example", f"{who}-password-123")
        event = create_open_event(session, "zwei")
        one, two = (create_participant(session, event, k, languages=["de"]) for k in "AB")
        version = ScheduleVersion(event_id=event.id, number=1)
        session.add(version)
        session.flush()
        tables = sorted(event.tables, key=lambda t: t.number)
        session.add(Meeting(event_id=event.id, schedule_id=version.id, participant_a_id=one.id,
                            participant_b_id=two.id, slot=1, table_id=tables[0].id))  # fmt: skip
        session.commit()
        meeting_id = session.scalars(select(Meeting.id)).one()
        targets = [(2, tables[1].id), (3, tables[2].id)]

    staff = []
    for who in ("a", "b"):
        browser = Browser(server.url)
        _, page = browser.get("/staff/login")
        status, _ = browser.post("/staff/login", {"csrf_token": token_of(page),
                                                  "email": f"{who}@amt.example",
                                                  "password": f"{who}-password-123"})  # fmt: skip
        assert status == 303
        _, page = browser.get("/staff/e/zwei/timetable/1")
        staff.append((browser, token_of(page)))

    def move(k: int) -> int:
        browser, csrf = staff[k]
        slot, table = targets[k]
        status, _ = browser.post(
            f"/staff/e/zwei/timetable/1/meetings/{meeting_id}/move",
            {"csrf_token": csrf, "slot": slot, "table": table, "revision": 1},
        )
        return status

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(move, range(2)))
    assert results == [303, 409]  # one wins; the other is told the meeting changed
    with app.app_context():
        moved = db.session.get(Meeting, meeting_id)
        assert moved is not None
        assert (moved.slot, moved.table_id) in targets
        assert moved.revision == 2


def test_simultaneous_starts_of_one_run_make_one_job(app: Flask, server: Server) -> None:
    """Ten staff pages start the same run at once, across gunicorn's processes: the database
    keeps one active run; every page is sent to it. (The worker is stopped first, so that
    the run stays active while the pages race.)"""
    assert server.worker is not None
    server.worker.terminate()
    server.worker.wait(timeout=30)
    with app.app_context():
        create_staff(db.session(), "a@amt.example", "a-password-123")
        create_open_event(db.session(), "einmal")
        db.session.commit()
    browser = Browser(server.url)
    _, page = browser.get("/staff/login")
    status, _ = browser.post("/staff/login", {"csrf_token": token_of(page),
                                              "email": "a@amt.example",
                                              "password": "a-password-123"})  # fmt: skip
    assert status == 303
    _, page = browser.get("/staff/e/einmal/timetable")
    csrf = token_of(page)

    def start(_: int) -> int:
        return browser.post("/staff/e/einmal/jobs/recommend", {"csrf_token": csrf})[0]

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(start, range(10))) == {303}
    with app.app_context():
        kinds = db.session.scalars(select(Job.kind)).all()
    assert kinds == ["recommend"]
