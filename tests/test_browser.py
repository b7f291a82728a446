"""A whole journey in a real browser (Debian's chromium through Playwright, headless; no
browser is downloaded) against a real server process: a firm registers, sees its
recommended partner and asks for a meeting; the partner accepts; staff compute, generate
and publish the timetable; the firm finds the meeting in its agenda and downloads the .ics.

Without /usr/bin/chromium the test is skipped and says so loudly; with CI=true a missing
browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import icalendar
import pytest
from flask import Flask
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Participant
from matchmaker.services.staff import create_staff
from tests.conftest import Server, create_open_event, create_participant

CHROMIUM = "/usr/bin/chromium"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {CHROMIUM} for the browser tests", pytrace=False)
    print(f"\n*** SKIPPING the browser tests: {CHROMIUM} is not installed ***\n")
    pytest.skip(f"{CHROMIUM} is not installed (CI installs it)", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402


def test_register_request_accept_schedule_publish_agenda_ics(
    app: Flask, server: Server, tmp_path: Path
) -> None:
    with app.app_context():
        session = db.session()
        create_staff(session, "plan@amt.example", "plan-password-1")
        event = create_open_event(session, "reise", cross_group_only=False)
        partner = create_participant(
            session, event, "O1", name="ООО «Сибирь Мед»", languages=["de", "ru"],
            offer="Vertrieb von Krankenhausbedarf in Sibirien, Kliniknetz Omsk",
            request="Sterile Einwegprodukte und OP-Sets aus Deutschland",
            contact_person="Olga", email="olga@sibir.example",
        )  # fmt: skip
        partner_token = partner.access_token
        db.session.commit()
    base = server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            firm = browser.new_page(locale="de-DE")
            _register(firm, base)
            firm_url = firm.url.removesuffix("welcome")
            staff = browser.new_page(locale="de-DE")
            _staff_login(staff, base)
            _run_job(staff, base, "Empfehlungen berechnen")
            firm.goto(firm_url + "partners")
            assert "ООО «Сибирь Мед»" in firm.content()
            firm.get_by_role("button", name="Gespräch anfragen").first.click()
            assert "Anfrage an ООО «Сибирь Мед» gesendet." in firm.content()
            other = browser.new_page(locale="de-DE")
            other.goto(f"{base}/p/{partner_token}/requests")
            other.get_by_role("button", name="Annehmen").click()
            assert "Anfrage angenommen." in other.content()
            _run_job(staff, base, "Erzeugen")
            staff.get_by_role("link", name=re.compile("Öffne Fassung")).click()
            staff.get_by_role("button", name="Diese Fassung veröffentlichen").click()
            assert "ist veröffentlicht" in staff.content()
            firm.goto(firm_url + "agenda")
            assert "ООО «Сибирь Мед»" in firm.content()
            assert "olga@sibir.example" in firm.content()  # contact shown once scheduled
            with firm.expect_download() as download:
                firm.get_by_role("link", name="In meinen Kalender (.ics)").click()
            path = tmp_path / "agenda.ics"
            download.value.save_as(path)
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
            (entry,) = calendar.walk("VEVENT")
            assert str(entry["SUMMARY"]).startswith("Gespräch mit ООО «Сибирь Мед»")
        except Exception:
            shots = Path("test-results")
            shots.mkdir(exist_ok=True)
            for n, page in enumerate(browser.contexts[-1].pages if browser.contexts else []):
                page.screenshot(path=str(shots / f"browser-failure-{n}.png"))
            raise
        finally:
            browser.close()
    with app.app_context():
        firms = db.session.scalars(select(Participant.name)).all()
    assert sorted(firms) == ["Ostfalen OP-Technik GmbH", "ООО «Сибирь Мед»"]


def _register(page: Page, base: str) -> None:
    page.goto(f"{base}/e/reise/register")
    page.get_by_label("Name des Unternehmens").fill("Ostfalen OP-Technik GmbH")
    page.get_by_label("Wir bieten").fill("Sterile Einwegprodukte, OP-Sets, Reinraumfertigung")
    page.get_by_label("Wir suchen").fill("Vertriebspartner für Krankenhausbedarf in Russland")
    page.get_by_label("Ansprechperson").fill("Anna Schulz")
    page.get_by_label("E-Mail").fill("anna@ostfalen.example")
    page.get_by_label("Deutsch").check()
    page.get_by_label("Ich stimme dem Datenschutzhinweis zu.").check()
    page.get_by_role("button", name="Anmelden").click()
    assert "ist angemeldet" in page.content()


def _staff_login(page: Page, base: str) -> None:
    page.goto(f"{base}/staff/login")
    page.get_by_label("E-Mail").fill("plan@amt.example")
    page.get_by_label("Passwort").fill("plan-password-1")
    page.get_by_role("button", name="Anmelden").click()
    assert "Veranstalterbereich" in page.content()


def _run_job(page: Page, base: str, button: str) -> None:
    """Start a background run from the timetable page and wait until its page says done."""
    page.goto(f"{base}/staff/e/reise/timetable")
    if button == "Erzeugen":
        page.get_by_label("Zeitgrenze (Sekunden)").fill("5")
    page.get_by_role("button", name=button).click()
    page.wait_for_selector("text=Fertig:", timeout=120_000)
