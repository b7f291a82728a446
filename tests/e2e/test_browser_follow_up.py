"""The follow-up and the committee's report in a real browser (issue 22), as deployed
(gunicorn behind the HTTPS proxy, the worker beside it, a real SMTP server): staff add a round
three months after a fair held 100 days ago; the worker mails each firm with a meeting held,
in its language, with a link per meeting; a firm answers on its phone in English, another in
Russian, from the link in its mail; staff print the report across the fairs. Screenshots go
to test-results/follow-up/."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from flask import Flask
from playwright.sync_api import ViewportSize
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import EventRole, FollowUpAnswer, Outcome
from matchmaker.services.organisations import add_member, create_organisation, set_event_role
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, deployed, mail_settings
from tests.e2e.test_browser import chromium, words
from tests.factories import create_open_event, create_participant
from tests.fair_day import publish_day
from tests.servers import wait_until
from tests.web.test_staff_login import mails

PHONE = ViewportSize(width=390, height=844)
SHOTS = Path("test-results/follow-up")
LOGIN = ("nachfrage@barleben.example", "nachfrage-password-1")
FIRMS = {  # key: name, mail language, country
    "A": ("Börde Präzisionstechnik GmbH", "en", "DE"),
    "B": ("АО «Сибирский титан»", "ru", "RU"),
    "C": ("Elbe Pflege GmbH", "de", "DE"),
}
NAMED = "The organisers may name us and this meeting as a success story."
SAVED = "Thank you: your answers are saved. You can change them until %(date)s."


def test_staff_add_a_round_firms_answer_from_their_mail_and_the_report_prints(
    app: Flask, database: str, tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    held_on = date.today() - timedelta(days=100)
    with app.app_context():
        session = db.session()
        office = create_organisation(session, "Unternehmerbüro Barleben")
        add_member(session, office, create_staff(session, *LOGIN))
        event = create_open_event(session, "nachher", date=held_on)
        set_event_role(session, event, office, EventRole.OWNER)
        firms = {
            k: create_participant(session, event, k, name=name, locale=lang, country=country,
                                  email=f"{k.lower()}@firma.example")
            for k, (name, lang, country) in FIRMS.items()
        }  # fmt: skip
        publish_day(session, event, firms, {("A", "B"): (1, 1), ("B", "C"): (2, 1)})
        session.commit()
        ids = {k: f.id for k, f in firms.items()}
    SHOTS.mkdir(parents=True, exist_ok=True)
    mail = {k: str(v) for k, v in mail_settings(inbox).items()}
    with (
        deployed(database, tmp_path, JOB_STALE_SECONDS="4", **mail) as server,
        chromium() as browser,
    ):
        base = server.url
        staff = browser.new_page(locale="de-DE", viewport={"width": 1280, "height": 900},
                                 ignore_https_errors=True)  # fmt: skip
        staff.goto(f"{base}/staff/login")
        staff.get_by_label("E-Mail").fill(LOGIN[0])
        staff.get_by_label("Passwort").fill(LOGIN[1])
        staff.get_by_role("button", name="Anmelden").click()
        staff.goto(f"{base}/staff/e/nachher/follow-up")
        staff.get_by_label("Monate nach der Börse").fill("3")
        staff.get_by_role("button", name="Runde hinzufügen").click()
        assert "Runde 1 ist jetzt offen" in staff.content()
        staff.screenshot(path=str(SHOTS / "staff-rounds-de.png"), full_page=True)

        wait_until(lambda: len(mails(inbox)) >= 3, "the worker mailed the three firms", 60)
        letters = {to.split("@")[0].upper(): (subject, body) for to, subject, body in mails(inbox)}
        assert letters["A"][0].startswith("What came of your meetings at")
        assert letters["B"][0].startswith("Что дали ваши встречи на")
        assert letters["C"][0].startswith("Was ist aus Ihren Gesprächen bei")
        english = re.search(r"АО «Сибирский титан»: (https://\S+)", letters["A"][1])
        russian = re.search(r"Börde Präzisionstechnik GmbH: (https://\S+)", letters["B"][1])
        assert english is not None
        assert russian is not None
        assert english.group(1).startswith(base)

        for link, locale, choice in (
            (english.group(1), "en", "Negotiations started"),
            (russian.group(1), "ru", "Достигнуто соглашение о сотрудничестве"),
        ):
            phone = browser.new_context(locale=locale, viewport=PHONE, ignore_https_errors=True)
            firm = phone.new_page()
            firm.goto(link)
            t = words(locale)
            first = firm.locator("fieldset.group").first
            first.get_by_label(choice).check()
            first.get_by_label(
                t("The organisers may name us and this meeting as a success story.")
            ).check()
            firm.screenshot(path=str(SHOTS / f"firm-{locale}.png"), full_page=True)
            firm.get_by_role("button", name=t("Save")).click()
            assert (
                t("Thank you: your answers are saved. You can change them until %(date)s.").split(
                    "%(date)s"
                )[0]
                in firm.content()
            )
            phone.close()
        with app.app_context():
            rated = {(a.participant_id, a.partner_id): (a.outcome, a.named)
                     for a in db.session.scalars(select(FollowUpAnswer))}  # fmt: skip
        assert rated == {
            (ids["A"], ids["B"]): (Outcome.NEGOTIATION, True),
            (ids["B"], ids["A"]): (Outcome.AGREEMENT, True),
        }

        year = held_on.year
        staff.goto(f"{base}/staff/organisations/unternehmerbuero-barleben/report"
                   f"?start={year - 1}-01-01&end={year + 1}-12-31")  # fmt: skip
        text = staff.locator("article.committee").inner_text()
        assert "Was die Börsen gebracht haben: Unternehmerbüro Barleben" in text
        assert "Börde Präzisionstechnik GmbH – АО «Сибирский титан»" in text
        staff.screenshot(path=str(SHOTS / "report-de.png"), full_page=True)
        staff.emulate_media(media="print")
        staff.set_viewport_size({"width": 703, "height": 1000})  # A4 less the margins
        staff.screenshot(path=str(SHOTS / "report-print-de.png"), full_page=True)
        pdf = staff.pdf(format="A4", print_background=True)
        (SHOTS / "report-de.pdf").write_bytes(pdf)
        # one A4 page, with the Noto fonts CI installs (.ci/chromium)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
