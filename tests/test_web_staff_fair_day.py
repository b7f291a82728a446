"""The fair day in the staff console: the desk's notes, repairing the published timetable
with the least change, the big screen, print views and the meetings export; the real app,
the real repair core, a real database and real files."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import datetime, time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEntry,
    Event,
    EventBreak,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
    StaffUser,
)
from matchmaker.models.base import utcnow
from matchmaker.services.fair_day import FairDayError, current_slot, repair_published
from matchmaker.services.schedules import event_problem, store_version, version_placements
from matchmaker.services.staff import create_staff
from tests.conftest import (
    create_open_event,
    create_participant,
    csrf_token,
    link_token,
    staff_login,
)

LOGIN = ("desk@amt.example", "desk-password-1")
PUBLISHED = {("A", "B"): (1, 1), ("A", "C"): (2, 1), ("C", "D"): (1, 2)}


@dataclass(frozen=True)
class Day:
    app: Flask
    web: FlaskClient
    ids: dict[str, int]


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
        for a, b in [*PUBLISHED, ("B", "D")]:  # B-D is wanted but not in the timetable
            session.add(
                MeetingRequest(
                    event_id=event.id,
                    from_participant_id=firms[a].id,
                    to_participant_id=firms[b].id,
                    status=RequestStatus.ACCEPTED,
                )
            )
        version = ScheduleVersion(
            event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED, published_at=utcnow()
        )
        session.add(version)
        session.flush()
        tables = {t.number: t.id for t in event.tables}
        for (a, b), (slot, table) in PUBLISHED.items():
            session.add(
                Meeting(
                    event_id=event.id,
                    schedule_id=version.id,
                    participant_a_id=firms[a].id,
                    participant_b_id=firms[b].id,
                    slot=slot,
                    table_id=tables[table],
                )
            )
        session.commit()
        ids = {k: f.id for k, f in firms.items()}
    web = app.test_client()
    staff_login(web, LOGIN[0], LOGIN[1])
    return Day(app, web, ids)


def token(d: Day) -> str:
    return csrf_token(d.web.get("/staff/e/tag/desk").get_data(as_text=True))


def firm(d: Day, key: str) -> Participant:
    with d.app.app_context():
        found = db.session.get(Participant, d.ids[key])
        assert found is not None
        db.session.expunge(found)
        return found


def desk(d: Day, key: str, action: str, at: str = "") -> int:
    return d.web.post(
        f"/staff/e/tag/desk/{d.ids[key]}/{action}", data={"csrf_token": token(d), "at": at}
    ).status_code


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
    assert rows[0] == ("slot", "start", "end", "table", "firm_a", "firm_b", "interpreter")
    assert rows[1][:6] == (1, "09:00", "09:20", "1", "Firma A", "Firma B")
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


# Issue 16, the fair day: a published timetable with a coffee break as at the demo fair.
NAMES = {
    "A": "Getreidemühle Hadmersleben",
    "B": "АО «Агрохолдинг Иртыш»",
    "C": "ООО «Омская мельница»",
    "D": "Firma D",
    "E": "Firma E",
    "F": "Firma F",
}
LATE_DAY = {  # 09:30 09:50 10:10 10:30 10:50 | 11:10 coffee | 11:30 11:50 12:10
    ("A", "D"): (1, 1), ("B", "E"): (1, 2), ("A", "E"): (2, 1), ("B", "F"): (4, 1),
    ("A", "C"): (5, 1), ("A", "B"): (6, 1), ("C", "D"): (6, 2), ("B", "C"): (7, 1),
    ("E", "F"): (8, 1),
}  # fmt: skip
STARTS = {1: "09:30", 2: "09:50", 3: "10:10", 4: "10:30", 5: "10:50", 6: "11:30", 7: "11:50",
          8: "12:10"}  # fmt: skip


@pytest.fixture
def late(app: Flask) -> Day:
    with app.app_context():
        create_staff(db.session(), *LOGIN)
        ids = plant_late_day(db.session())
    web = app.test_client()
    staff_login(web, LOGIN[0], LOGIN[1])
    return Day(app, web, ids)


def plant_late_day(session: Session) -> dict[str, int]:
    """Event "tag": Getreidemühle (A) meets Иртыш (B) at 11:30 and Омская мельница (C) at
    10:50 in the published version 1 (LATE_DAY); committed. Returns the firms' ids."""
    event = create_open_event(session, "tag", first_slot_start=time(9, 30), slot_count=8)
    event.breaks = [EventBreak(start=time(11, 10), end_time=time(11, 30), label="Kaffee")]
    firms = {
        k: create_participant(session, event, k, name=name, city="Omsk" if k in "BC" else "")
        for k, name in NAMES.items()
    }
    for a, b in LATE_DAY:
        session.add(
            MeetingRequest(
                event_id=event.id,
                from_participant_id=firms[a].id,
                to_participant_id=firms[b].id,
                status=RequestStatus.ACCEPTED,
            )
        )
    version = ScheduleVersion(
        event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED, published_at=utcnow()
    )
    session.add(version)
    session.flush()
    tables = {t.number: t.id for t in event.tables}
    for (a, b), (slot, table) in LATE_DAY.items():
        session.add(
            Meeting(
                event_id=event.id,
                schedule_id=version.id,
                participant_a_id=firms[a].id,
                participant_b_id=firms[b].id,
                slot=slot,
                table_id=tables[table],
            )
        )
    session.commit()
    return {k: f.id for k, f in firms.items()}


