"""The follow-up on the web (issue 22): a firm rates its meetings held through its link, in
its language, and corrects them until the round closes; the round's mail names each meeting
with its own link; staff add rounds and record a firm's answers from a phone call. The real
app and a real database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, FollowUpAnswer, FollowUpRound, MailKind, Outcome, Participant
from matchmaker.notify import firm_mail
from matchmaker.services.follow_up import add_round, due_mails
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant, link_token
from tests.fair_day import LOGIN, publish_day

MEETINGS = {("A", "B"): (1, 1), ("A", "C"): (2, 1)}
NAMES = {"A": "Getreidemühle Hadmersleben", "B": "ООО «Омская мельница»", "C": "Elbe Pflege GmbH"}


@dataclass(frozen=True)
class Later:
    app: Flask
    staff: FlaskClient
    ids: dict[str, int]
    tokens: dict[str, str]


@pytest.fixture
def later(app: Flask) -> Later:
    """Fair "nachher" 100 days ago, its timetable published; round 1 (3 months) is open."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "nachher", date=date.today() - timedelta(days=100))
        firms = {
            k: create_participant(session, event, k, name=name, email=f"{k}@firma.example")
            for k, name in NAMES.items()
        }
        firms["B"].locale = "ru"
        publish_day(session, event, firms, MEETINGS)
        add_round(session, event, 3)
        session.commit()
        ids = {k: f.id for k, f in firms.items()}
        tokens = {k: link_token(f) for k, f in firms.items()}
    web = app.test_client()
    staff_login(web, LOGIN[0], LOGIN[1])
    return Later(app, web, ids, tokens)


def _ratings(later: Later) -> list[tuple[int, int, Outcome, str, bool, bool]]:
    with later.app.app_context():
        return sorted(
            (a.participant_id, a.partner_id, a.outcome, a.comment, a.named,
             a.recorded_by_id is not None)
            for a in db.session.scalars(select(FollowUpAnswer))
        )  # fmt: skip


def test_a_firm_rates_its_meetings_and_corrects_them(later: Later) -> None:
    web = later.app.test_client()
    url = f"/p/{later.tokens['A']}/follow-up"
    page = web.get(url).get_data(as_text=True)
    assert "Was ist aus Ihren Gesprächen geworden?" in page
    assert page.count('type="radio"') == 10  # five steps for each of two meetings
    assert "Eine Kooperationsvereinbarung ist geschlossen" in page
    b, c = later.ids["B"], later.ids["C"]
    values = {"csrf_token": csrf_token(page), f"outcome-{b}": "negotiation",
              f"comment-{b}": "Angebot liegt vor", f"named-{b}": "1"}  # fmt: skip
    answer = web.post(url, data=values, follow_redirects=True).get_data(as_text=True)
    assert "Ihre Antworten sind gespeichert" in answer
    a = later.ids["A"]
    assert _ratings(later) == [(a, b, Outcome.NEGOTIATION, "Angebot liegt vor", True, False)]
    values |= {f"outcome-{b}": "agreement", f"named-{b}": "", f"outcome-{c}": "knowledge"}
    web.post(url, data=values)
    assert _ratings(later) == [
        (a, b, Outcome.AGREEMENT, "Angebot liegt vor", False, False),
        (a, c, Outcome.KNOWLEDGE, "", False, False),
    ]
    page = web.get(url).get_data(as_text=True)
    assert re.search(rf'name="outcome-{b}" value="agreement" checked', page)


def test_the_mails_link_puts_its_meeting_first_and_russian_reads_russian(later: Later) -> None:
    web = later.app.test_client()
    c = later.ids["C"]
    page = web.get(f"/p/{later.tokens['A']}/follow-up?partner={c}").get_data(as_text=True)
    assert page.index(f'id="m-{c}"') < page.index(f'id="m-{later.ids["B"]}"')
    answer = web.get(f"/p/{later.tokens['B']}/follow-up", headers={"Accept-Language": "ru"})
    russian = answer.get_data(as_text=True)
    assert "Что дали ваши встречи?" in russian
    assert "Достигнуто соглашение о сотрудничестве" in russian


def test_a_closed_round_can_no_longer_be_changed_by_the_firm(later: Later) -> None:
    with later.app.app_context():
        chosen = db.session.scalars(select(FollowUpRound)).one()
        chosen.opens_on -= timedelta(days=60)
        chosen.closes_on = date.today() - timedelta(days=1)
        db.session.commit()
    web = later.app.test_client()
    url = f"/p/{later.tokens['A']}/follow-up"
    page = web.get(url).get_data(as_text=True)
    assert "Zurzeit ist keine Nachfrage-Runde offen." in page
    token = csrf_token(web.get(f"/p/{later.tokens['A']}/profile").get_data(as_text=True))
    values = {"csrf_token": token, f"outcome-{later.ids['B']}": "agreement"}
    answer = web.post(url, data=values, follow_redirects=True).get_data(as_text=True)
    assert "Die Nachfrage ist abgeschlossen" in answer
    assert _ratings(later) == []


