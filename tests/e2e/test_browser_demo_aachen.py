"""The Korea Business Day demo fair at a phone's width (390 px) in a real browser (see
tests/e2e/test_browser.py), issue 17: its public page and a Korean firm's partners speak Korean –
the fair's name, groups and sectors from their translations, the firm's partners with reasons
– and nothing scrolls sideways."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, ViewportSize
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Participant
from matchmaker.services.demo import AACHEN, load_demo
from matchmaker.services.recommendations import compute_recommendations
from tests.e2e.test_browser import chromium
from tests.factories import link_token
from tests.servers import Server

PHONE = ViewportSize(width=390, height=844)


def korean_firm(app: Flask) -> str:
    """Loads the fair with its recommendations; the link token of its first Korean firm."""
    with app.app_context():
        event = load_demo(db.session(), AACHEN).event
        compute_recommendations(db.session(), event)
        db.session.commit()
        firm = db.session.scalars(
            select(Participant).where(Participant.external_id == "KR-001")
        ).one()
        return link_token(firm)


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"])


def test_the_korea_fair_reads_in_korean_on_a_phone(app: Flask, server: Server) -> None:
    token = korean_firm(app)
    with chromium() as browser:
        page = browser.new_page(locale="ko-KR", viewport=PHONE)
        page.goto(f"{server.url}/e/korea-business-day-aachen-2027")
        assert page.locator("html").get_attribute("lang") == "ko"
        assert page.locator("h1").inner_text() == "코리아 비즈니스 데이 아헨 2027"
        languages = page.locator("nav.languages a").evaluate_all("(as) => as.map(a => a.lang)")
        assert sorted(languages) == ["de", "en", "ko", "pl", "uk"]
        main = page.locator("main").inner_text()
        # the fair's description, a group, a delegation, a sector and a break, in Korean
        for text in (
            "르비우 지역(우크라이나)",
            "아헨 광역시군",
            "돌니실롱스크",
            "자동차·금형",
            "점심 시간",
        ):
            assert text in main, text
        assert fits(page)

        page.goto(f"{server.url}/p/{token}/partners")
        assert page.locator("html").get_attribute("lang") == "ko"
        assert "(주)대성정밀금형" in page.locator("main").inner_text()
        assert page.locator("h1").inner_text() == "추천 파트너"
        cards = page.locator("ol.partners > li.card")
        assert cards.count() >= 5
        assert "사유:" in cards.first.inner_text()  # each partner with its reason, in Korean
        assert fits(page)