def placed(d: Day, number: int) -> dict[frozenset[str], tuple[int, int]]:
    """A version's meetings: the firms' keys -> (slot, table number)."""
    keys = {v: k for k, v in d.ids.items()}
    with d.app.app_context():
        version = db.session.scalars(
            select(ScheduleVersion).where(ScheduleVersion.number == number)
        ).one()
        return {
            frozenset((keys[m.participant_a_id], keys[m.participant_b_id])): (
                m.slot,
                m.table.number,
            )
            for m in version.meetings
        }


def test_a_late_arrival_repaired_as_in_issue_16(late: Day) -> None:
    """ "kommt 11:45", "Nichts ändern vor 11:30", Reparieren: no meeting of Getreidemühle
    before 11:45, nothing new or moved before 11:30, each change with its old and new time,
    and the verifier's verdict on the draft is clean."""
    assert desk(late, "A", "arrives", "11:45") == 303
    response = late.web.post(
        "/staff/e/tag/repair", data={"csrf_token": token(late), "from_slot": 6}
    )
    assert response.status_code == 303
    page = late.web.get(response.location).get_data(as_text=True)
    after = placed(late, 2)
    assert not [slot for pair, (slot, _) in after.items() if "A" in pair and slot <= 6]
    published = {frozenset(p): place for p, place in LATE_DAY.items()}
    assert {p: x for p, x in after.items() if x[0] < 6} == {
        p: x for p, x in published.items() if x[0] < 6 and "A" not in p
    }
    assert "Nichts ändert sich vor 11:30" in page
    ab = after.get(frozenset("AB"))
    row = f"<td>{NAMES['A']} – {NAMES['B']}</td>"
    assert row in page
    if ab is None:
        assert f"{row}\n      <td>abgesagt</td>\n      <td>11:30, 1</td><td>–</td>" in page
    else:
        assert f"<td>11:30, 1</td><td>{STARTS[ab[0]]}, {ab[1]}</td>" in page
    assert "<td>Getreidemühle Hadmersleben kommt um 11:45</td>" in page
    with late.app.app_context():
        version = db.session.scalars(
            select(ScheduleVersion).where(ScheduleVersion.number == 2)
        ).one()
        assert version.frozen_before == 6
    draft = late.web.get("/staff/e/tag/timetable/2").get_data(as_text=True)
    assert "Verletzte Regeln</dt><dd>keine" in draft


