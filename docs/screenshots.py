"""Take the screenshots in docs/img: the firms' pages at phone width (360 px; a received
request and a partner's page in two languages at 390 px and 1280 px), a Korean, a Ukrainian
and a Polish guest firm's pages at 390 px (docs/screenshots_languages.py: phone-ko-*.png,
phone-uk-*.png, phone-pl-*.png) and the staff console's timetable grid, dashboard and
printed table plan at desktop width, from the demo fair served by the real app, in Debian's
chromium driven by Playwright.

    .venv/bin/python docs/screenshots.py     (or: make screenshots)

The demo fair is loaded into a temporary database with the three guest firms; the organiser
offers all six page languages (settings page, in the browser) before the firms' pages are
taken; each demo firm asks its three best
recommended partners for a meeting, which they accept; the scheduler plans the day and the
timetable is published. The Siberian titanium firm gives its offer and search in German too
and asks the first firm for a meeting. Nothing is downloaded: the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, ViewportSize, sync_playwright
from sqlalchemy import select
from sqlalchemy.orm import Session
from waitress.server import create_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screenshots_languages import add_guests, offer_all_languages, phone_pages  # noqa: E402

from matchmaker import create_app  # noqa: E402
from matchmaker.core.scheduling.scheduler import ScheduleOptions  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.models import (  # noqa: E402
    Event,
    MeetingRequest,
    Participant,
    Recommendation,
)
from matchmaker.services.demo import (  # noqa: E402
    DEMO_LOGIN,
    accept_best_partners,
    ensure_demo_login,
    load_demo,
)
from matchmaker.services.drafts import generate_draft  # noqa: E402
from matchmaker.services.links import current_token  # noqa: E402
from matchmaker.services.recommendations import compute_recommendations  # noqa: E402
from matchmaker.services.versions import publish_version  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PHONE = ViewportSize(width=360, height=740)
DESKTOP = ViewportSize(width=1280, height=800)
OUT = ROOT / "docs" / "img"


# The titanium firm's texts in German, item for item (a reason quotes the same item).
TITAN_GERMAN = {
    "offer": "Titanstangen und Titanbleche (VT6, entspricht Grade 5), Schmiedeteile aus "
    "Titanlegierungen; Zuschnitt nach Maß.",
    "request": "Abnehmer für Titan-Walzprodukte in Deutschland; Partner für die mechanische "
    "Bearbeitung von Titan.",
}


def ask_in_two_languages(session: Session, event: Event) -> tuple[Participant, int]:
    """The Siberian titanium firm gives its texts in German too and asks a German firm it
    was recommended to (and has no request with yet) for a meeting; returns that firm and
    the titanium firm's id."""
    firms = {p.external_id: p for p in event.participants}
    titan = firms["OM-002"]
    titan.translations = {"de": dict(TITAN_GERMAN)}
    talking = {
        r.from_participant_id if r.to_participant_id == titan.id else r.to_participant_id
        for r in session.scalars(select(MeetingRequest))
        if titan.id in (r.from_participant_id, r.to_participant_id)
    }
    by_id = {p.id: p for p in event.participants}
    recommended_to = session.scalars(
        select(Recommendation.participant_id)
        .where(Recommendation.partner_id == titan.id)
        .order_by(Recommendation.rank, Recommendation.participant_id)
    )
    asked = by_id[next(i for i in recommended_to if i not in talking)]
    session.add(
        MeetingRequest(
            event_id=event.id,
            from_participant_id=titan.id,
            to_participant_id=asked.id,
            priority=3,
            message="Добрый день! Будем рады обсудить поставки титана для ваших изделий.",
        )
    )
    session.flush()
    return asked, titan.id


