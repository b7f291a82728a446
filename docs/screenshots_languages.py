"""The Korean, Ukrainian and Polish screenshots of docs/screenshots.py: three guest firms
writing in those languages join the demo fair (docs/screenshot_guests.csv, imported as an
organiser imports a delegation's list), the organiser offers all six page languages in
the fair's settings, and each firm's pages are taken at phone width (390 px) in its
language, the printed agenda with print media."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize
from sqlalchemy.orm import Session

from matchmaker.io.profiles import parse_profile_records
from matchmaker.io.tabular import read_table
from matchmaker.models import Event, Participant, ParticipantStatus
from matchmaker.models.limits import profile_limits
from matchmaker.services.participants import import_profiles

PHONE = ViewportSize(width=390, height=844)
BROWSER_LOCALES = {"ko": "ko-KR", "uk": "uk-UA", "pl": "pl-PL"}

# Written as such firms write: the Korean one in short noun phrases, the others in lists.
GUESTS = Path(__file__).resolve().parent / "screenshot_guests.csv"


def add_guests(session: Session, event: Event) -> dict[str, Participant]:
    """The three guest firms, approved, by the language they write in."""
    table = read_table(GUESTS)
    records = parse_profile_records(table, profile_limits())
    import_profiles(session, event, records, status=ParticipantStatus.APPROVED)
    session.flush()
    by_id = {p.external_id: p for p in event.participants}
    return {"ko": by_id["KR-001"], "uk": by_id["UA-001"], "pl": by_id["PL-001"]}


def offer_all_languages(staff: Page, base: str, slug: str) -> None:
    """As the organiser: tick every page language in the fair's settings and save."""
    staff.goto(f"{base}/staff/e/{slug}/settings")
    boxes = staff.locator("input[name=languages]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    staff.locator("form.form button[type=submit]").last.click()
    staff.wait_for_load_state()


def phone_pages(browser: Browser, base: str, slug: str, tokens: dict[str, str], out: Path) -> None:
    """Each guest firm's pages in its language at 390 px: the fair, registration, its
    partners, its first partner, its agenda and the printed agenda."""
    for language, token in tokens.items():
        page = browser.new_page(
            viewport=PHONE, device_scale_factor=1, locale=BROWSER_LOCALES[language]
        )
        firm = f"{base}/p/{token}"
        shots = [
            ("event", f"{base}/e/{slug}", False),
            ("register", f"{base}/e/{slug}/register", False),
            ("partners", f"{firm}/partners", False),
        ]
        for name, url, full in shots:
            page.goto(url)
            if name == "partners":  # the first card with its band and reason
                page.locator("ol.partners li.card").first.scroll_into_view_if_needed()
            _save(page, out / f"phone-{language}-{name}.png", full)
        page.goto(f"{firm}/partners")
        page.locator("ol.partners li.card h2 a").first.click()
        _save(page, out / f"phone-{language}-partner.png", True)
        page.goto(f"{firm}/agenda")
        _save(page, out / f"phone-{language}-agenda.png", True)
        page.emulate_media(media="print")
        page.goto(f"{firm}/agenda/print")
        _save(page, out / f"phone-{language}-agenda-print.png", True)
        page.close()


def _save(page: Page, path: Path, full: bool) -> None:
    """The screenshot, after checking that nothing is wider than the phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        raise SystemExit(f"{path.name}: the page is {width} px wide at {PHONE['width']} px")
    page.screenshot(path=str(path), full_page=full)
    print(path)