def test_the_verifier_flags_a_hand_made_version_that_breaks_the_fair_day(late: Day) -> None:
    """The v4 of the issue, made by hand: A-B at 10:10, before A arrives and before the
    freeze point. The version page names both, and publishing it needs a confirmation."""
    assert desk(late, "A", "arrives", "11:45") == 303
    with late.app.app_context():
        session = db.session()
        event = session.scalars(select(Event).where(Event.slug == "tag")).one()
        built = event_problem(session, event)
        one = session.scalars(select(ScheduleVersion)).one()
        placements = [
            replace(m, slot=3) if m.pair == frozenset(map(str, (late.ids["A"], late.ids["B"])))
            else m
            for m in version_placements(built, one)
        ]  # fmt: skip
        version = store_version(session, event, built, placements, name="v4")
        version.frozen_before = 6
        session.commit()
    page = late.web.get("/staff/e/tag/timetable/2").get_data(as_text=True)
    where = f"{NAMES['A']} – {NAMES['B']} um 10:10, Tisch 1: "
    assert f"{where}Getreidemühle Hadmersleben kommt erst um 11:45" in page
    assert f"{where}liegt vor 11:30, wo sich nichts mehr ändern darf" in page
    assert "Getreidemühle Hadmersleben kommt erst um 11:45" in page  # its 09:30 and 09:50 too
    late.web.get("/language/ru")  # in the reader's language
    ru = late.web.get("/staff/e/tag/timetable/2").get_data(as_text=True)
    assert "Getreidemühle Hadmersleben прибывает только в 11:45" in ru
    assert "стоит до 11:30, где уже ничего нельзя менять" in ru
    assert "<td>11:30, 1</td><td>10:10, 1</td>" in ru  # the change: old and new time, table
    assert "Было: время, стол" in ru
    late.web.get("/language/de")
    refused = late.web.post("/staff/e/tag/timetable/2/publish", data={"csrf_token": token(late)})
    assert refused.status_code == 409
    assert placed(late, 2)  # still a draft: nothing published
    with late.app.app_context():
        statuses = {v.number: v.status for v in db.session.scalars(select(ScheduleVersion))}
    assert statuses == {1: ScheduleStatus.PUBLISHED, 2: ScheduleStatus.DRAFT}


def test_repair_never_uses_a_slot_already_over(late: Day) -> None:
    """At 11:20 on the fair day, "change nothing before 09:30" still changes nothing before
    11:30: 10:50 is over and 11:10 is the coffee break."""
    with late.app.app_context():
        session = db.session()
        event = session.scalars(select(Event).where(Event.slug == "tag")).one()
        b = session.get_one(Participant, late.ids["B"])
        b.no_show = True
        staff_user = session.scalars(select(StaffUser)).one()
        moment = datetime.combine(event.date, time(11, 20))
        run = repair_published(session, event, staff_user, from_slot=1, moment=moment)
        assert (run.version.frozen_before, run.frozen.start) == (6, time(11, 30))
        session.commit()
        late_evening = datetime.combine(event.date, time(13, 0))
        with pytest.raises(FairDayError, match="over"):
            repair_published(session, event, staff_user, moment=late_evening)
    after = placed(late, 2)
    published = {frozenset(p): place for p, place in LATE_DAY.items()}
    assert {p: x for p, x in after.items() if x[0] < 6} == {
        p: x for p, x in published.items() if x[0] < 6
    }  # B's meetings before 11:30 are history, nothing else moved in
    assert not [p for p, x in after.items() if "B" in p and x[0] >= 6]


