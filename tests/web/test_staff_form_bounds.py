"""The staff console's small forms bound what they are sent (issue 20: `forms/timetable.py`,
`forms/tables.py`, `forms/fair_day.py`, `forms/outbox.py`, `forms/firm_console.py`): numbers
out of range are clamped to the pages' bounds, missing or malformed ones fall back to the
pages' defaults, a move or a lock without its integers is refused (400) and changes nothing,
and every button without its CSRF token is refused (400). The real app and database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from matchmaker.extensions import db
from matchmaker.forms.bounded import MAX_ITEMS
from matchmaker.forms.fair_day import DeskQuery
from matchmaker.forms.outbox import InviteFirmsForm, OutboxQuery
from matchmaker.models import (
    Job,
    MailState,
    Meeting,
    Organisation,
    Participant,
    ScheduleStatus,
    ScheduleVersion,
)
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant

LOGIN = ("bounds@amt.example", "bounds-password-1")
E = "/staff/e/bounds"


@dataclass(frozen=True)
class Desk:
    """The app, a client with staff logged in, and the ids the tests post."""

    app: Flask
    web: FlaskClient
    firm: int
    meeting: int
    table: int

    def token(self) -> str:
        return csrf_token(self.web.get(f"{E}/timetable").get_data(as_text=True))

    def post(self, url: str, **data: str | list[str]) -> int:
        """Post the fields with a valid CSRF token; the answer's status."""
        return self.web.post(url, data={"csrf_token": self.token(), **data}).status_code

    def meeting_now(self) -> tuple[int, int, int, bool]:
        """The meeting's slot, table, revision and lock as stored."""
        with self.app.app_context():
            found = db.session.get(Meeting, self.meeting)
            assert found is not None
            return found.slot, found.table_id, found.revision, found.locked

    def job_params(self) -> list[dict[str, object]]:
        with self.app.app_context():
            return [dict(job.params) for job in db.session.scalars(select(Job).order_by(Job.id))]


