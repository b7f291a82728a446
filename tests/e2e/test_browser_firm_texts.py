"""In a real browser (see tests/e2e/test_browser.py): a Russian firm decides a German firm's
request from its requests page, which shows who asks and why in Russian, opens the asking
firm's profile, and accepts; the German firm reads the Russian firm's page in German (its
translation), with the Russian original a click away. Both at a phone's width (390 px)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from playwright.sync_api import ViewportSize

from tests.e2e.test_browser import chromium, words
from tests.firm_texts import RUSSIAN_OFFER
from tests.servers import Server
from tests.web.test_firm_texts import fair

__all__ = ["fair"]  # the fixture: a German and a Russian firm, one request between them

PHONE = ViewportSize(width=390, height=844)


def test_a_received_request_with_context_and_a_bilingual_partner_page(
    app: Flask, server: Server, fair: dict[str, Any]
) -> None:
    base = server.url
    ru, de = words("ru"), words("de")
    with chromium() as browser:
        russian = browser.new_page(locale="ru-RU", viewport=PHONE)
        russian.goto(f"{base}/p/{fair['russian']}/requests")
        card = russian.locator(".card", has_text="Börde Präzision GmbH")
        text = card.inner_text()
        assert "Barleben, Германия" in text
        assert "Металлообработка" in text
        assert "Wir kommen mit zwei Ingenieuren." in text
        assert ru("Why suggested:") in text
        assert "соответствует вашему предложению «титановых прутков»" in text
        assert card.locator("abbr.lang-mark", has_text="DE").count() >= 1  # German words, marked
        assert _fits(russian)
        card.get_by_role(
            "link", name=ru("Full profile of %(firm)s") % {"firm": "Börde Präzision GmbH"}
        ).click()
        assert russian.get_by_role("heading", level=1).inner_text() == "Börde Präzision GmbH"
        assert "CNC-Fräsen von Bauteilen" in russian.content()
        russian.go_back()
        russian.get_by_role("button", name=ru("Accept")).click()
        assert ru("Request accepted.") in russian.content()

        german = browser.new_page(locale="de-DE", viewport=PHONE)
        german.goto(f"{base}/p/{fair['german']}/partners")
        german.get_by_role("link", name="ООО «Сибтитан»").click()
        page = german.locator("article")
        assert "Titanstangen; Titanbleche" in page.inner_text()  # the firm's German translation
        assert RUSSIAN_OFFER not in page.inner_text()  # the original is folded away
        assert de("Meeting wanted by both") in page.inner_text()
        german.get_by_text(
            de("As the firm wrote it (%(language)s)") % {"language": "Russisch"}
        ).click()
        assert german.get_by_text(RUSSIAN_OFFER).is_visible()
        assert _fits(german)


def _fits(page: Any) -> bool:
    """No sideways scrolling at the phone's width."""
    return bool(page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"])
