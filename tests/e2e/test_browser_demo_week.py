"""The demo's delegation week in a real browser against the app as deployed (gunicorn
behind the HTTPS proxy, the worker beside it, mail to a real SMTP server), issue 21's "done
when": the Barleben fair's owner opens the Omsk delegation's week, plans Tuesday's company
visits in the background, publishes the plan and mails every member the link to their
week; each of the eleven members opens their link on a phone, in Russian, sees their
group's visits, and their calendar file holds them."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import icalendar
from flask import Flask
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import ItemKind, ProgrammeItem, VisitHost
from matchmaker.services.demo import load_demo
from matchmaker.services.organisations import add_member, find_organisation
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, deployed, mail_settings
from tests.e2e.test_browser import chromium, words

SLUG = "kooperationsboerse-barleben-2027"
LOGIN = ("wirtschaft@barleben.example", "barleben-password-1")


def test_the_demo_week_is_planned_published_and_read_by_every_member(
    app: Flask, database: str, tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    with app.app_context():
        session = db.session()
        load_demo(session)
        office = find_organisation(session, "Unternehmerbüro Barleben")  # the fair's owner
        add_member(session, office, create_staff(session, *LOGIN))
        session.commit()
        visits = select(ProgrammeItem).where(ProgrammeItem.kind == ItemKind.VISITS)
        tuesday = db.session.scalars(visits).one().id
        hosts = [h.name for h in db.session.scalars(select(VisitHost))]
    mail = {k: str(v) for k, v in mail_settings(inbox).items()}
    t = words("de")
    with deployed(database, tmp_path, **mail) as server, chromium() as browser:
        staff = browser.new_page(locale="de-DE", ignore_https_errors=True)
        staff.goto(f"{server.url}/staff/login")
        staff.locator("input[name=email]").fill(LOGIN[0])
        staff.locator("input[name=password]").fill(LOGIN[1])
        staff.locator("main form button[type=submit]").first.click()
        staff.goto(f"{server.url}/staff/e/{SLUG}")
        staff.get_by_role("link", name=t("Delegation week")).click()
        staff.get_by_role("link", name=t("Plan the visits")).click()
        assert staff.url.endswith(f"/week/visits/{tuesday}")
        staff.get_by_label(t("Seconds of search")).fill("3")
        staff.get_by_role("button", name=t("Plan the visits")).click()
        staff.wait_for_selector(f"text={t('Done:')}", timeout=120_000)
        staff.get_by_role("link", name=t("Open plan %(num)d") % {"num": 1}).click()
        assert t("none") in staff.locator("dl.facts").inner_text()  # no rule broken
        staff.get_by_role("button", name=t("Publish plan %(num)d") % {"num": 1}).click()
        staff.get_by_role("link", name=t("Back to the week")).click()
        staff.get_by_role("button", name=t("Mail every member the link to their week")).click()
        assert len(inbox[0].messages) == 11
        for raw in inbox[0].messages:
            message = message_from_bytes(raw, policy=policy.default)
            body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            link = re.search(r"https://\S+/w/\S+/", body)
            assert link is not None, body
            phone = browser.new_page(
                locale="ru-RU", viewport={"width": 390, "height": 844}, ignore_https_errors=True
            )
            phone.goto(link.group(0))
            assert phone.locator("html").get_attribute("lang") == "ru"
            shown = phone.locator("main").inner_text()
            assert any(name in shown for name in hosts), shown[:400]
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            calendar = phone.request.get(f"{link.group(0)}week.ics")
            entries = icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT")
            assert any(any(n in str(e.get("location", "")) for n in hosts) for e in entries)
            phone.close()