@pytest.fixture
def desk(app: Flask) -> Desk:
    """Event "bounds" with two firms and a draft version (number 1) holding their meeting at
    slot 1, table 1; staff logged in."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "bounds")
        a = create_participant(session, event, "A", languages=["de"])
        b = create_participant(session, event, "B", languages=["de"])
        draft = ScheduleVersion(event_id=event.id, number=1, status=ScheduleStatus.DRAFT)
        session.add(draft)
        session.flush()
        table = next(t for t in event.tables if t.number == 1)
        meeting = Meeting(event_id=event.id, schedule_id=draft.id, participant_a_id=a.id,
                          participant_b_id=b.id, slot=1, table_id=table.id)  # fmt: skip
        session.add(meeting)
        session.commit()
        ids = a.id, meeting.id, table.id
    web = app.test_client()
    assert staff_login(web, *LOGIN) == 303
    return Desk(app, web, *ids)


def test_a_scheduler_run_is_clamped_to_the_pages_bounds(desk: Desk) -> None:
    status = desk.post(
        f"{E}/jobs/schedule",
        time_limit="1e9",
        recommended="999",
        start_from="0",
        include_pending="on",  # the page sends "1": anything else is unticked, as before
        name="x" * 300,
    )
    assert status == 303
    assert desk.job_params() == [
        {
            "time_limit": 300.0,
            "recommended": 20,
            "start_from": None,
            "include_pending": False,
            "name": "x" * 200,  # cut to the column
        }
    ]


def test_malformed_run_numbers_fall_to_the_pages_defaults(desk: Desk) -> None:
    status = desk.post(
        f"{E}/jobs/schedule",
        time_limit="dreißig",
        recommended="",
        start_from="2",
        include_pending="1",
    )
    assert status == 303
    (params,) = desk.job_params()
    assert params["time_limit"] == 30.0
    assert params["recommended"] == 0
    assert params["start_from"] == 2
    assert params["include_pending"] is True


@pytest.mark.parametrize(
    ("sent", "kept"), [("999", 50), ("-3", 1), ("0", 10), ("zehn", 10), (None, 10), ("25", 25)]
)
def test_partners_per_firm_are_1_to_50_and_10_when_not_given(
    desk: Desk, sent: str | None, kept: int
) -> None:
    data = {} if sent is None else {"top_k": sent}
    assert desk.post(f"{E}/jobs/recommend", **data) == 303
    assert desk.job_params() == [{"top_k": kept}]


@pytest.mark.parametrize(
    "changes",
    [{"slot": "abc"}, {"slot": ""}, {"table": "1.5"}, {"revision": None}, {"table": None}],
)
def test_a_move_without_its_integers_is_refused_and_changes_nothing(
    desk: Desk, changes: dict[str, str | None]
) -> None:
    before = desk.meeting_now()
    fields = {"slot": "2", "table": str(desk.table), "revision": str(before[2])}
    for name, value in changes.items():
        fields.pop(name)
        if value is not None:
            fields[name] = value
    assert desk.post(f"{E}/timetable/1/meetings/{desk.meeting}/move", **fields) == 400
    assert desk.meeting_now() == before


def test_a_valid_move_still_moves(desk: Desk) -> None:
    revision = desk.meeting_now()[2]
    fields = {"slot": " 2 ", "table": str(desk.table), "revision": str(revision)}
    assert desk.post(f"{E}/timetable/1/meetings/{desk.meeting}/move", **fields) == 303
    assert desk.meeting_now()[:2] == (2, desk.table)


@pytest.mark.parametrize("revision", [None, "", "eins"])
def test_a_lock_without_its_revision_is_refused(desk: Desk, revision: str | None) -> None:
    data = {} if revision is None else {"revision": revision}
    assert desk.post(f"{E}/timetable/1/meetings/{desk.meeting}/lock", **data) == 400
    assert desk.meeting_now()[3] is False


BUTTONS = [
    "/jobs/schedule",
    "/jobs/recommend",
    "/timetable/1/meetings/{meeting}/move",
    "/timetable/1/meetings/{meeting}/lock",
    "/timetable/1/publish",
    "/tables",
    "/tables/1/1/theme",
    "/tables/move",
    "/desk/{firm}/check_in",
    "/repair",
    "/firms/invite",
    "/outbox/retry",
    "/firms/{firm}/replace-link",
    "/firms/{firm}/recruiter",
]


@pytest.mark.parametrize("button", BUTTONS)
def test_every_button_without_its_csrf_token_is_refused(desk: Desk, button: str) -> None:
    url = E + button.format(meeting=desk.meeting, firm=desk.firm)
    before = desk.meeting_now()
    data = {
        "slot": "2",
        "table": str(desk.table),
        "revision": str(before[2]),
        "firm": str(desk.firm),
        "round": "1",
        "theme": "Pflege",
        "name": "Neu",
        "send": "1",
        "which": "all",
        "recruited_by": "",
    }
    assert desk.web.post(url, data=data).status_code == 400
    assert desk.web.post(url, data={**data, "csrf_token": "forged"}).status_code == 400
    assert desk.meeting_now() == before
    assert desk.job_params() == []


def test_moving_a_firm_at_the_tables_keeps_its_answers(desk: Desk) -> None:
    """A firm that is missing or no number is 404 (checked first), a place without its
    round or table 400, as before the form."""
    move = f"{E}/tables/move"
    assert desk.post(move, round="1", table="1") == 404
    assert desk.post(move, firm="Firma A", round="1", table="1") == 404
    assert desk.post(move, firm="0") == 404
    assert desk.post(move, firm=str(desk.firm), round="eins", table="1") == 400
    assert desk.post(move, firm=str(desk.firm), table="1") == 400


def test_a_mail_id_that_is_no_number_is_refused_rather_than_retrying_all(desk: Desk) -> None:
    assert desk.post(f"{E}/outbox/retry", mail="alle") == 400


def test_the_credit_of_a_firm_takes_an_organisation_id_or_none(desk: Desk) -> None:
    with desk.app.app_context():
        office = db.session.scalars(select(Organisation.id)).one()
        firm = db.session.get(Participant, desk.firm)
        assert firm is not None
        firm.recruited_by_id = office
        db.session.commit()

    def credit() -> int | None:
        with desk.app.app_context():
            found = db.session.get(Participant, desk.firm)
            assert found is not None
            return found.recruited_by_id

    url = f"{E}/firms/{desk.firm}/recruiter"
    assert desk.post(url, recruited_by="Testamt") == 400
    assert credit() == office
    assert desk.post(url, recruited_by="") == 303  # the "—" choice: credited to nobody
    assert credit() is None
    assert desk.post(url, recruited_by=str(office)) == 303
    assert credit() == office


def test_query_strings_are_read_through_bounded_forms(desk: Desk) -> None:
    page = desk.web.get(f"{E}/desk", query_string={"q": "  " + "x" * 500}).get_data(as_text=True)
    assert 'value="' + "x" * 200 + '"' in page
    assert desk.web.get(f"{E}/outbox", query_string={"state": "kaputt"}).status_code == 200
    assert desk.web.get(f"{E}/timetable/1", query_string={"meeting": "abc"}).status_code == 200
    with desk.app.test_request_context(query_string={"q": " Börde\x07 ", "state": "failed"}):
        assert DeskQuery(request.args).q.data == "Börde"
        assert OutboxQuery(request.args).chosen() == MailState.FAILED
        assert OutboxQuery(MultiDict()).chosen() is None


def test_ticked_firms_leave_out_what_is_no_id_and_are_bounded(desk: Desk) -> None:
    ticked = ["3", "drei", "4", *(str(n) for n in range(MAX_ITEMS + 5))]
    with desk.app.test_request_context(method="POST", data={"firm": ticked, "draft_ok": "on"}):
        form = InviteFirmsForm(meta={"csrf": False})
        assert form.firm.data[:2] == [3, 4]
        assert len(form.firm.data) == MAX_ITEMS
        assert form.draft_ok.data is False
        assert not form.everyone()
