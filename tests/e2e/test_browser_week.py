"""The delegation's week in a real browser (chromium through Playwright) against the app as
deployed (gunicorn behind the HTTPS proxy, the worker beside it), issue 21: staff add a
point to the week, plan a day of visits in the background, publish the plan; a member opens
their week from the link the console shows, on a phone, in their language, sees their
group's visits, and their calendar file holds them. In German and in Russian (the staff
page's language; the member reads Russian either way)."""

from __future__ import annotations

import icalendar
import pytest
from flask import Flask

from matchmaker.extensions import db
from matchmaker.services.staff import create_staff
from tests.e2e.test_browser import chromium, words
from tests.servers import Server
from tests.visit_week import build_week

LOGIN = ("woche@amt.example", "woche-password-1")


@pytest.mark.parametrize("locale", ["de", "ru"])
def test_staff_plan_and_publish_a_day_and_a_member_sees_it(
    app: Flask, public_server: Server, locale: str
) -> None:
    with app.app_context():
        week = build_week(db.session())
        create_staff(db.session(), *LOGIN)
        db.session.commit()
        monday = week.monday.id
        hosts = [h.name for h in week.hosts]
    base, t = public_server.url, words(locale)
    with chromium() as browser:
        staff = browser.new_page(locale=f"{locale}-{locale.upper()}", ignore_https_errors=True)
        staff.goto(f"{base}/staff/login")
        staff.locator("input[name=email]").fill(LOGIN[0])
        staff.locator("input[name=password]").fill(LOGIN[1])
        staff.locator("form button[type=submit]").first.click()
        staff.goto(f"{base}/staff/e/omsk-week/week")
        assert t("Delegation week") in staff.locator("h1").inner_text()
        staff.get_by_label(t("Title"), exact=True).fill("Empfang im Schloss Hundisburg")
        staff.get_by_label(t("Kind"), exact=True).select_option("fixed")
        staff.get_by_label(t("Day"), exact=True).fill("2027-04-19")
        staff.get_by_label(t("Starts"), exact=True).fill("18:00")
        staff.get_by_label(t("Ends"), exact=True).fill("21:00")
        staff.get_by_role("button", name=t("Add to the programme")).click()
        assert "Empfang im Schloss Hundisburg" in staff.content()
        link = staff.locator("input[id^=link-]").first.input_value()

        staff.goto(f"{base}/staff/e/omsk-week/week/visits/{monday}")
        staff.get_by_label(t("Seconds of search")).fill("2")
        staff.get_by_role("button", name=t("Plan the visits")).click()
        staff.wait_for_selector(f"text={t('Done:')}", timeout=120_000)
        staff.get_by_role("link", name=t("Open plan %(num)d") % {"num": 1}).click()
        staff.get_by_role("button", name=t("Publish plan %(num)d") % {"num": 1}).click()
        assert (
            t("Version %(num)d is published: the members see it in their week.") % {"num": 1}
            in staff.content()
        )

        phone = browser.new_page(
            locale="ru-RU", viewport={"width": 390, "height": 844}, ignore_https_errors=True
        )
        phone.goto(link)
        assert phone.locator("html").get_attribute("lang") == "ru"
        text = phone.locator("main").inner_text()
        assert "Empfang im Schloss Hundisburg" in text
        assert any(name in text for name in hosts)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        calendar = phone.request.get(f"{link.rstrip('/')}/week.ics")
        assert calendar.ok
        entries = icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT")
        summaries = [str(e["summary"]) for e in entries]
        assert any(any(name in s for name in hosts) for s in summaries)