def prepare(folder: Path) -> tuple[Flask, str, str, int, dict[str, str]]:
    """The app on a fresh demo database with requests and a published timetable; returns the
    app, one firm's token, the token of the firm asked in two languages, the asking firm's
    id and the guest firms' tokens by their language."""
    app = create_app(
        {
            "MATCHMAKER_ENV": "development",
            "SECRET_KEY": "screenshots",
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
        }
    )
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        session = db.session()
        event = load_demo(session).event
        guests = add_guests(session, event)
        compute_recommendations(session, event, top_k=5)
        accept_best_partners(session, event, per_firm=3)
        run = generate_draft(session, event, options=ScheduleOptions(time_limit=20))
        publish_version(session, event, run.version)
        ensure_demo_login(session)
        session.commit()
        first = session.scalars(
            select(Participant).where(Participant.event_id == event.id).order_by(Participant.id)
        ).first()
        assert first is not None
        asked, asking = ask_in_two_languages(session, event)
        token = current_token(session, first, "screenshots")
        asked_token = current_token(session, asked, "screenshots")
        tokens = {code: current_token(session, p, "screenshots") for code, p in guests.items()}
        session.commit()
        return app, token, asked_token, asking, tokens


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app, token, asked_token, asking, guest_tokens = prepare(Path(tmp))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = create_server(app, host="127.0.0.1", port=port, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        slug = "kooperationsboerse-barleben-2027"
        pages = {
            "phone-register.png": f"{base}/e/{slug}/register",
            "phone-partners.png": f"{base}/p/{token}/partners",
            "phone-agenda.png": f"{base}/p/{token}/agenda",
        }
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            desk = browser.new_page(viewport=DESKTOP, device_scale_factor=1, locale="de-DE")
            desk.goto(f"{base}/staff/login")
            desk.fill("#email", DEMO_LOGIN[0])
            desk.fill("#password", DEMO_LOGIN[1])
            desk.click("button[type=submit]")
            offer_all_languages(desk, base, slug)
            phone_pages(browser, base, slug, guest_tokens, OUT)
            page = browser.new_page(viewport=PHONE, device_scale_factor=1, locale="de-DE")
            for name, url in pages.items():
                page.goto(url)
                page.screenshot(path=str(OUT / name), full_page=False)
                print(f"{OUT / name}  <- {url.replace(token, '<token>')}")
            two_languages(browser, f"{base}/p/{asked_token}", asking)
            staff_pages = {
                "staff-grid.png": (f"{base}/staff/e/{slug}/timetable/1", "screen"),
                "staff-dashboard.png": (f"{base}/staff/e/{slug}/stats", "screen"),
                "staff-table-plan-print.png": (f"{base}/staff/e/{slug}/print/plan", "print"),
                "staff-checklist.png": (f"{base}/staff/e/{slug}/", "screen"),
            }
            for name, (url, media) in staff_pages.items():
                desk.emulate_media(media="print" if media == "print" else "screen")
                desk.goto(url)
                if name == "staff-grid.png":
                    desk.locator("table.grid").scroll_into_view_if_needed()
                desk.screenshot(path=str(OUT / name), full_page=False)
                print(f"{OUT / name}  <- {url}")
            browser.close()
        server.close()


def two_languages(browser: Browser, firm: str, asking: int) -> None:
    """A received request with the asking firm's profile and reason, and that firm's page
    in German with its Russian original unfolded; at 390 px and at 1280 px."""
    for width, prefix in ((390, "phone-"), (1280, "")):
        page = browser.new_page(
            viewport=ViewportSize(width=width, height=844 if width < 800 else 800),
            device_scale_factor=1,
            locale="de-DE",
        )
        page.goto(f"{firm}/requests")
        page.evaluate("document.getElementById('incoming').scrollIntoView()")
        page.screenshot(path=str(OUT / f"{prefix}request-received.png"), full_page=False)
        page.goto(f"{firm}/partners/{asking}")
        page.locator("details.original summary").click()
        page.screenshot(path=str(OUT / f"{prefix}partner-two-languages.png"), full_page=True)
        print(f"{OUT}/{prefix}request-received.png, {prefix}partner-two-languages.png")
        page.close()


if __name__ == "__main__":
    main()
