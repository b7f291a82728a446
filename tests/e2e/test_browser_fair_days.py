"""A fair over two days in a real browser (chromium through Playwright) against the app as
deployed (gunicorn behind the HTTPS proxy, the worker beside it): staff give the fair a
second day in its settings, a firm says on its phone that it comes on the second day only,
staff generate the timetable in the background and publish it, and the firms' agendas and
calendar files put each meeting on its own day. The firms read German or Russian."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from babel.dates import format_date
from flask import Flask
from playwright.sync_api import ViewportSize

from matchmaker.extensions import db
from matchmaker.models import MeetingRequest, Participant, RequestStatus
from matchmaker.services.staff import create_staff
from tests.e2e.test_browser import _run_job, _staff_login, chromium, words
from tests.factories import create_open_event, create_participant, link_token
from tests.servers import Server

PHONE = ViewportSize(width=360, height=740)
SHOTS = Path("test-results")


@pytest.mark.parametrize("locale", ["de", "ru"])
def test_a_second_day_from_the_settings_to_the_firms_agenda(
    app: Flask, public_server: Server, tmp_path: Path, locale: str
) -> None:
    """A meets B (there on the first day only) and C (who says in the browser that it comes
    on the second day only); B and C never meet."""
    t = words(locale)
    with app.app_context():
        session = db.session()
        create_staff(session, "plan@amt.example", "plan-password-1")
        event = create_open_event(session, "reise", slot_count=3)
        names = {"A": "Börde Präzision GmbH", "B": "Elbe Pflegetechnik GmbH",
                 "C": "ООО «Сибирь Мед»"}  # fmt: skip
        details = {
            "languages": ["de", "ru"], "locale": locale, "offer": "Implantate aus Titan",
            "request": "Vertriebspartner in Sibirien", "contact_person": "Anna Schulz",
        }  # fmt: skip
        firms = {
            k: create_participant(
                session, event, k, name=name, email=f"{k}@firma.example", **details
            )
            for k, name in names.items()
        }
        firms["B"].days = [0]
        for a, b in (("A", "B"), ("A", "C"), ("B", "C")):
            session.add(MeetingRequest(event_id=event.id, from_participant_id=firms[a].id,
                                       to_participant_id=firms[b].id,
                                       status=RequestStatus.ACCEPTED))  # fmt: skip
        session.commit()
        tokens = {k: link_token(f) for k, f in firms.items()}
        firm_ids = {k: f.id for k, f in firms.items()}
        first = event.date
    second = first + timedelta(days=1)
    base = public_server.url
    SHOTS.mkdir(exist_ok=True)
    with chromium() as browser:
        staff = browser.new_page(locale="de-DE", ignore_https_errors=True)
        _staff_login(staff, base)
        staff.goto(f"{base}/staff/e/reise/settings")
        staff.get_by_label("Tage mit Gesprächen").fill("2")
        staff.get_by_role("button", name="Speichern", exact=True).last.click()
        assert "Einstellungen gespeichert." in staff.content()

        phone = browser.new_context(
            locale=f"{locale}-{locale.upper()}", viewport=PHONE, ignore_https_errors=True
        )
        firm = phone.new_page()
        firm.goto(f"{base}/p/{tokens['C']}/profile")
        firm.get_by_label(format_date(first, format="full", locale=locale)).uncheck()
        firm.screenshot(path=str(SHOTS / f"fair-days-profile-{locale}.png"), full_page=True)
        firm.get_by_role("button", name=t("Save"), exact=True).click()
        assert t("Your profile is saved.") in firm.content()
        with app.app_context():
            assert db.session.get_one(Participant, firm_ids["C"]).days == [1]

        _run_job(staff, base, "reise", "Erzeugen")
        staff.get_by_role("link", name=re.compile("Öffne Fassung")).click()
        staff.get_by_role("button", name="Diese Fassung veröffentlichen").click()
        assert "ist veröffentlicht" in staff.content()

        firm.goto(f"{base}/p/{tokens['A']}/agenda")
        days = firm.locator("tr.day-row").all_inner_texts()
        assert days == [format_date(d, format="full", locale=locale) for d in (first, second)]
        rows = firm.locator("table.agenda tbody").inner_text()
        assert rows.index(names["B"]) < rows.index(days[1]) < rows.index(names["C"])
        firm.screenshot(path=str(SHOTS / f"fair-days-agenda-{locale}.png"), full_page=True)
        with firm.expect_download() as download:
            firm.get_by_role("link", name=t("Add to my calendar (.ics)")).click()
        path = tmp_path / "agenda.ics"
        download.value.save_as(path)
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        starts = sorted(e.decoded("dtstart").date() for e in calendar.walk("VEVENT"))
        assert starts == [first, second]

        firm.goto(f"{base}/p/{tokens['C']}/agenda")
        assert firm.locator("tr.day-row").all_inner_texts() == [
            format_date(second, format="full", locale=locale)
        ]
        assert names["B"] not in firm.locator("table.agenda").inner_text()
