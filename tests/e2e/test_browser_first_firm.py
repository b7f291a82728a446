"""A first-time Korean firm and the German staff who read about it, in a real browser at
phone width (chromium through Playwright, against gunicorn; skipped like
tests/e2e/test_browser.py when chromium is missing), issue 17:

- a firm that has just registered, and that the others do not see until the organisers
  approve it, is told so on its partners' pages instead of being offered a "request a
  meeting" form that the server then refuses; the Korean page fits 390 px;
- on the staff's matches page, a reason quotes both firms, and the Korean firm's words are
  marked with their language for the German reader, as the partner's already were.
"""

from __future__ import annotations

from flask import Flask

from matchmaker.extensions import db
from matchmaker.models import Participant, ParticipantStatus, Recommendation
from matchmaker.services.staff import create_staff
from tests.e2e.test_browser import chromium, german_staff
from tests.factories import create_open_event, create_participant, link_token
from tests.servers import Server

OFFER = "의료기기용 티타늄 정밀 가공 부품"
NEED = "Lieferanten für Titanteile"
NOT_YET = "귀사가 다른 기업에 표시된 후에 상담을 신청할 수 있습니다"  # ko of the not_listed text


def make_fair(app: Flask) -> tuple[str, int]:
    """A fair in German, English and Korean: a Korean firm, registered and not yet approved,
    recommended a German one. Returns the Korean firm's token and id."""
    with app.app_context():
        session = db.session()
        event = create_open_event(session, "erstmals", languages="de,en,ko")
        korean = create_participant(
            session, event, "K", name="한빛정밀 주식회사", country="KR", offer=OFFER,
            request="독일 의료기기 제조사", text_language="ko",
            status=ParticipantStatus.REGISTERED,
        )  # fmt: skip
        german = create_participant(session, event, "D", name="Feinwerk GmbH", offer="Drehteile",
                                    request=NEED, text_language="de")  # fmt: skip
        part = {"direction": "partner_seeks", "offer": OFFER, "request": NEED, "strength": 0.8}
        session.add(
            Recommendation(event_id=event.id, participant_id=korean.id, partner_id=german.id,
                           rank=1, score=0.9, forward=0.9, backward=0.9, peer=0.0, mutual=False,
                           reason=[part], scorer="test")
        )  # fmt: skip
        session.commit()
        return link_token(korean), korean.id


def test_a_new_korean_firm_is_told_why_it_cannot_ask_yet(app: Flask, server: Server) -> None:
    token, korean = make_fair(app)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ko-KR")
        page.goto(f"{server.url}/p/{token}/partners")
        assert page.locator("html").get_attribute("lang") == "ko"
        assert NOT_YET in page.locator("main").inner_text()
        assert page.locator("form.request").count() == 0  # no form the server would refuse
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator("ol.partners h2 a").first.click()
        assert NOT_YET in page.locator("main").inner_text()
        assert page.locator("form.request").count() == 0
    with app.app_context():  # approved: now the others see it, and it may ask
        db.session.get_one(Participant, korean).status = ParticipantStatus.APPROVED
        db.session.commit()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ko-KR")
        page.goto(f"{server.url}/p/{token}/partners")
        assert NOT_YET not in page.locator("main").inner_text()
        assert page.locator("form.request").count() == 1


def test_staff_see_both_firms_words_marked_with_their_language(app: Flask, server: Server) -> None:
    _, korean = make_fair(app)
    login = ("abgleich@amt.example", "abgleich-password-1")
    with app.app_context():
        create_staff(db.session(), *login)
        db.session.commit()
    with chromium() as browser:
        page = german_staff(browser, server.url, login)
        page.goto(f"{server.url}/staff/e/erstmals/firms/{korean}/matches")
        quoted = page.locator(f"[lang=ko]:has-text('{OFFER}')")
        assert quoted.count() == 1  # the Korean words in a Korean element, marked KO
        assert "KO" in page.locator("main").inner_text()
        assert NEED in page.locator("main").inner_text()