@pytest.mark.parametrize(
    ("locale", "subject", "closing"),
    [
        ("de", "Was ist aus Ihren Gesprächen bei", "Sie können bis"),
        ("en", "What came of your meetings at", "You can answer and change your answers until"),
        ("ru", "Что дали ваши встречи на", "Отвечать и менять ответы можно до"),
    ],
)
def test_the_round_mail_links_each_meeting(
    later: Later, locale: str, subject: str, closing: str
) -> None:
    with later.app.app_context():
        firm = db.session.get_one(Participant, later.ids["A"])
        link = "https://messe.example/p/t/follow-up"
        mail = firm_mail(MailKind.FOLLOW_UP, firm, link, {"round": 1, "reminder": 0}, locale)
        reminder = firm_mail(MailKind.FOLLOW_UP, firm, link, {"round": 1, "reminder": 1}, locale)
    assert mail.subject.startswith(subject)
    assert closing in mail.body
    for key in "BC":
        assert f"{NAMES[key]}: {link}?partner={later.ids[key]}" in mail.body
    assert reminder.subject != mail.subject


def test_staff_add_a_round_and_record_a_phone_call(later: Later) -> None:
    url = "/staff/e/nachher/follow-up"
    page = later.staff.get(url).get_data(as_text=True)
    assert "3 Monate nach der Börse" in page
    refused = later.staff.post(url, data={"csrf_token": csrf_token(page), "months": "3",
                                          "open_days": "28"})  # fmt: skip
    assert refused.status_code == 422
    assert "Es gibt schon eine Runde 3 Monate nach der Börse." in refused.get_data(as_text=True)
    added = later.staff.post(url, data={"csrf_token": csrf_token(page), "months": "6",
                                        "open_days": "21"})  # fmt: skip
    assert added.status_code == 303
    with later.app.app_context():
        event = db.session.scalars(select(Event)).one()
        assert [(r.number, r.months) for r in event.follow_up_rounds] == [(1, 3), (2, 6)]
    record = f"/staff/e/nachher/follow-up/1/firm/{later.ids['C']}"
    form = later.staff.get(record).get_data(as_text=True)
    a = later.ids["A"]
    values = {"csrf_token": csrf_token(form), f"outcome-{a}": "valuable",
              f"comment-{a}": "Telefonat"}  # fmt: skip
    saved = later.staff.post(record, data=values)
    assert saved.status_code == 303
    assert _ratings(later) == [(later.ids["C"], a, Outcome.VALUABLE, "Telefonat", False, True)]
    table = later.staff.get("/staff/e/nachher/follow-up/1").get_data(as_text=True)
    assert "Ein wertvoller Kontakt für künftige Projekte" in table
    assert "von Veranstaltern erfasst" in table


def test_a_round_one_month_after_the_fair_is_named_in_the_singular(later: Later) -> None:
    """German and English say "1 Monat", "1 month" (not "1 Monate"): the rounds and the mail."""
    url = "/staff/e/nachher/follow-up"
    page = later.staff.get(url).get_data(as_text=True)
    added = later.staff.post(url, data={"csrf_token": csrf_token(page), "months": "1",
                                        "open_days": "21"})  # fmt: skip
    assert added.status_code == 303
    rounds = later.staff.get(url).get_data(as_text=True)
    assert "1 Monat nach der Börse" in rounds
    assert "3 Monate nach der Börse" in rounds
    with later.app.app_context():
        firm = db.session.get_one(Participant, later.ids["A"])
        link = "https://messe.example/p/t/follow-up"
        de = firm_mail(MailKind.FOLLOW_UP, firm, link, {"round": 2, "reminder": 0}, "de")
        en = firm_mail(MailKind.FOLLOW_UP, firm, link, {"round": 2, "reminder": 0}, "en")
        three = firm_mail(MailKind.FOLLOW_UP, firm, link, {"round": 1, "reminder": 0}, "de")
    assert "vor 1 Monat hat" in de.body
    assert "1 month ago" in en.body
    assert "vor 3 Monaten hat" in three.body


def test_the_outbox_names_the_rounds_mails(later: Later) -> None:
    """The worker's beat queues the round's mails; the console's outbox lists them by kind."""
    with later.app.app_context():
        chosen = db.session.scalars(select(FollowUpRound)).one()
        queued = due_mails(db.session(), datetime.combine(chosen.opens_on, time(9)),
                           lambda firm: "de")  # fmt: skip
        db.session.commit()
    assert len(queued) == 3
    page = later.staff.get("/staff/e/nachher/outbox")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("Nachfrage: was aus den Gesprächen geworden ist") >= 3
