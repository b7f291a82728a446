"""Whole journeys in a real browser (Debian's chromium through Playwright, headless; no
browser is downloaded) against a real server process (gunicorn):
- a firm registers, sees its recommended partner and asks for a meeting; the partner accepts;
  staff compute, generate and publish the timetable; the firm finds the meeting in its agenda
  and downloads the .ics: once in German, once with a Russian firm reading Russian pages;
- staff import firms from a spreadsheet, compute recommendations, generate and publish a
  timetable, move a meeting in a copy and publish again; the firm's agenda and calendar
  follow.
Both run as deployed: over HTTPS through nginx (tests/proxy.py) to gunicorn in production
mode (Secure cookies, the proxy's address as the public one, one hop trusted).
Button and label texts come from the app's own catalogues, so a page in the wrong language
fails to find them. Screenshots of a failure go to test-results/.

Without /usr/bin/chromium the test is skipped and says so loudly; with CI=true a missing
browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import time
from pathlib import Path

import icalendar
import pytest
from babel.support import Translations
from flask import Flask
from sqlalchemy import select

from matchmaker import MIGRATIONS
from matchmaker.extensions import db
from matchmaker.models import Participant, ParticipantStatus, StaffRole
from matchmaker.services.staff import create_staff
from tests.factories import create_open_event, create_participant, link_token
from tests.servers import Server

CHROMIUM = "/usr/bin/chromium"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {CHROMIUM} for the browser tests", pytrace=False)
    print(f"\n*** SKIPPING the browser tests: {CHROMIUM} is not installed ***\n")
    pytest.skip(f"{CHROMIUM} is not installed (CI installs it)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

Words = Callable[[str], str]


def words(locale: str) -> Words:
    """The app's own text for a message id in `locale` (its compiled catalogue)."""
    return Translations.load(str(MIGRATIONS.parent / "translations"), [locale]).gettext


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless chromium; on a failure every open page is kept as a screenshot."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            yield browser
        except BaseException:
            shots = Path("test-results")
            shots.mkdir(exist_ok=True)
            pages = [page for context in browser.contexts for page in context.pages]
            for n, page in enumerate(pages):
                page.screenshot(path=str(shots / f"browser-failure-{n}.png"), full_page=True)
            raise
        finally:
            browser.close()


def german_staff(browser: Browser, base: str, login: tuple[str, str]) -> Page:
    """A page of a German staff member signed in to the console at `base`."""
    page = browser.new_page(locale="de-DE")
    page.goto(f"{base}/staff/login")
    page.get_by_label("E-Mail").fill(login[0])
    page.get_by_label("Passwort").fill(login[1])
    page.get_by_role("button", name="Anmelden").click()
    return page


GERMAN_FIRM = {
    "name": "Ostfalen OP-Technik GmbH",
    "offer": "Sterile Einwegprodukte, OP-Sets, Reinraumfertigung",
    "request": "Vertriebspartner für Krankenhausbedarf in Russland",
    "contact_person": "Anna Schulz",
    "email": "anna@ostfalen.example",
    "language": "Deutsch",
}
RUSSIAN_FIRM = {
    "name": "ООО «Сибирь Мед»",
    "offer": "Дистрибуция больничных товаров в Сибири, сеть клиник Омска",
    "request": "Стерильные одноразовые изделия и наборы для операционных из Германии",
    "contact_person": "Ольга Иванова",
    "email": "olga@sibir.example",
    "language": "Русский",
}


