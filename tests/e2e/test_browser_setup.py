"""A first-time organiser sets up a fair in a real browser (issue 16, finding 5): from
"Neue Börse" with nothing but a name and a date, groups and an interpreter as rows of the
form ("more rows" without script), then the "what next" checklist follows: an organiser's
list without ids is imported, and a table is given to a firm chosen by its name. Runs as
the other browser journeys (tests/e2e/test_browser.py: chromium, gunicorn behind nginx)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, StaffRole
from matchmaker.services.staff import create_staff
from tests.e2e.test_browser import _staff_login, chromium, words
from tests.servers import Server

LIST = (
    "Firma;Land;E-Mail;Angebot;Suche\n"
    "Getreidemühle Hadmersleben;DE;info@muehle.example;Mehl und Schrot;Abnehmer in Russland\n"
    "АО «Агрохолдинг Иртыш»;RU;irtysh@example.ru;Getreidehandel in Sibirien;Mühlentechnik\n"
)


def test_a_fair_from_nothing_with_the_checklist(
    app: Flask, public_server: Server, tmp_path: Path
) -> None:
    with app.app_context():
        create_staff(db.session(), "plan@amt.example", "plan-password-1", role=StaffRole.ADMIN)
        db.session.commit()
    sheet = tmp_path / "liste.csv"
    sheet.write_text(LIST, encoding="utf-8")
    t = words("de")
    base = public_server.url
    with chromium() as browser:
        page = browser.new_page(locale="de-DE", ignore_https_errors=True)
        _staff_login(page, base)
        page.get_by_role("link", name=t("New event")).click()
        assert "/staff/e//" not in page.content()  # no menu of an event not yet there
        page.get_by_label(t("Name"), exact=True).fill("Kooperationsbörse Omsk – Börde")
        page.get_by_label(t("Date")).fill("2027-09-16")
        assert page.get_by_label(t("Time zone")).input_value() == "Europe/Berlin"
        page.get_by_label("Gruppen, Zeile 1: Name").fill("Börde")
        page.get_by_label("Gruppen, Zeile 1: Art").select_option(
            label=t("host region (the fair's own firms)")
        )
        page.get_by_role("button", name=t("More rows for groups")).click()  # no script
        assert page.get_by_label("Gruppen, Zeile 1: Name").input_value() == "Börde"
        page.get_by_label("Gruppen, Zeile 5: Name").fill("Delegation Omsk")
        page.get_by_label("Gruppen, Zeile 5: Art").select_option(label=t("visiting delegation"))
        page.get_by_label("Dolmetscher, Zeile 1: Name").fill("Irina Petrova")
        row = page.locator("tr", has=page.get_by_label("Dolmetscher, Zeile 1: Name"))
        row.get_by_label("Deutsch").check()
        row.get_by_label("Russisch").check()
        page.get_by_label("Tische, Zeile 1: Thema").fill("Lebensmittel")
        page.get_by_role("button", name=t("Save"), exact=True).click()
        assert "Börse Kooperationsbörse Omsk – Börde angelegt" in page.content()
        checklist = page.locator("ol.steps")
        assert "✓" in checklist.locator("li", has_text="Gruppen und Delegationen").inner_text()
        firms_step = checklist.locator("li", has_text="Unternehmen: Liste importieren")
        assert "als Nächstes" in firms_step.inner_text()
        firms_step.get_by_role("link").click()
        assert "Welche Spalten die Tabelle haben kann" in page.content()
        page.get_by_label(t("File")).set_input_files(str(sheet))
        page.get_by_role("button", name=t("Upload and preview")).click()
        page.get_by_role("button", name=t("Import all rows")).click()
        assert "Importiert: 2 Unternehmen neu, 0 aktualisiert." in page.content()
        page.get_by_role("link", name="Kooperationsbörse Omsk – Börde").click()
        assert "✓" in page.locator("ol.steps li", has_text="Unternehmen: Liste").inner_text()
        page.get_by_role("link", name="Tische und Themen").click()
        page.get_by_label("Tische, Zeile 2: Den ganzen Tag besetzt von").select_option(
            label="Getreidemühle Hadmersleben"
        )
        page.get_by_role("button", name=t("Save"), exact=True).click()
        assert t("Settings saved.") in page.content()
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        assert event.slug == "kooperationsboerse-omsk-boerde"
        assert sorted((g.name, g.kind.value) for g in event.groups) == [
            ("Börde", "host"), ("Delegation Omsk", "delegation"),
        ]  # fmt: skip
        assert [(i.name, i.languages) for i in event.interpreters] == [
            ("Irina Petrova", ["de", "ru"])
        ]
        host = next(t for t in event.tables if t.number == 2).host_participant_id
        assert {p.external_id for p in event.participants if p.id == host} == {
            "getreidemuehle-hadmersleben"
        }
        assert [b.label for b in event.breaks] == ["Mittagspause"]
        assert re.fullmatch(r"[a-z0-9-]+", event.slug)
