"""The committee's report on the web (issue 22): the organisation's staff see it and print
it, a stranger's account finds nothing, and the XLSX holds the same figures as the page."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from openpyxl import load_workbook

from matchmaker.extensions import db
from matchmaker.services.organisations import add_member, create_organisation
from matchmaker.services.staff import create_staff
from tests.conftest import staff_login
from tests.services.test_committee_report import plant_fairs

pytestmark = pytest.mark.own_organisations

PASSWORD = "a-long-password-1"
URL = "/staff/organisations/unternehmerbuero-barleben/report?start=2025-01-01&end=2026-12-31"


def test_the_organisations_staff_read_and_download_the_report(app: Flask) -> None:
    with app.app_context():
        session = db.session()
        office = plant_fairs(session)
        add_member(session, office, create_staff(session, "clerk@barleben.example", PASSWORD))
        stranger = create_organisation(session, "Landkreis Cottbus")
        add_member(session, stranger, create_staff(session, "clerk@cottbus.example", PASSWORD))
        session.commit()
    web = app.test_client()
    staff_login(web, "clerk@barleben.example", PASSWORD)
    page = web.get(URL).get_data(as_text=True)
    assert "Was die Börsen gebracht haben" in page
    assert "Fair boerse-2025" in page
    assert "Fair boerse-2026" in page
    assert "<svg" in page
    # the timeline chart: per round, the meetings rated at each step of the ladder
    chart = page.split('<figure class="chart stacked">', 1)[1].split("</figure>", 1)[0]
    assert "Bewertete Gespräche je Runde, nach Stufe" in chart
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>((?:<td>\d+</td>)+)</tr>', chart)
    assert [(name, re.findall(r"\d+", cells)) for name, cells in rows] == [
        ("3 Monate nach der Börse", ["1", "1", "0", "1", "0"]),
        ("6 Monate nach der Börse", ["0", "0", "0", "1", "1"]),
    ]
    assert "<strong>Firma A</strong> – <strong>Firma B</strong>" in page
    assert "Firma F</strong> – eine Firma aus Russland" in page
    workbook = load_workbook(io.BytesIO(web.get(URL.replace("report?", "report.xlsx?")).data))
    fairs = list(workbook["Fairs"].iter_rows(values_only=True))
    assert fairs[0][:9] == ("fair", "date", "firms", "new_firms", "returning_firms",
                            "meetings_wished", "meetings_held", "no_shows",
                            "meetings_rated")  # fmt: skip
    assert [r[:9] for r in fairs[1:]] == [
        ("Fair boerse-2025", "2025-03-18", 5, 5, 0, 3, 2, 1, 2),
        ("Fair boerse-2026", "2026-03-18", 5, 3, 2, 3, 3, 0, 2),
    ]
    funnel = {r[0]: r[1] for r in list(workbook["Funnel"].iter_rows(values_only=True))[1:]}
    assert funnel == {"no_contact": 4, "knowledge": 3, "valuable": 2, "negotiation": 2,
                      "agreement": 1}  # fmt: skip
    other = app.test_client()
    assert staff_login(other, "clerk@cottbus.example", PASSWORD) == 303
    assert other.get(URL).status_code == 404
    assert other.get(URL.replace("report?", "report.xlsx?")).status_code == 404
    only_2026 = web.get(URL.replace("start=2025-01-01", "start=2026-01-01")).get_data(as_text=True)
    article = only_2026.split("<article", 1)[1]
    assert "Fair boerse-2026" in article
    assert "Fair boerse-2025" not in article