@pytest.mark.parametrize("locale", ["de", "ru"])
def test_register_request_accept_schedule_publish_agenda_ics(
    app: Flask, public_server: Server, tmp_path: Path, locale: str
) -> None:
    """In German a German firm registers and meets a Russian one; in Russian the other way
    round, every page the Russian firm sees in Russian."""
    newcomer, host = (GERMAN_FIRM, RUSSIAN_FIRM) if locale == "de" else (RUSSIAN_FIRM, GERMAN_FIRM)
    t = words(locale)
    with app.app_context():
        session = db.session()
        create_staff(session, "plan@amt.example", "plan-password-1")
        event = create_open_event(session, "reise", cross_group_only=False)
        partner = create_participant(
            session, event, "P1", name=host["name"], offer=host["offer"],
            request=host["request"], languages=["de", "ru"],
            contact_person=host["contact_person"], email=host["email"],
        )  # fmt: skip
        partner_token = link_token(partner)
    base = public_server.url
    browser_locale = {"de": "de-DE", "ru": "ru-RU"}[locale]
    with chromium() as browser:
        firm = browser.new_page(locale=browser_locale, ignore_https_errors=True)
        _register(firm, base, newcomer, t)
        firm_url = firm.url.removesuffix("welcome")
        staff = browser.new_page(locale="de-DE", ignore_https_errors=True)
        _staff_login(staff, base)
        _approve(staff, base, "reise", newcomer["name"])  # before that, others do not see it
        _run_job(staff, base, "reise", "Empfehlungen berechnen")
        firm.goto(firm_url + "partners")
        assert host["name"] in firm.content()
        firm.get_by_role("button", name=t("Ask for a meeting")).first.click()
        assert t("Request sent to %(firm)s.") % {"firm": host["name"]} in firm.content()
        other = browser.new_page(
            locale="de-DE" if locale == "ru" else "ru-RU", ignore_https_errors=True
        )
        other.goto(f"{base}/p/{partner_token}/requests")
        other_words = words("de" if locale == "ru" else "ru")
        other.get_by_role("button", name=other_words("Accept")).click()
        assert other_words("Request accepted.") in other.content()
        _run_job(staff, base, "reise", "Erzeugen")
        staff.get_by_role("link", name=re.compile("Öffne Fassung")).click()
        staff.get_by_role("button", name="Diese Fassung veröffentlichen").click()
        assert "ist veröffentlicht" in staff.content()
        firm.goto(firm_url + "agenda")
        assert host["name"] in firm.content()
        assert host["email"] in firm.content()  # contact shown once scheduled
        assert t("Your agenda") in firm.content()
        with firm.expect_download() as download:
            firm.get_by_role("link", name=t("Add to my calendar (.ics)")).click()
        path = tmp_path / "agenda.ics"
        download.value.save_as(path)
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        (entry,) = calendar.walk("VEVENT")
        assert str(entry["SUMMARY"]).startswith(
            t("Meeting with %(firm)s, table %(table)s").split("%(firm)s")[0] + host["name"]
        )
    with app.app_context():
        firms = db.session.scalars(select(Participant.name)).all()
    assert sorted(firms) == sorted([GERMAN_FIRM["name"], RUSSIAN_FIRM["name"]])


IMPORT = (
    "Nr;Firma;Gruppe;Land;Angebot;Suche;Sprachen;E-Mail\n"
    "B1;Börde Präzision GmbH;Börde;DE;CNC-Fräsen von Implantaten aus Titan;"
    "Vertriebspartner für Medizintechnik in Russland;de,ru;b1@praezision.example\n"
    "B2;Elbe Pflegetechnik GmbH;Börde;DE;Pflegebetten und Hilfsmittel für Kliniken;"
    "Händler für Pflegebedarf in Sibirien;de,ru;b2@elbe.example\n"
    "O1;ООО «Сибирь Мед»;Omsk;RU;Vertrieb von Medizintechnik und Implantaten in Omsk;"
    "Hersteller von Implantaten aus Titan;de,ru;o1@sibir.example\n"
    "O2;ООО «Омск Забота»;Omsk;RU;Handel mit Pflegebedarf in Sibirien;"
    "Hersteller von Pflegebetten;de,ru;o2@zabota.example\n"
)


def test_import_schedule_move_republish(app: Flask, public_server: Server, tmp_path: Path) -> None:
    with app.app_context():
        session = db.session()
        create_staff(session, "plan@amt.example", "plan-password-1")
        create_open_event(session, "import")
        db.session.commit()
    sheet = tmp_path / "firmen.csv"
    sheet.write_text(IMPORT, encoding="utf-8")
    base = public_server.url
    with chromium() as browser:
        staff = browser.new_page(locale="de-DE", ignore_https_errors=True)
        _staff_login(staff, base)
        staff.goto(f"{base}/staff/e/import/import")
        staff.get_by_label("Datei").set_input_files(str(sheet))
        staff.get_by_role("button", name="Hochladen und ansehen").click()
        assert "4 Zeilen in firmen.csv." in staff.content()
        staff.get_by_role("button", name="Alle Zeilen importieren").click()
        assert "Importiert: 4 Unternehmen neu, 0 aktualisiert." in staff.content()
        _run_job(staff, base, "import", "Empfehlungen berechnen")
        staff.goto(f"{base}/staff/e/import/timetable")
        staff.get_by_label("Gespräche je Unternehmen aus den Empfehlungen").fill("1")
        _run_job(staff, base, "import", "Erzeugen", reload=False)
        staff.get_by_role("link", name=re.compile("Öffne Fassung 1")).click()
        staff.get_by_role("button", name="Diese Fassung veröffentlichen").click()
        assert "Fassung 1 ist veröffentlicht" in staff.content()
        staff.get_by_role("button", name="In einen neuen Entwurf kopieren").click()
        assert "Fassung 2 ist ein neuer Entwurf." in staff.content()
        assert "Verletzte Regeln keine" in " ".join(
            staff.locator("dl.figures").inner_text().split()
        )
        rows = staff.locator("table.grid tbody tr")
        free = next(
            row.locator("th").inner_text() for row in rows.all() if row.locator("a").count() == 0
        )
        staff.locator("table.grid a").first.click()
        pair = staff.locator("#move-title").inner_text()
        staff.get_by_label("Zeit").select_option(label=free)
        staff.get_by_role("button", name=re.compile("Verschieben")).click()
        assert f"{free} {pair.split(' – ')[1]}" in staff.content()  # in the per-firm list
        staff.get_by_role("button", name="Diese Fassung veröffentlichen").click()
        assert "Fassung 2 ist veröffentlicht: 2 Unternehmen haben Änderungen" in staff.content()
        assert "Fassung 2: Kopie von 1" in staff.content()
        with app.app_context():
            first = db.session.scalars(
                select(Participant).where(Participant.name == pair.split(" – ")[0])
            ).one()
            token = link_token(first)
        firm = browser.new_page(locale="de-DE", ignore_https_errors=True)
        firm.goto(f"{base}/p/{token}/agenda")
        assert free in firm.content()
        with firm.expect_download() as download:
            firm.get_by_role("link", name="In meinen Kalender (.ics)").click()
        path = tmp_path / "agenda.ics"
        download.value.save_as(path)
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    moved = [e for e in calendar.walk("VEVENT") if pair.split(" – ")[1] in str(e["SUMMARY"])]
    hour, minute = map(int, free.split(":"))
    assert [e.decoded("DTSTART").time() for e in moved] == [time(hour, minute)]
    assert [str(e["SEQUENCE"]) for e in moved] == ["2"]  # version 2 replaces version 1


