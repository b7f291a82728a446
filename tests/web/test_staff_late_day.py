"""Issue 16's fair day in the staff console: a late arrival repaired with the least change
and nothing changed before the freeze point, the verifier on hand-made versions, and the
desk's search; the real app, the real repair core, a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

import pytest
from flask import Flask
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, Participant, ScheduleStatus, ScheduleVersion, StaffUser
from matchmaker.services.fair_day import FairDayError, repair_published
from matchmaker.services.schedules import event_problem, version_placements
from matchmaker.services.staff import create_staff
from matchmaker.services.versions import store_version
from tests.conftest import staff_login
from tests.fair_day import LATE_DAY, LOGIN, NAMES, STARTS, Day, desk, plant_late_day, token


@pytest.fixture
def late(app: Flask) -> Day:
    with app.app_context():
        create_staff(db.session(), *LOGIN)
        ids = plant_late_day(db.session())
    web = app.test_client()
    staff_login(web, LOGIN[0], LOGIN[1])
    return Day(app, web, ids)


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
