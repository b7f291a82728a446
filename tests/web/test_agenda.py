"""A firm's agenda once staff publish: page, now-and-next, print view and the .ics file,
from a timetable the real scheduler made and the real database stored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

import icalendar
import pytest
from flask import Flask
from sqlalchemy import select

from matchmaker.core.scheduling.scheduler import ScheduleOptions
from matchmaker.extensions import db
from matchmaker.models import Event, Meeting, MeetingRequest, RequestStatus, ScheduleVersion
from matchmaker.services.agenda import agenda_for
from matchmaker.services.convert import event_slots
from matchmaker.services.drafts import generate_draft
from matchmaker.services.versions import publish_version
from tests.factories import create_open_event, create_participant, link_token


@dataclass(frozen=True)
class Fair:
    app: Flask
    tokens: dict[str, str]
    ids: dict[str, int]


@pytest.fixture
def fair(app: Flask) -> Fair:
    """Three firms; A wants to meet B and C, both accepted."""
    with app.app_context():
        session = db.session()
        event = create_open_event(session, timezone="Europe/Berlin")
        languages = {"A": ["de", "ru"], "B": ["ru"], "C": ["en", "de"]}
        firms = {
            key: create_participant(
                session,
                event,
                key,
                name=f"Firma {key}",
                languages=languages[key],
                contact_person=f"Person {key}",
                email=f"{key.lower()}@firm.example",
            )
            for key in "ABC"
        }
        for partner in "BC":
            session.add(
                MeetingRequest(
                    event_id=event.id,
                    from_participant_id=firms["A"].id,
                    to_participant_id=firms[partner].id,
                    status=RequestStatus.ACCEPTED,
                )
            )
        session.commit()
        return Fair(
            app, {k: link_token(f) for k, f in firms.items()}, {k: f.id for k, f in firms.items()}
        )


def publish(fair: Fair) -> ScheduleVersion:
    with fair.app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        run = generate_draft(session, event, options=ScheduleOptions(time_limit=10))
        publish_version(session, event, run.version)
        session.commit()
        session.refresh(run.version)
        session.expunge(run.version)
        return run.version


def test_agenda_before_publishing_says_so(fair: Fair) -> None:
    html = fair.app.test_client().get(f"/p/{fair.tokens['A']}/agenda").get_data(as_text=True)
    assert "noch nicht veröffentlicht" in html


def test_published_agenda_shows_time_table_partner_and_language(fair: Fair) -> None:
    publish(fair)
    web = fair.app.test_client()
    html = web.get(f"/p/{fair.tokens['A']}/agenda").get_data(as_text=True)
    assert "Firma B" in html
    assert "Firma C" in html
    assert ">Russisch</td>" in html  # the language A and B share, by its name
    assert ">Deutsch</td>" in html
    assert re.search(r">(09|10):[0-5]0–(09|10|11):[0-5]0 Uhr<", html)
    assert "b@firm.example" in html  # a scheduled partner's contact is shown
    partners = web.get(f"/p/{fair.tokens['A']}/partners?all=1").get_data(as_text=True)
    assert "b@firm.example" in partners
    other = web.get(f"/p/{fair.tokens['B']}/partners?all=1").get_data(as_text=True)
    assert "c@firm.example" not in other  # B and C do not meet
    english = web.get(f"/p/{fair.tokens['A']}/agenda", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert re.search(r">(9|10):[0-5]0\s–\s(9|10|11):[0-5]0\sAM<", english)
    printed = web.get(f"/p/{fair.tokens['A']}/agenda/print").get_data(as_text=True)
    assert "Firma B" in printed
    assert 'class="tabs"' not in printed
    assert ">Russisch</td>" in printed


def test_a_korean_agenda_names_the_day_period_once_and_the_languages_in_korean(
    fair: Fair,
) -> None:
    """Walk 17, findings 1 and 2: a meeting's time reads "오전 9:00~9:20" (not "오전 9:00–오전
    9:20"), and the language two partners share its Korean name (not "RU"), on the agenda
    page, its print view and the calendar of a firm that reads Korean."""
    with fair.app.app_context():
        from matchmaker.models import Participant

        firm = db.session.get(Participant, fair.ids["A"])
        assert firm is not None
        firm.locale = "ko"  # its printed agenda and calendar: in Korean
        partner = db.session.get(Participant, fair.ids["B"])
        assert partner is not None
        partner.country = "RU"
        db.session.commit()
    publish(fair)
    web = fair.app.test_client()
    web.set_cookie("lang", "ko")
    for view in ("agenda", "agenda/print"):
        html = web.get(f"/p/{fair.tokens['A']}/{view}").get_data(as_text=True)
        cells = re.findall(r'<td data-label="시간">([^<]*)</td>', html)
        assert len(cells) == 2, view
        for cell in cells:  # the morning named once, before both times
            assert re.fullmatch(r"오전 (9|10|11):[0-5]0\s?~\s?(9|10|11|12):[0-5]0", cell), cell
        assert ">러시아어</td>" in html, view
        assert ">독일어</td>" in html, view
        assert "Firma B</strong> (러시아)" in html, view  # the partner's country by name, too
    calendar = icalendar.Calendar.from_ical(web.get(f"/p/{fair.tokens['A']}/agenda.ics").data)
    descriptions = " ".join(str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT"))
    assert "언어: 러시아어" in descriptions


def test_time_ranges_follow_each_languages_own_interval_pattern(app: Flask) -> None:
    """Walk 17, finding 1: one filter formats a span of clock times by CLDR's interval
    patterns in every page language (only Korean and English name the day period)."""
    from flask_babel import force_locale

    from matchmaker.i18n import clock_range

    expected = {
        "de": ("09:00–09:20 Uhr", "11:40–12:20 Uhr"),
        "en": ("9:00 – 9:20 AM", "11:40 AM – 12:20 PM"),
        "ru": ("09:00—09:20", "11:40—12:20"),
        "uk": ("09:00–09:20", "11:40–12:20"),
        "pl": ("09:00–09:20", "11:40–12:20"),
        "ko": ("오전 9:00~9:20", "오전 11:40 ~ 오후 12:20"),
    }
    with app.test_request_context():
        for language, (morning, noon) in expected.items():
            with force_locale(language):
                shown = (clock_range(time(9), time(9, 20)), clock_range(time(11, 40), time(12, 20)))
            assert tuple(" ".join(s.split()) for s in shown) == (morning, noon), language


def test_now_and_next_on_the_fair_day(fair: Fair) -> None:
    publish(fair)
    with fair.app.app_context():
        from matchmaker.models import Participant

        firm = db.session.get(Participant, fair.ids["A"])
        assert firm is not None
        agenda = agenda_for(db.session(), firm)
        day = firm.event.date
        first, second = agenda.items
        assert agenda.now_and_next(datetime.combine(day, time(7, 0))) == (None, first)
        assert agenda.now_and_next(datetime.combine(day, first.start)) == (first, second)
        assert agenda.now_and_next(datetime.combine(day, second.start)) == (second, None)
        assert agenda.now_and_next(datetime.combine(day, time(23, 0))) == (None, None)
        before = datetime.combine(day.replace(year=day.year - 1), time(12, 0))
        assert agenda.now_and_next(before) == (None, None)  # not "next" months ahead


def test_ics_parses_with_times_zone_and_stable_uids(fair: Fair) -> None:
    first = publish(fair)
    web = fair.app.test_client()
    response = web.get(f"/p/{fair.tokens['A']}/agenda.ics")
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    assert {str(e["STATUS"]) for e in events} == {"CONFIRMED"}
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    with fair.app.app_context():
        meetings = db.session.scalars(select(Meeting).order_by(Meeting.slot)).all()
        event = db.session.scalars(select(Event)).one()
        expected = {
            (m.participant_a_id + m.participant_b_id - fair.ids["A"], m.slot) for m in meetings
        }
        date = event.date
        slot_starts = {s.start: s.number for s in event_slots(event)}
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert all(s.tzinfo is not None and s.utcoffset() is not None for s in starts)
    assert {s.date() for s in starts} == {date}
    assert {int(str(e["SEQUENCE"])) for e in events} == {first.number}
    by_partner = {int(str(e["UID"]).split("-")[-1].split("@")[0]) for e in events}
    assert by_partner | {fair.ids["A"]} >= {p for p, _ in expected}
    assert {slot_starts[s.time()] for s in starts} == {slot for _, slot in expected}
    uids = {str(e["UID"]) for e in events}
    summary = {str(e["SUMMARY"]) for e in events}
    assert any(s.startswith("Gespräch mit Firma B, Tisch") for s in summary)
    descriptions = {str(e["DESCRIPTION"]) for e in events}  # shared languages by name
    assert {"Sprachen: Russisch", "Sprachen: Deutsch"} <= {
        line for d in descriptions for line in d.splitlines()
    }

    # B withdraws; re-published, A's calendar keeps the UIDs, cancels B's meeting
    with fair.app.app_context():
        from matchmaker.models import Participant, ParticipantStatus

        firm_b = db.session.get(Participant, fair.ids["B"])
        assert firm_b is not None
        firm_b.status = ParticipantStatus.WITHDRAWN
        db.session.commit()
    second = publish(fair)
    assert second.number > first.number
    again = icalendar.Calendar.from_ical(web.get(f"/p/{fair.tokens['A']}/agenda.ics").data)
    later = {str(e["UID"]): e for e in again.walk("VEVENT")}
    assert set(later) == uids
    statuses = {str(e["SUMMARY"]).split(",")[0]: str(e["STATUS"]) for e in later.values()}
    assert statuses == {"Gespräch mit Firma B": "CANCELLED", "Gespräch mit Firma C": "CONFIRMED"}
    assert {int(str(e["SEQUENCE"])) for e in later.values()} == {second.number}


def test_agenda_of_an_unknown_token_is_404(fair: Fair) -> None:
    web = fair.app.test_client()
    assert web.get("/p/unknown/agenda").status_code == 404
    assert web.get("/p/unknown/agenda.ics").status_code == 404


def test_a_printed_agenda_in_another_language_says_why_in_the_readers_language(
    fair: Fair,
) -> None:
    """Walk 17b: a firm writing in German that switched its pages to Russian opened the print
    view and got a German page whose language menu seemed not to work (the paper is in the
    firm's correspondence language). The view now says so in Russian and links the profile,
    where that language is chosen; the note is not printed, and a reader of the paper's own
    language sees none."""
    publish(fair)
    web = fair.app.test_client()
    url = f"/p/{fair.tokens['A']}/agenda/print"
    web.set_cookie("lang", "ru")
    printed = web.get(url).get_data(as_text=True)
    assert "Firma B" in printed
    assert 'class="notice screen-only" lang="ru"' in printed
    assert "печатается на языке вашей переписки (немецкий)" in printed
    assert f'href="/p/{fair.tokens["A"]}/profile">Ваш профиль</a>' in printed
    web.set_cookie("lang", "de")
    assert "screen-only" not in web.get(url).get_data(as_text=True)