def test_desk_search_by_name_city_or_contact_in_any_case_and_script(late: Day) -> None:
    page = late.web.get("/staff/e/tag/desk?q=ОМСКАЯ").get_data(as_text=True)
    assert NAMES["C"] in page
    assert NAMES["B"] not in page
    assert "1 von 6 Unternehmen passt zu „ОМСКАЯ“." in page
    page = late.web.get("/staff/e/tag/desk?q=omsk").get_data(as_text=True)
    assert [name in page for name in (NAMES["A"], NAMES["B"], NAMES["C"])] == [False, True, True]
    page = late.web.get("/staff/e/tag/desk?q=getreide+hadmers").get_data(as_text=True)
    assert [name in page for name in (NAMES["A"], NAMES["B"])] == [True, False]
    assert "0 von 6 Unternehmen eingecheckt" in page  # the figures count every firm
    none = late.web.get("/staff/e/tag/desk?q=Zzz").get_data(as_text=True)
    assert "Kein Unternehmen passt zu Ihrer Suche." in none
    response = late.web.post(
        f"/staff/e/tag/desk/{late.ids['C']}/check_in?q=omsk", data={"csrf_token": token(late)}
    )
    assert response.location.endswith(f"/staff/e/tag/desk?q=omsk#firm-{late.ids['C']}")


def test_desk_search_in_latin_as_heard_and_by_e_mail(late: Day) -> None:
    """Walk 16 #4: German desk staff type what they hear or read on a passport: "Sokolova"
    finds the contact Соколова, "Omsk Med" and "omskmed" (from the e-mail address) the firm
    ООО «Омск Мед», "Muller" and "Mueller" the contact Müller."""
    with late.app.app_context():
        session = db.session()
        omsk = session.get(Participant, late.ids["C"])
        mill = session.get(Participant, late.ids["A"])
        assert omsk is not None
        assert mill is not None
        omsk.name, omsk.contact_person = "ООО «Омск Мед»", "Ирина Соколова"
        omsk.email = "info@omskmed.example"
        mill.contact_person = "Jürgen Müller"
        session.commit()
    for query in ("Sokolova", "Omsk Med", "omskmed", "Irina Sokolowa", "ОМСК МЕД"):
        page = late.web.get(f"/staff/e/tag/desk?q={query}").get_data(as_text=True)
        assert "ООО «Омск Мед»" in page, query
        assert NAMES["A"] not in page, query
    for query in ("Muller", "Mueller", "müller", "Juergen"):
        page = late.web.get(f"/staff/e/tag/desk?q={query}").get_data(as_text=True)
        assert NAMES["A"] in page, query
        assert "ООО «Омск Мед»" not in page, query
    page = late.web.get("/staff/e/tag/desk?q=Sokolova+Muller").get_data(as_text=True)
    assert "Kein Unternehmen passt zu Ihrer Suche." in page  # every word, in one firm


def test_the_audit_log_shows_a_repair_freeze_point_as_a_time(late: Day) -> None:
    """Walk 16 #17: "ab 11:30", not "ab Zeitfenster: 6"; no column that is empty in every
    row, and the subject where the entries have one."""
    repaired = late.web.post(
        "/staff/e/tag/repair", data={"csrf_token": token(late), "from_slot": 6}
    )
    assert repaired.status_code == 303
    page = late.web.get("/staff/e/tag/audit").get_data(as_text=True)
    assert "Änderungen ab: 11:30" in page
    assert "Zeitfenster" not in page
    assert ">Gegenstand</th>" not in page  # no entry here has a subject
    assert desk(late, "A", "check_in") == 303
    page = late.web.get("/staff/e/tag/audit").get_data(as_text=True)
    assert ">Gegenstand</th>" in page
    assert f"<td>{NAMES['A']}</td>" in page


def test_the_big_screen_before_the_fair_day_says_when_meetings_begin(late: Day) -> None:
    """Walk 16 #24: not only "Gerade keine Gespräche", but when the first meeting starts."""
    page = late.web.get("/staff/e/tag/now").get_data(as_text=True)
    assert "Gerade keine Gespräche." in page
    assert "Das erste Gespräch beginnt am " in page
    assert " um 09:30." in page
