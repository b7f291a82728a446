"""The fair day in a real browser (issue 16): at the desk staff find the late firm by a
word of its name, note "kommt 11:45", repair with "Nichts ändern vor 11:30", read each
changed meeting's old and new time, and the draft's check finds no broken rule. As deployed
(HTTPS through nginx to gunicorn); the browser as in tests/test_browser.py."""

from __future__ import annotations

from flask import Flask

from matchmaker.extensions import db
from matchmaker.services.staff import create_staff
from tests.fair_day import NAMES, plant_late_day
from tests.servers import Server
from tests.test_browser import _staff_login, chromium


def test_desk_search_late_arrival_and_repair(app: Flask, public_server: Server) -> None:
    with app.app_context():
        create_staff(db.session(), "plan@amt.example", "plan-password-1")
        plant_late_day(db.session())
    base = public_server.url
    with chromium() as browser:
        staff = browser.new_page(locale="de-DE", ignore_https_errors=True)
        _staff_login(staff, base)
        staff.goto(f"{base}/staff/e/tag/desk")
        search = staff.get_by_label("Unternehmen finden (Name, Ort, Ansprechperson)")
        search.fill("getreide")
        staff.get_by_role("button", name="Suche").click()
        rows = staff.locator("table.desk tbody tr")
        assert rows.count() == 1
        rows.get_by_label("kommt").fill("11:45")
        rows.locator("form.inline-time").first.get_by_role("button", name="OK").click()
        assert "kommt 11:45" in staff.locator("table.desk").inner_text()
        assert staff.get_by_label(
            "Unternehmen finden (Name, Ort, Ansprechperson)"
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
