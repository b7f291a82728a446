"""Take the screenshots in docs/img: the firms' pages at phone width (360 px) and the staff
console's timetable grid, dashboard and printed table plan at desktop width, from the demo
fair served by the real app, in Debian's chromium driven by Playwright.

    .venv/bin/python docs/screenshots.py     (or: make screenshots)

The demo fair is loaded into a temporary database; each demo firm asks its three best
recommended partners for a meeting, which they accept; the scheduler plans the day and the
timetable is published. Nothing is downloaded: the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
from pathlib import Path

from flask import Flask
from playwright.sync_api import ViewportSize, sync_playwright
from sqlalchemy import select
from waitress.server import create_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matchmaker import create_app  # noqa: E402
from matchmaker.core.scheduler import ScheduleOptions  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.models import Participant  # noqa: E402
from matchmaker.services.demo import (  # noqa: E402
    DEMO_LOGIN,
    accept_best_partners,
    ensure_demo_login,
    load_demo,
)
from matchmaker.services.drafts import generate_draft  # noqa: E402
from matchmaker.services.links import current_token  # noqa: E402
from matchmaker.services.recommendations import compute_recommendations  # noqa: E402
from matchmaker.services.schedules import publish_version  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PHONE = ViewportSize(width=360, height=740)
DESKTOP = ViewportSize(width=1280, height=800)
OUT = ROOT / "docs" / "img"


def prepare(folder: Path) -> tuple[Flask, str]:
    """The app on a fresh demo database with requests and a published timetable; returns the
    app and one firm's token."""
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
        token = current_token(session, first, "screenshots")
        session.commit()
        return app, token


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app, token = prepare(Path(tmp))
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
            page = browser.new_page(viewport=PHONE, device_scale_factor=1, locale="de-DE")
            for name, url in pages.items():
                page.goto(url)
                page.screenshot(path=str(OUT / name), full_page=False)
                print(f"{OUT / name}  <- {url.replace(token, '<token>')}")
            desk = browser.new_page(viewport=DESKTOP, device_scale_factor=1, locale="de-DE")
            desk.goto(f"{base}/staff/login")
            desk.fill("#email", DEMO_LOGIN[0])
            desk.fill("#password", DEMO_LOGIN[1])
            desk.click("button[type=submit]")
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


if __name__ == "__main__":
    main()
