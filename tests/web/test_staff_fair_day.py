"""The fair day in the staff console: the desk's notes, repairing the published timetable
with the least change, the big screen, print views and the meetings export; the real app,
the real repair core, a real database and real files."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, time

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEntry, Event, Participant, ScheduleStatus, ScheduleVersion
from matchmaker.services.fair_day import current_slot
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant, link_token
from tests.fair_day import LOGIN, Day, desk, publish_day, token

PUBLISHED = {("A", "B"): (1, 1), ("A", "C"): (2, 1), ("C", "D"): (1, 2)}


@pytest.fixture
def day(app: Flask) -> Day:
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "tag")
        firms = {
            k: create_participant(session, event, k, name=f"Firma {k}", languages=["de"])
            for k in "ABCD"
        }
        publish_day(session, event, firms, PUBLISHED, wanted=[("B", "D")])  # B-D not placed
        session.commit()
        ids = {k: f.id for k, f in firms.items()}
    web = app.test_client()
    staff_login(web, LOGIN[0], LOGIN[1])
    return Day(app, web, ids)


def firm(d: Day, key: str) -> Participant:
    with d.app.app_context():
        found = db.session.get(Participant, d.ids[key])
        assert found is not None
        db.session.expunge(found)
        return found


def test_desk_records_check_in_no_show_and_late_arrival(day: Day) -> None:
    assert desk(day, "A", "check_in") == 303
    assert firm(day, "A").checked_in_at is not None
    assert desk(day, "D", "absent") == 303
    assert firm(day, "D").no_show is True
    assert desk(day, "B", "arrives", "10:00") == 303
    assert firm(day, "B").arrives_at == time(10, 0)
    assert desk(day, "C", "leaves", "zehn") == 303  # refused with a message, nothing noted
    assert firm(day, "C").leaves_at is None
    page = day.web.get("/staff/e/tag/desk").get_data(as_text=True)
    assert "1 von 4 Unternehmen eingecheckt, 1 kommt nicht." in page  # walk 16 #15
    assert desk(day, "C", "absent") == 303
    page = day.web.get("/staff/e/tag/desk").get_data(as_text=True)
    assert "1 von 4 Unternehmen eingecheckt, 2 kommen nicht." in page
    day.web.get("/language/ru")
    page = day.web.get("/staff/e/tag/desk").get_data(as_text=True)
    assert "На месте 1 из 4 компаний, не придут 2." in page
    day.web.get("/language/de")
    assert desk(day, "C", "reset") == 303
    assert desk(day, "D", "reset") == 303
    assert firm(day, "D").no_show is False
    with day.app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == [
        "desk.check_in", "desk.absent", "desk.arrives", "desk.absent", "desk.reset", "desk.reset"
    ]  # fmt: skip


def test_desk_refusals(day: Day, app: Flask) -> None:
    assert day.web.post(f"/staff/e/tag/desk/{day.ids['A']}/check_in").status_code == 400
    with app.app_context():
        other = create_open_event(db.session(), "fremd")
        stranger = create_participant(db.session(), other, "Z")
        stranger_id = stranger.id
        db.session.commit()
    response = day.web.post(
        f"/staff/e/tag/desk/{stranger_id}/check_in", data={"csrf_token": token(day)}
    )
    assert response.status_code == 404
    assert app.test_client().get("/staff/e/tag/desk").status_code == 302  # anonymous


def test_repair_cancels_the_absent_firms_meetings_and_keeps_the_rest(day: Day) -> None:
    assert desk(day, "D", "absent") == 303
    response = day.web.post("/staff/e/tag/repair", data={"csrf_token": token(day), "from_slot": 1})
    assert (response.status_code, response.location) == (303, "/staff/e/tag/repair/2")
    page = day.web.get(response.location).get_data(as_text=True)
    assert "Fassung 2 (Entwurf)" in page
    assert "<td>Firma C – Firma D</td>" in page
    assert "<td>09:00, 2</td><td>–</td>" in page  # was at 09:00 at table 2, now nowhere
    assert "<td>Firma D kommt nicht</td>" in page  # why, in German
    with day.app.app_context():
        version = db.session.scalars(
            select(ScheduleVersion).where(ScheduleVersion.number == 2)
        ).one()
        assert (version.name, version.name_values) == ("repair of %(num)d", {"num": 1})
    with day.app.app_context():
        version = db.session.scalars(
            select(ScheduleVersion).where(ScheduleVersion.number == 2)
        ).one()
        assert version.status == ScheduleStatus.DRAFT
        event = db.session.scalars(select(Event)).first()
        assert event is not None
        numbers = {t.id: t.number for t in event.tables}
        placed = {
            frozenset((m.participant_a_id, m.participant_b_id)): (m.slot, numbers[m.table_id])
            for m in version.meetings
        }
    ids = day.ids
    assert placed[frozenset((ids["A"], ids["B"]))] == (1, 1)  # exactly where it was
    assert placed[frozenset((ids["A"], ids["C"]))] == (2, 1)
    assert frozenset((ids["C"], ids["D"])) not in placed
    assert frozenset((ids["B"], ids["D"])) not in placed  # D is absent


def test_reloading_the_repair_result_repairs_nothing_again(day: Day) -> None:
    """Post/redirect/get: the result is a page of its own, so that reloading it (as a hurried
    desk does while it waits) makes no further draft and no further audit entry."""
    assert desk(day, "D", "absent") == 303
    response = day.web.post("/staff/e/tag/repair", data={"csrf_token": token(day), "from_slot": 1})
    assert response.status_code == 303
    for _ in range(3):
        page = day.web.get(response.location).get_data(as_text=True)
        assert "Fassung 2 (Entwurf)" in page
        assert "2 Gespräche bleiben genau, wo sie waren; 2 Änderungen" in page  # C-D is out
    with day.app.app_context():
        numbers = list(db.session.scalars(select(ScheduleVersion.number)))
        repairs = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "version.repair")
        ).all()
    assert sorted(numbers) == [1, 2]
    assert len(repairs) == 1
    assert day.web.get("/staff/e/tag/repair/1").status_code == 404  # not a repair


def test_repair_needs_a_published_timetable(app: Flask, day: Day) -> None:
    with app.app_context():
        for version in db.session.scalars(select(ScheduleVersion)):
            version.status = ScheduleStatus.DRAFT
        db.session.commit()
    response = day.web.post(
        "/staff/e/tag/repair", data={"csrf_token": token(day)}, follow_redirects=True
    )
    assert "Es gibt keinen veröffentlichten Zeitplan" in response.get_data(as_text=True)


def test_current_slot_on_the_fair_day(day: Day) -> None:
    with day.app.app_context():
        event = db.session.scalars(select(Event).where(Event.slug == "tag")).one()
        on_day = datetime.combine(event.date, time(9, 25))
        slot = current_slot(event, on_day)
        assert slot is not None
        assert (slot.number, slot.start) == (2, time(9, 20))
        early = current_slot(event, datetime.combine(event.date, time(7, 0)))
        assert early is not None
        assert early.number == 1
        assert current_slot(event, datetime.combine(event.date, time(18, 0))) is None
        assert current_slot(event, datetime(2000, 1, 1, 9, 25)) is None
    page = day.web.get("/staff/e/tag/now").get_data(as_text=True)
    assert "Gerade keine Gespräche." in page  # the fair day is ahead: no slot under way


def test_print_views(day: Day) -> None:
    plan = day.web.get("/staff/e/tag/print/plan").get_data(as_text=True)
    assert plan.count('class="print-page slot-page"') == 2  # the slots with meetings
    assert "Firma A – Firma B" in plan
    door = day.web.get("/staff/e/tag/print/door").get_data(as_text=True)
    assert door.count("☐") == 4
    agendas = day.web.get("/staff/e/tag/print/agendas").get_data(as_text=True)
    assert agendas.count('class="print-page slot-page"') == 4
    assert "Firma D" in agendas


def test_meetings_export_as_xlsx_and_csv(day: Day) -> None:
    response = day.web.get("/staff/e/tag/export/meetings.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("slot", "date", "start", "end", "table", "firm_a", "firm_b", "interpreter")
    with day.app.app_context():
        on = db.session.scalars(select(Event)).one().date.isoformat()
    assert rows[1][:7] == (1, on, "09:00", "09:20", "1", "Firma A", "Firma B")
    assert len(rows) == 4
    text = day.web.get("/staff/e/tag/export/meetings.csv").data.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 4


def test_feedback_and_the_outcome_report(day: Day) -> None:
    with day.app.app_context():
        a = link_token(db.session.get_one(Participant, day.ids["A"]))
    web = day.app.test_client()
    page = web.get(f"/p/{a}/feedback").get_data(as_text=True)
    assert "Firma B" in page
    assert "Firma C" in page
    answers = {
        "csrf_token": csrf_token(page),
        f"met-{day.ids['B']}": "1",
        f"follow-{day.ids['B']}": "1",
        f"coop-{day.ids['B']}": "1",
        f"comment-{day.ids['B']}": "Pilotauftrag Sterilgut vereinbart",
        f"coop-{day.ids['C']}": "1",  # not met: cooperation cannot count
    }
    assert web.post(f"/p/{a}/feedback", data=answers).status_code == 303
    assert web.post(f"/p/{a}/feedback", data={}).status_code == 400
    again = web.get(f"/p/{a}/feedback").get_data(as_text=True)
    assert "Pilotauftrag Sterilgut vereinbart" in again
    report = day.web.get("/staff/e/tag/report").get_data(as_text=True)
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)", report))
    assert figures["Gemeldete Gespräche"] == "1"
    assert figures["Vereinbartes Folgegespräch"] == "1"
    assert figures["Begonnene Zusammenarbeit"] == "1"
    assert "<strong>Firma A</strong> – <strong>Firma B</strong>: Pilotauftrag" in report
    sheet = load_workbook(io.BytesIO(day.web.get("/staff/e/tag/report.xlsx").data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("firm", "partner", "met", "follow_up", "cooperation", "comment")
    assert ("Firma A", "Firma C", "no", "no", "no", None) in rows or (
        "Firma A",
        "Firma C",
        "no",
        "no",
        "no",
        "",
    ) in rows


def test_the_outcome_report_has_the_figures_of_the_day(day: Day) -> None:
    """The committee report says how the day went at the desk: firms checked in, not
    coming, arriving late (a journey's last step reads them there), and it has the console's
    menu back to the fair."""
    assert desk(day, "A", "check_in") == 303
    assert desk(day, "C", "check_in") == 303
    assert desk(day, "D", "absent") == 303
    assert desk(day, "B", "arrives", "10:00") == 303
    report = day.web.get("/staff/e/tag/report").get_data(as_text=True)
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)", report))
    assert figures["Am Tag eingecheckte Unternehmen"] == "2"
    assert figures["Nicht erschienene Unternehmen"] == "1"
    assert figures["Später gekommene Unternehmen"] == "1"
    assert 'href="/staff/e/tag/"' in report


def test_feedback_only_about_scheduled_partners(day: Day) -> None:
    from matchmaker.services.outcome import Answer, FeedbackError, save_feedback

    with day.app.app_context():
        firm_b = db.session.get(Participant, day.ids["B"])
        assert firm_b is not None
        with pytest.raises(FeedbackError):
            save_feedback(db.session(), firm_b, {day.ids["D"]: Answer(True, True, True)})


def test_statistics_dashboard(day: Day) -> None:
    page = day.web.get("/staff/e/tag/stats").get_data(as_text=True)
    assert page.count("<figure") == 7
    assert page.count("<svg") == 6  # the test firms name no sectors: that chart is empty
    assert "4 teilnehmende Unternehmen" in page
    histogram = re.search(
        r"Unternehmen nach Zahl der Gespräche</figcaption>(.*?)</figure>", page, re.S
    )
    assert histogram is not None
    rows = dict(re.findall(r'<th scope="row">(\d+)</th><td>(\d+)</td>', histogram.group(1)))
    assert rows == {"0": "0", "1": "2", "2": "2"}  # B, D one meeting; A, C two


def test_repair_after_a_firm_was_erased_cancels_its_meetings(day: Day) -> None:
    """A firm erased at its request after publishing: a repair takes its meetings out, as
    for a firm that does not come, and names it as the erased firm it now is."""
    page = day.web.get(f"/staff/e/tag/firms/{day.ids['D']}/edit").get_data(as_text=True)
    erased = day.web.post(f"/staff/e/tag/firms/{day.ids['D']}/erase",
                          data={"csrf_token": csrf_token(page)})  # fmt: skip
    assert erased.status_code == 303
    response = day.web.post("/staff/e/tag/repair", data={"csrf_token": token(day), "from_slot": 1})
    assert (response.status_code, response.location) == (303, "/staff/e/tag/repair/2")
    result = day.web.get(response.location).get_data(as_text=True)
    assert "<td>09:00, 2</td><td>–</td>" in result  # C-D was at 09:00 at table 2, now nowhere
    with day.app.app_context():
        version = db.session.scalars(
            select(ScheduleVersion).where(ScheduleVersion.number == 2)
        ).one()
        pairs = {frozenset((m.participant_a_id, m.participant_b_id)) for m in version.meetings}
    assert frozenset((day.ids["C"], day.ids["D"])) not in pairs
    assert frozenset((day.ids["A"], day.ids["B"])) in pairs