def _register(page: Page, base: str, firm: dict[str, str], t: Words) -> None:
    page.goto(f"{base}/e/reise/register")
    page.get_by_label(t("Firm name")).fill(firm["name"])
    page.get_by_label(t("We offer")).fill(firm["offer"])
    page.get_by_label(t("We seek")).fill(firm["request"])
    page.get_by_label(t("Contact person")).fill(firm["contact_person"])
    page.get_by_label(t("E-mail")).fill(firm["email"])
    page.get_by_label(firm["language"], exact=True).check()
    page.get_by_label(t("I agree to the privacy notice.")).check()
    page.get_by_role("button", name=t("Register")).click()
    assert t("Thank you, %(firm)s is registered") % {"firm": firm["name"]} in page.content()


def _staff_login(page: Page, base: str) -> None:
    page.goto(f"{base}/staff/login")
    page.get_by_label("E-Mail").fill("plan@amt.example")
    page.get_by_label("Passwort").fill("plan-password-1")
    page.get_by_role("button", name="Anmelden").click()
    assert "Veranstalterbereich" in page.content()


def _approve(page: Page, base: str, slug: str, name: str) -> None:
    """Staff approve a firm that registered itself, on the console's firm list."""
    page.goto(f"{base}/staff/e/{slug}/firms")
    row = page.locator("tr", has_text=name)
    row.get_by_role("button", name="Bestätigen").click()
    assert "bestätigt" in page.locator("tr", has_text=name).inner_text()


def _run_job(page: Page, base: str, slug: str, button: str, *, reload: bool = True) -> None:
    """Start a background run from the timetable page and wait until its page says done."""
    if reload:
        page.goto(f"{base}/staff/e/{slug}/timetable")
    if button == "Erzeugen":
        page.get_by_label("Zeitgrenze (Sekunden)").fill("5")
    page.get_by_role("button", name=button).click()
    page.wait_for_selector("text=Fertig:", timeout=120_000)


@pytest.mark.parametrize("locale", ["de", "ru"])
def test_staff_tables_fit_a_phone_screen(app: Flask, public_server: Server, locale: str) -> None:
    """At 360 px the staff pages with wide tables (firms, accounts, console home, timetable)
    stay at the screen's width: a table scrolls in its own labelled, focusable box or its rows
    stack, and the firms' approve buttons are on screen."""
    with app.app_context():
        session = db.session()
        create_staff(session, "plan@amt.example", "plan-password-1", role=StaffRole.ADMIN)
        event = create_open_event(session, "reise", cross_group_only=False)
        for n in range(3):
            create_participant(
                session, event, f"P{n}", name=f"Ostfalen Medizintechnik und OP-Bedarf {n} GmbH",
                email=f"vertrieb.krankenhausbedarf-{n}@ostfalen-medizintechnik.example",
                contact_person="Anna-Katharina Schulz-Meyerhoff",
                status=ParticipantStatus.REGISTERED,
            )  # fmt: skip
        session.commit()
    base = public_server.url
    t = words(locale)
    with chromium() as browser:
        page = browser.new_page(
            locale="de-DE", viewport={"width": 360, "height": 800}, ignore_https_errors=True
        )
        _staff_login(page, base)
        page.goto(f"{base}/language/{locale}")  # the reader's choice, remembered
        for path in (
            "/staff/",
            "/staff/e/reise/firms",
            "/staff/admin/staff",
            "/staff/e/reise/timetable",
        ):
            page.goto(base + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path} is {width} px wide at 360 px"
            for box in page.locator("div.scroll").all():
                assert box.get_attribute("tabindex") == "0"
                assert box.get_attribute("role") == "region"
                assert box.get_attribute("aria-labelledby")
        page.goto(f"{base}/staff/e/reise/firms")
        button = page.get_by_role("button", name=t("Approve")).first.bounding_box()
        assert button is not None
        assert button["x"] + button["width"] <= 360
