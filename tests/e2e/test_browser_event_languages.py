"""The event's languages in a real browser (chromium through Playwright, against gunicorn;
skipped like tests/e2e/test_browser.py when chromium is missing), issue 17: staff choose the
languages a fair offers in its settings and its public page's menu offers just those; a
Korean firm's printed agenda speaks Korean (its dates in Korean, 2027년 3월 18일), its
language menu offers only the fair's languages, and on paper Hangul and Cyrillic are drawn
with real glyphs, not the empty boxes of a font without them: each string is wider or
narrower than as many characters no font has, and the PDF embeds a CJK font."""

from __future__ import annotations

from datetime import date

from flask import Flask

from matchmaker.extensions import db
from matchmaker.models import Event, Meeting, ScheduleStatus, ScheduleVersion
from matchmaker.models.base import utcnow
from matchmaker.services.staff import create_staff
from tests.e2e.test_browser import chromium, german_staff
from tests.factories import create_event, create_open_event, create_participant, link_token
from tests.servers import Server

KOREAN = "한빛정밀 주식회사"
UKRAINIAN = "ТОВ «Львівські вироби»"

# The width of the letters of `text` in the page's print font, and of as many characters
# of a private-use plane that no font has (drawn as the fallback box, as letters of a
# script the fonts lack would be).
WIDTHS = """(text) => {
  const measure = (s) => {
    const span = document.createElement("span");
    span.textContent = s;
    document.querySelector("article").appendChild(span);
    const width = span.getBoundingClientRect().width;
    span.remove();
    return width;
  };
  const letters = [...text].filter((c) => /\\p{L}/u.test(c));
  return [measure(letters.join("")), measure("\\u{10FFFD}".repeat(letters.length))];
}"""


def make_fair(app: Flask) -> str:
    """A fair offering German, English and Korean; a Korean firm meets a Ukrainian one in the
    published timetable. Returns the Korean firm's link token."""
    with app.app_context():
        session = db.session()
        event = create_event(session, "hangul", date=date(2027, 3, 18), languages="de,en,ko")
        korean = create_participant(session, event, "K", name=KOREAN, country="KR",
                                    contact_person="김민준")  # fmt: skip
        ukrainian = create_participant(session, event, "U", name=UKRAINIAN, country="UA")
        version = ScheduleVersion(event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED,
                                  published_at=utcnow())  # fmt: skip
        session.add(version)
        session.flush()
        session.add(
            Meeting(event_id=event.id, schedule_id=version.id, participant_a_id=korean.id,
                    participant_b_id=ukrainian.id, slot=1, table_id=event.tables[0].id)
        )  # fmt: skip
        session.commit()
        return link_token(korean)


def test_a_korean_agenda_prints_hangul_and_cyrillic(app: Flask, server: Server) -> None:
    token = make_fair(app)
    with chromium() as browser:
        page = browser.new_page(locale="ko-KR")
        page.goto(f"{server.url}/p/{token}/agenda/print")
        assert page.locator("html").get_attribute("lang") == "ko"
        languages = page.locator("nav.languages a").evaluate_all("(as) => as.map(a => a.lang)")
        assert languages == ["de", "en", "ko"]
        article = page.locator("article.print-page")
        assert "2027년 3월 18일 목요일" in article.inner_text()
        page.emulate_media(media="print")
        for text in (KOREAN, UKRAINIAN):
            assert text in article.inner_text()
            drawn, boxes = page.evaluate(WIDTHS, text)
            assert abs(drawn - boxes) > 1, (text, drawn, boxes)
        pdf = page.pdf(format="A4")
        assert b"CJK" in pdf  # the Noto CJK face is embedded for the Hangul


def test_staff_choose_the_languages_a_fair_offers(app: Flask, server: Server) -> None:
    login = ("sprachen@amt.example", "sprachen-password-1")
    with app.app_context():
        create_staff(db.session(), *login)
        create_open_event(db.session(), "messe")
        db.session.commit()
    with chromium() as browser:
        page = german_staff(browser, server.url, login)
        page.goto(f"{server.url}/staff/e/messe/settings")
        offered = page.get_by_role("group", name="Sprachen der Seiten, Mails und Unterlagen")
        for name in ("Русский", "Українська", "Polski", "Deutsch"):
            offered.get_by_label(name).uncheck()
        page.get_by_role("button", name="Speichern").first.click()
        assert "Bitte auch Deutsch ankreuzen" in page.locator("main").inner_text()
        page.get_by_role("group", name="Sprachen der Seiten").get_by_label("Deutsch").check()
        page.get_by_role("button", name="Speichern").first.click()
        page.wait_for_url(f"{server.url}/staff/e/messe/")
        page.goto(f"{server.url}/e/messe")
        menu = page.locator("nav.languages a").all_inner_texts()
        assert menu == ["Deutsch", "English", "한국어"]
        page.get_by_role("link", name="한국어").click()
        assert page.locator("html").get_attribute("lang") == "ko"
    with app.app_context():
        assert db.session.query(Event).one().languages == "de,en,ko"
