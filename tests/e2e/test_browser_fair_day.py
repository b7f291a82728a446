"""The fair day in a real browser (issue 16): at the desk staff find the late firm by a
word of its name, note "kommt 11:45", repair with "Nichts ändern vor 11:30", read each
changed meeting's old and new time, and the draft's check finds no broken rule. As deployed
(HTTPS through nginx to gunicorn); the browser as in tests/e2e/test_browser.py."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import ViewportSize

from matchmaker.extensions import db
from matchmaker.services.staff import create_staff
from tests.e2e.test_browser import _staff_login, chromium
from tests.fair_day import NAMES, plant_late_day
from tests.servers import Server


def test_desk_search_late_arrival_and_repair(app: Flask, public_server: Server) -> None:
    with app.app_context():
        create_staff(db.session(), "plan@amt.example", "plan-password-1")
        plant_late_day(db.session())
    base = public_server.url
    with chromium() as browser:
        staff = browser.new_page(locale="de-DE", ignore_https_errors=True)
        _staff_login(staff, base)
        staff.goto(f"{base}/staff/e/tag/desk")
        search = staff.get_by_label("Unternehmen finden (Name, Ort, Ansprechperson, E-Mail)")
        search.fill("getreide")
        staff.get_by_role("button", name="Suche").click()
        rows = staff.locator("table.desk tbody tr")
        assert rows.count() == 1
        rows.get_by_label("kommt").fill("11:45")
        rows.locator("form.inline-time").first.get_by_role("button", name="OK").click()
        assert "kommt 11:45" in staff.locator("table.desk").inner_text()
        assert staff.get_by_label(
            "Unternehmen finden (Name, Ort, Ansprechperson, E-Mail)"
        ).input_value() == ("getreide")  # the search stays after the desk's action
        staff.get_by_label("Nichts ändern vor").select_option(label="11:30")
        staff.get_by_role("button", name="Reparieren").click()
        assert "Nichts ändert sich vor 11:30" in staff.content()
        changes = staff.locator("table.moves")
        row = changes.locator("tr", has_text=f"{NAMES['A']} – {NAMES['B']}")
        cells = row.locator("td").all_inner_texts()
        assert cells[2] == "11:30, 1"  # before: time, table
        assert cells[4] == f"{NAMES['A']} kommt um 11:45"
        starts = [c.split(",")[0] for c in changes.locator("td:nth-child(4)").all_inner_texts()]
        assert all(s == "–" or s >= "11:30" for s in starts)  # nothing placed before 11:30
        staff.get_by_role("link", name="Fassung 2 prüfen und veröffentlichen").click()
        assert "Verletzte Regeln keine" in " ".join(
            staff.locator("dl.figures").inner_text().split()
        )


def test_the_desk_fits_a_phone(app: Flask, public_server: Server) -> None:
    """Walk 16 #5: at 390 px every desk row's buttons (the "OK" beside "kommt"/"geht"
    included) lie inside the screen, not cut off at its right edge."""
    with app.app_context():
        create_staff(db.session(), "plan@amt.example", "plan-password-1")
        plant_late_day(db.session())
    base = public_server.url
    with chromium() as browser:
        staff = browser.new_page(
            locale="de-DE", ignore_https_errors=True, viewport=ViewportSize(width=390, height=844)
        )
        _staff_login(staff, base)
        staff.goto(f"{base}/staff/e/tag/desk")
        frame = staff.locator("div.scroll:has(table.desk)").bounding_box()
        assert frame is not None  # the table's frame clips what sticks out of it
        buttons = staff.locator("table.desk button")
        assert buttons.count() >= 6 * 4
        for i in range(buttons.count()):
            box = buttons.nth(i).bounding_box()
            assert box is not None
            assert frame["x"] <= box["x"]
            assert box["x"] + box["width"] <= frame["x"] + frame["width"], i
        overflow = "e => e.scrollWidth - e.clientWidth"
        assert staff.locator("div.scroll:has(table.desk)").evaluate(overflow) == 0
